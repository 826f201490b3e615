/// Guesses the language of a text from its most common function words, which every sentence of a
/// language is full of and which few languages share. Good enough to drop an answer that came back in
/// the wrong language; it answers nil for texts too short to tell.
enum LanguageGuess {
    static let functionWords: [String: Set<String>] = [
        "en": [
            "the", "and", "is", "are", "of", "to", "in", "that", "it", "for", "with", "this", "you", "on", "as", "be", "was",
            "by", "not", "or",
        ],
        "de": [
            "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "zu", "den", "mit", "von", "sich", "auch", "auf", "dass",
            "es", "sind", "wir", "über",
        ],
        "fr": [
            "le", "la", "les", "et", "est", "des", "une", "un", "du", "que", "pour", "dans", "pas", "qui", "sur", "au", "avec",
            "ce", "sont", "nous",
        ],
        "es": [
            "el", "la", "los", "las", "y", "es", "de", "que", "en", "un", "una", "por", "para", "con", "no", "del", "se", "lo",
            "como", "su",
        ],
        "it": [
            "il", "la", "di", "che", "e", "è", "un", "una", "per", "non", "sono", "con", "del", "della", "gli", "le", "si", "da",
            "questo", "come",
        ],
        "pt": [
            "o", "a", "os", "as", "e", "é", "de", "que", "em", "um", "uma", "para", "com", "não", "do", "da", "se", "por", "mais",
            "são",
        ],
        "nl": [
            "de", "het", "een", "en", "is", "van", "dat", "niet", "met", "op", "voor", "zijn", "te", "ook", "aan", "er", "maar",
            "wij", "dit", "naar",
        ],
    ]

    /// Languages `language(of:)` can tell apart.
    static var known: [String] { functionWords.keys.sorted() }

    static func language(of text: String) -> String? {
        let words = text.lowercased().split { !$0.isLetter }.map(String.init)
        guard words.count >= 6 else { return nil }
        var best: (language: String, hits: Int)?
        for language in known {
            let list = functionWords[language]!
            let hits = words.reduce(0) { $0 + (list.contains($1) ? 1 : 0) }
            if hits > (best?.hits ?? 0) { best = (language, hits) }
        }
        // Too few function words (a list of names, code) says nothing.
        guard let best, best.hits >= 2, Double(best.hits) / Double(words.count) >= 0.08 else { return nil }
        return best.language
    }
}
