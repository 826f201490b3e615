import Foundation

/// Picks the author's own passages that a dataset can offer as answers: prose paragraphs, runs of
/// consecutive short prose paragraphs, runs of whole sentences from a long paragraph, or runs of list
/// items written as sentences (kept with their markers), that are long enough, start with a capital
/// letter and end a sentence. Headings, tables, code and lists of mere words never qualify, and they end
/// a run.
struct PassageSelector {
    let lengths: ClosedRange<Int>

    /// Up to `count` passages of `text`, spread evenly over it.
    func passages(_ text: String, count: Int) -> [String] {
        let candidates = candidates(text)
        guard candidates.count > count else { return candidates }
        return (0..<count).map { candidates[$0 * candidates.count / count] }
    }

    /// Every passage of `text`, in order.
    func candidates(_ text: String) -> [String] {
        var found: [String] = []
        var paragraphs = Run(lengths: lengths, separator: "\n\n")
        for block in text.components(separatedBy: "\n\n") {
            let lines = block.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            guard let first = lines.first else { continue }
            if Self.listMarker(first) != nil {
                paragraphs.breakOff()
                found += listRuns(lines)
                continue
            }
            let paragraph = lines.joined(separator: " ")
            if "#|>`[\\=".contains(first.first!) {
                paragraphs.breakOff()
            } else if paragraph.count > lengths.upperBound || !Self.isProse(paragraph) {
                // Too long, or cut off mid-sentence by the chunker: its whole sentences may still serve.
                paragraphs.breakOff()
                found += sentenceRuns(paragraph)
            } else if let passage = paragraphs.add(paragraph) {
                found.append(passage)
            }
        }
        return found
    }

    /// Consecutive pieces of text joined until they are long enough to be a passage.
    private struct Run {
        let lengths: ClosedRange<Int>
        let separator: String
        var pieces: [String] = []

        /// Adds a piece; returns the run as a passage once it is long enough. A piece that would make the
        /// run too long starts a new one; one too long by itself ends it.
        mutating func add(_ piece: String) -> String? {
            guard piece.count <= lengths.upperBound else {
                pieces = []
                return nil
            }
            if (pieces + [piece]).joined(separator: separator).count > lengths.upperBound { pieces = [] }
            pieces.append(piece)
            let passage = pieces.joined(separator: separator)
            guard passage.count >= lengths.lowerBound else { return nil }
            pieces = []
            return passage
        }

        mutating func breakOff() { pieces = [] }
    }

    /// Runs of consecutive list items written as sentences, each item on one line with its marker.
    private func listRuns(_ lines: [String]) -> [String] {
        var items: [String] = []
        for line in lines {
            if Self.listMarker(line) != nil || items.isEmpty { items.append(line) } else { items[items.count - 1] += " " + line }
        }
        var found: [String] = []
        var run = Run(lengths: lengths, separator: "\n")
        for item in items {
            guard Self.isProse(String(item[(Self.listMarker(item) ?? item.startIndex)...])) else {
                run.breakOff()
                continue
            }
            if let passage = run.add(item) { found.append(passage) }
        }
        return found
    }

    /// Where the text of a list item starts, after its marker (`-`, `*`, `+`, `•`, `1.`, `1)`, or the
    /// escaped `\-` and `1\.` of some exports); nil for a line that is no list item.
    static func listMarker(_ line: String) -> String.Index? {
        line.firstMatch(of: /^(?:[-*+•]|\\-|\d{1,3}[.)]|\d{1,3}\\\.)\s+/)?.range.upperBound
    }

    /// Runs of whole sentences of a paragraph that cannot be one passage.
    private func sentenceRuns(_ paragraph: String) -> [String] {
        var found: [String] = []
        var run = ""
        for sentence in Self.sentences(paragraph) {
            // The tail of a sentence the chunker cut never starts a passage.
            if run.isEmpty, !Self.startsSentence(sentence) { continue }
            run = run.isEmpty ? sentence : run + " " + sentence
            if run.count >= lengths.lowerBound {
                if qualifies(run) { found.append(run) }
                run = ""
            }
        }
        return found
    }

    func qualifies(_ passage: String) -> Bool {
        lengths.contains(passage.count) && Self.isProse(passage)
    }

    /// Starts with a capital letter (after any opening quote) and ends a sentence (before any closing one).
    static func isProse(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: quotes)
        guard startsSentence(trimmed), let last = trimmed.last else { return false }
        return ".!?".contains(last)
    }

    private static let quotes = CharacterSet(charactersIn: "\"'“”‘’()")

    private static func startsSentence(_ text: String) -> Bool {
        text.trimmingCharacters(in: quotes).first?.isUppercase ?? false
    }

    /// Sentences: text up to `.`, `!` or `?` followed by a capital letter, after a space or, where a page
    /// lost its spaces between sentences (`pipeline.What`), straight after a lower-case letter.
    static func sentences(_ text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            current.append(character)
            guard ".!?".contains(character), index + 1 < characters.count else { continue }
            let spaced = characters[index + 1] == " " && index + 2 < characters.count && characters[index + 2].isUppercase
            let glued = index > 0 && characters[index - 1].isLowercase && characters[index + 1].isUppercase
            if spaced || glued {
                sentences.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespaces)
        if !rest.isEmpty { sentences.append(rest) }
        return sentences
    }
}
