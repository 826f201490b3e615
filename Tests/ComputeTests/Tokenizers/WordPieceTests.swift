import Compute
import Testing

/// Greedy longest-match-first WordPiece over a small vocabulary.
@Suite("WordPiece")
struct WordPieceTests {
    static let vocabulary = WordPieceVocabulary(
        ["[UNK]", "un", "unaff", "##aff", "##able", "##a", "##ble", "a", "é", "##é", "x"].enumerated().map {
            ($0.element, $0.offset)
        })
    let model = WordPiece(vocabulary: vocabulary, unknownID: 0)

    func pieces(_ word: String) -> [String] {
        var ids: [Int] = []
        model.tokenize(ArraySlice(Array(word.unicodeScalars)), into: &ids)
        return ids.map { Self.vocabulary.tokens[$0]! }
    }

    @Test("the longest token at the start, then the longest ## continuation at each position")
    func greedy() {
        #expect(pieces("unaffable") == ["unaff", "##able"])
        #expect(pieces("unable") == ["un", "##able"])
        #expect(pieces("aaa") == ["a", "##a", "##a"])
    }

    @Test("a word with any position that no token matches is one [UNK], not a partial cut")
    func unmatched() {
        #expect(pieces("unz") == ["[UNK]"])
        #expect(pieces("z") == ["[UNK]"])
        #expect(pieces("ablex") == ["[UNK]"])  // "a" and "##ble" match, then nothing for "x"
    }

    @Test("words over 100 scalars are [UNK]; exactly 100 are cut normally")
    func longWords() {
        #expect(pieces(String(repeating: "a", count: 100)).count == 100)
        #expect(pieces(String(repeating: "a", count: 101)) == ["[UNK]"])
    }

    @Test("tokens match scalar for scalar: a decomposed é is not the precomposed one")
    func scalarExact() {
        #expect(pieces("aé") == ["a", "##é"])
        #expect(pieces("ae\u{301}") == ["[UNK]"])
        #expect(Self.vocabulary.id("é") == 8)
        #expect(Self.vocabulary.id("e\u{301}") == nil)
    }
}
