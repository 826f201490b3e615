import Compute
import Testing

/// Words are split at whitespace, which is dropped, and around each punctuation character.
@Suite("BertPreTokenizer")
struct BertPreTokenizerTests {
    func words(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return BertPreTokenizer.words(scalars).map { String(String.UnicodeScalarView(scalars[$0])) }
    }

    @Test("whitespace separates words and disappears; runs of it make no empty words")
    func whitespace() {
        #expect(words("  hello   world  ") == ["hello", "world"])
        #expect(words("") == [])
        #expect(words(" \u{3000} ") == [])
    }

    @Test("every ASCII symbol and Unicode punctuation character is a word of its own")
    func punctuation() {
        #expect(words("don't stop!!") == ["don", "'", "t", "stop", "!", "!"])
        #expect(words("$5+3^2=`x`") == ["$", "5", "+", "3", "^", "2", "=", "`", "x", "`"])
        #expect(words("“quoted”—dash…") == ["“", "quoted", "”", "—", "dash", "…"])
        #expect(words("¿qué?") == ["¿", "qué", "?"])
    }

    @Test("symbols outside ASCII are not punctuation: they stay inside words")
    func symbols() {
        #expect(words("a€b ☃x 5°") == ["a€b", "☃x", "5°"])
        #expect(words("a\u{166D}b") == ["a", "\u{166D}", "b"])  // punctuation in Unicode 8.0, a symbol now
    }
}
