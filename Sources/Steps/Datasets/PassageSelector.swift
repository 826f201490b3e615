import Foundation

/// Picks the author's own passages that a preference dataset can offer as the `chosen` answer: prose
/// paragraphs (or runs of whole sentences from a long one) that are long enough, start with a capital
/// letter and end a sentence. Headings, lists, tables and code never qualify.
struct PassageSelector {
    let lengths: ClosedRange<Int>

    /// Up to `count` passages of `text`, spread evenly over it.
    func passages(_ text: String, count: Int) -> [String] {
        let candidates = text.components(separatedBy: "\n\n").flatMap(candidates(in:))
        guard candidates.count > count else { return candidates }
        return (0..<count).map { candidates[$0 * candidates.count / count] }
    }

    private func candidates(in paragraph: String) -> [String] {
        let text = paragraph.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        guard let first = text.first, !"#-*|>`0123456789[".contains(first) else { return [] }
        if qualifies(text) { return [text] }
        guard text.count > lengths.upperBound else { return [] }
        var found: [String] = []
        var run = ""
        for sentence in Self.sentences(text) {
            run = run.isEmpty ? sentence : run + " " + sentence
            if run.count >= lengths.lowerBound {
                if qualifies(run) { found.append(run) }
                run = ""
            }
        }
        return found
    }

    func qualifies(_ passage: String) -> Bool {
        guard lengths.contains(passage.count), let first = passage.first, first.isUppercase else { return false }
        let trimmed = passage.trimmingCharacters(in: CharacterSet(charactersIn: "\"'”’)"))
        guard let last = trimmed.last else { return false }
        return ".!?".contains(last)
    }

    /// Sentences: text up to `.`, `!` or `?` followed by a space and a capital letter.
    static func sentences(_ text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            current.append(character)
            if ".!?".contains(character), index + 2 < characters.count, characters[index + 1] == " ",
                characters[index + 2].isUppercase
            {
                sentences.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespaces)
        if !rest.isEmpty { sentences.append(rest) }
        return sentences
    }
}
