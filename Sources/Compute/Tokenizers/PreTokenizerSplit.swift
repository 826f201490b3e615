import Foundation

/// A `Split` pre-tokenizer: a regular expression cuts a piece of text, and `behavior` says what becomes
/// of the matches (Llama 3, Qwen2 and SmolLM isolate them: every match is a word of its own).
struct PreTokenizerSplit: Sendable {
    enum Behavior: String, Sendable {
        case removed = "Removed"
        case isolated = "Isolated"
        case mergedWithPrevious = "MergedWithPrevious"
        case mergedWithNext = "MergedWithNext"
        case contiguous = "Contiguous"
    }

    let pattern: CompiledPattern
    let behavior: Behavior
    /// The pattern marks what lies between the delimiters instead of the delimiters.
    let invert: Bool

    /// The pieces of `text`, in order; empty ones are left out.
    func split(_ text: String) -> [String] {
        if text.isEmpty { return [] }
        let string = NSString(string: text)
        var parts: [(range: NSRange, isDelimiter: Bool)] = []
        var position = 0
        for match in pattern.regex.matches(in: text, range: NSRange(location: 0, length: string.length))
        where match.range.length > 0 {
            if match.range.location > position {
                parts.append((NSRange(location: position, length: match.range.location - position), invert))
            }
            parts.append((match.range, !invert))
            position = match.range.location + match.range.length
        }
        if position < string.length { parts.append((NSRange(location: position, length: string.length - position), invert)) }

        var pieces: [String] = []
        var pendingPrefix = ""
        var previousWasDelimiter = false
        for part in parts {
            let piece = string.substring(with: part.range)
            switch (behavior, part.isDelimiter) {
            case (.removed, true):
                break
            case (.isolated, _), (.removed, false):
                pieces.append(piece)
            case (.mergedWithPrevious, true):
                if pieces.isEmpty || previousWasDelimiter { pieces.append(piece) } else { pieces[pieces.count - 1] += piece }
            case (.mergedWithPrevious, false):
                pieces.append(piece)
            case (.mergedWithNext, true):
                // Only the last of adjacent delimiters joins the text after it, as in the reference.
                if !pendingPrefix.isEmpty { pieces.append(pendingPrefix) }
                pendingPrefix = piece
            case (.mergedWithNext, false):
                pieces.append(pendingPrefix + piece)
                pendingPrefix = ""
            case (.contiguous, true):
                if previousWasDelimiter, !pieces.isEmpty { pieces[pieces.count - 1] += piece } else { pieces.append(piece) }
            case (.contiguous, false):
                pieces.append(piece)
            }
            previousWasDelimiter = part.isDelimiter
        }
        if !pendingPrefix.isEmpty { pieces.append(pendingPrefix) }
        return pieces
    }
}
