import Compute
import Testing

/// BERT's normalization, one step at a time, as the reference does it for an uncased model.
@Suite("BertNormalizer")
struct BertNormalizerTests {
    let uncased = BertNormalizer()

    func normalized(_ text: String, _ normalizer: BertNormalizer = BertNormalizer()) -> String {
        String(String.UnicodeScalarView(normalizer.normalize(text.unicodeScalars)))
    }

    @Test("control and format characters are removed; tab, newline, return and Unicode spaces become spaces")
    func cleaning() {
        #expect(normalized("a\u{0}b\u{7}c\u{FFFD}d\u{200B}e\u{AD}f\u{FEFF}g") == "abcdefg")
        #expect(normalized("a\tb\nc\rd\u{A0}e\u{3000}f\u{2028}g") == "a b c d e f g")
        // Vertical tab, form feed and NEL are control characters first, so they vanish instead of separating.
        #expect(normalized("a\u{B}b\u{C}c\u{85}d") == "abcd")
        // Private use goes too; unassigned code points stay (the reference does not remove them).
        #expect(normalized("x\u{E000}y\u{378}z") == "xy\u{378}z")
    }

    @Test("each CJK ideograph gets a space on both sides; kana and Hangul do not")
    func chinese() {
        #expect(normalized("東京abc") == " 東  京 abc")
        #expect(normalized("\u{20000}\u{2B920}") == " \u{20000}  \u{2B920} ")
        #expect(normalized("\u{2B820}") == "\u{2B820}")  // the reference's Extension E range starts at 2B920
        #expect(normalized("かな", BertNormalizer(stripAccents: false)) == "かな")
    }

    @Test("lower-casing strips accents through NFD first, unless strip_accents says false")
    func accents() {
        #expect(normalized("Café NAÏVE e\u{301}") == "cafe naive e")
        #expect(normalized("Café", BertNormalizer(stripAccents: false)) == "café")
        #expect(normalized("Café", BertNormalizer(stripAccents: true, lowercase: false)) == "Cafe")
        #expect(normalized("Café", BertNormalizer(lowercase: false)) == "Café")
        // NFD splits Hangul syllables into jamo and kana with dakuten into kana and a mark, which is dropped.
        #expect(normalized("が") == "か")
        #expect(normalized("한").unicodeScalars.map(\.value) == [0x1112, 0x1161, 0x11AB])
    }

    @Test("lower-casing is per scalar, with full mappings and no context")
    func lowercase() {
        #expect(normalized("ΟΔΥΣΣΕΥΣ", BertNormalizer(stripAccents: false)) == "οδυσσευσ")  // no final sigma
        #expect(normalized("İ", BertNormalizer(stripAccents: false)).unicodeScalars.map(\.value) == [0x69, 0x307])
        #expect(normalized("İ") == "i")  // accents go before lower-casing, so the dot goes with them
        #expect(normalized("STRASSE ẞ", BertNormalizer(stripAccents: false)) == "strasse ß")
    }

    @Test("scalars whose category changed since the reference's Unicode 8.0 tables keep their old treatment")
    func legacyCategories() {
        #expect(normalized("a\u{1734}b") == "ab")  // Mn then, Mc now: stripped like an accent
        #expect(normalized("a\u{1885}b") == "a\u{1885}b")  // a letter then, Mn now: kept
        #expect(normalized("a\u{8D4}b") == "a\u{8D4}b")  // assigned in 9.0: unknown to the category tables
        #expect(normalized("\u{11938}") == "\u{11938}")  // decomposes since 13.0, not in the reference
    }
}
