/// Accumulates the inline content of one block, collapsing whitespace as a browser lays it out: any run of
/// spaces, tabs and newlines becomes one space, and none survives at the start or end of a line.
struct InlineText {
    private var text = ""
    private var pendingSpace = false

    mutating func append(_ run: String) {
        for character in run {
            if character.isWhitespace {
                pendingSpace = true
            } else {
                emitPendingSpace()
                text.append(character)
            }
        }
    }

    /// Appends text that must stay as it is (an inline code span), spaced from its neighbours as the source
    /// spaced it.
    mutating func appendAtom(_ atom: String, spaceBefore: Bool, spaceAfter: Bool) {
        if spaceBefore { pendingSpace = true }
        emitPendingSpace()
        text += atom
        pendingSpace = spaceAfter
    }

    /// A hard line break (`<br>`).
    mutating func lineBreak() {
        text.append("\n")
        pendingSpace = false
    }

    /// Requests a separating space without emitting it yet (a block boundary flattened into a line).
    mutating func space() {
        pendingSpace = true
    }

    /// The text as lines: each trimmed, at most one empty line in a row, none at the ends; nil when empty.
    func lines() -> [String]? {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingEdges()
            if trimmed.isEmpty && (lines.last?.isEmpty ?? true) { continue }
            lines.append(trimmed)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.isEmpty ? nil : lines
    }

    private mutating func emitPendingSpace() {
        if pendingSpace && !text.isEmpty && text.last != "\n" { text.append(" ") }
        pendingSpace = false
    }
}

extension Substring {
    /// The substring without whitespace at either end.
    func trimmingEdges() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
            let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
