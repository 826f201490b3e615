/// Cuts text into the units that chunks are packed from, as ranges of the original string with the
/// whitespace around them left out: sentences for prose, lines for code.
enum TextUnits {
    /// Sentences of prose. A sentence ends at `.`, `!` or `?` (after any closing quotes or brackets)
    /// followed by whitespace, at `。`, `！` or `？`, and at a paragraph break (a blank line). List items and
    /// headings start a new unit; a heading is a unit of its own. Lines inside ``` fences are units
    /// each, indentation kept, so code is never merged by its punctuation.
    static func sentences(in text: Substring) -> [Range<String.Index>] {
        var units: [Range<String.Index>] = []
        var paragraph: Range<String.Index>? = nil
        var inFence = false
        func flush() {
            if let range = paragraph { split(text[range], into: &units) }
            paragraph = nil
        }
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let content = trimmed(line)
            let isFence = content.hasPrefix("```")
            if inFence || isFence {
                flush()
                if !content.isEmpty { units.append(line.startIndex..<content.endIndex) }
                if isFence { inFence.toggle() }
            } else if content.isEmpty {
                flush()
            } else if content.hasPrefix("#") {
                flush()
                split(content, into: &units)
            } else if isListItem(content) || paragraph == nil {
                flush()
                paragraph = content.startIndex..<content.endIndex
            } else {
                paragraph = paragraph!.lowerBound..<content.endIndex
            }
        }
        flush()
        return units
    }

    /// Non-blank lines with their indentation, trailing whitespace left out.
    static func lines(in text: Substring) -> [Range<String.Index>] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let end = line.lastIndex { !$0.isWhitespace }.map(line.index(after:))
            return end.map { line.startIndex..<$0 }
        }
    }

    /// Sentences of one paragraph.
    static func split(_ paragraph: Substring, into units: inout [Range<String.Index>]) {
        var start = paragraph.startIndex
        var index = start
        func append(_ end: String.Index) {
            let sentence = trimmed(paragraph[start..<end])
            if !sentence.isEmpty { units.append(sentence.startIndex..<sentence.endIndex) }
            start = end
        }
        while index < paragraph.endIndex {
            let character = paragraph[index]
            index = paragraph.index(after: index)
            let fullWidth = fullWidthEnds.contains(character)
            guard fullWidth || halfWidthEnds.contains(character) else { continue }
            // The number of a list item ("1. ") or a heading ("2. Methods") ends nothing.
            if character == ".", trimmed(paragraph[start..<paragraph.index(before: index)]).allSatisfy(\.isNumber) {
                continue
            }
            while index < paragraph.endIndex, closers.contains(paragraph[index]) {
                index = paragraph.index(after: index)
            }
            if fullWidth || index == paragraph.endIndex || paragraph[index].isWhitespace { append(index) }
        }
        append(paragraph.endIndex)
    }

    static func trimmed(_ text: Substring) -> Substring {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }) else { return text[text.endIndex...] }
        let last = text.lastIndex { !$0.isWhitespace }!
        return text[first...last]
    }

    /// `- `, `* `, `+ `, `• ` or a number followed by `.` or `)` and a space.
    static func isListItem(_ line: Substring) -> Bool {
        if let first = line.first, "-*+•".contains(first) {
            return line.dropFirst().first == " "
        }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 3 else { return false }
        let rest = line[digits.endIndex...]
        return (rest.first == "." || rest.first == ")") && rest.dropFirst().first == " "
    }

    static let halfWidthEnds: Set<Character> = [".", "!", "?"]
    static let fullWidthEnds: Set<Character> = ["。", "！", "？"]
    static let closers: Set<Character> = ["\"", "'", ")", "]", "”", "’", "»", "」", "』", "）"]
}
