import Foundation

/// The instruction a generator wrote for a passage, read out of its answer: the first line that says
/// something, without the labels, list markers, quotes and Markdown emphasis small models wrap it in.
struct WrittenInstruction: Equatable {
    let text: String

    init(_ answer: String) {
        text =
            answer.split(whereSeparator: \.isNewline).lazy.map { Self.unwrapped(String($0)) }.first { !$0.isEmpty } ?? ""
    }

    /// Labels a model puts before the instruction itself.
    static let labels = ["question", "instruction", "request", "q"]

    /// Words that make sense only to someone who sees the passage.
    static let references = [
        "the passage", "this passage", "the above", "the extract", "this extract", "the given text", "this text",
        "the text above",
    ]

    private static func unwrapped(_ line: String) -> String {
        var text = line.trimmingCharacters(in: .whitespaces)
        while true {
            let before = text
            text = text.trimmingCharacters(in: CharacterSet(charactersIn: "#>*-•_ \t"))
            if let marker = text.firstMatch(of: /^\d{1,2}[.)]\s+/) { text = String(text[marker.range.upperBound...]) }
            for label in labels {
                if let colon = text.firstIndex(of: ":"), text[..<colon].lowercased() == label {
                    text = String(text[text.index(after: colon)...])
                }
            }
            text = text.trimmingCharacters(in: .whitespaces)
            if text.count >= 2, let first = text.first, let last = text.last,
                ("\"“'‘".contains(first) && "\"”'’".contains(last))
            {
                text = String(text.dropFirst().dropLast())
            }
            if text == before { return text }
        }
    }

    /// Why the instruction cannot stand in front of `passage`; nil when it can.
    func problem(answering passage: String) -> String? {
        let words = Self.words(text)
        guard !words.isEmpty else { return "the generator wrote no instruction" }
        let joined = " " + words.joined(separator: " ") + " "
        let passageWords = Self.words(passage)
        let passageJoined = " " + passageWords.joined(separator: " ") + " "
        // "The passage" of a text that itself speaks of passages may be its subject, not the text.
        if let reference = Self.references.first(where: { joined.contains(" \($0) ") && !passageJoined.contains(" \($0) ") }) {
            return "the instruction speaks of '\(reference)', which makes no sense without the passage"
        }
        // A copy of the passage's opening (or all of a short instruction found in it) asks for nothing.
        let opening = min(8, passageWords.count)
        if words.count >= opening, Array(words.prefix(opening)) == Array(passageWords.prefix(opening)) {
            return "the instruction copies the passage instead of asking for it"
        }
        if words.count >= 6, passageJoined.contains(joined) {
            return "the instruction copies the passage instead of asking for it"
        }
        if !Self.sharesTopic(words, passageWords) {
            return "the instruction shares no word with the passage, so it asks about something else"
        }
        return nil
    }

    /// Words too common to say what a question is about.
    static let commonWords: Set<String> = [
        "about", "also", "been", "best", "better", "could", "does", "done", "each", "explain", "from", "give", "good",
        "have", "here", "into", "just", "know", "like", "make", "many", "more", "most", "much", "need", "only", "other",
        "some", "such", "than", "that", "their", "them", "then", "there", "these", "they", "this", "those", "use", "used",
        "using", "very", "want", "ways", "were", "what", "when", "where", "which", "while", "will", "with", "would", "your",
    ]

    /// Whether the instruction names something the passage speaks of: one word of four letters or more
    /// that is not a common one, shared up to its first five letters (so "teach" meets "teaching").
    static func sharesTopic(_ instruction: [String], _ passage: [String]) -> Bool {
        func stems(_ words: [String]) -> Set<Substring> {
            Set(words.filter { $0.count >= 4 && !commonWords.contains($0) }.map { $0.prefix(5) })
        }
        return !stems(instruction).isDisjoint(with: stems(passage))
    }

    private static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }
}
