import Compute
import Foundation
import Testing

/// The whole pipeline on a small vocabulary: added tokens, normalization, words, WordPiece, framing and
/// truncation.
@Suite("BertTokenizer")
struct BertTokenizerTests {
    static let vocabulary = [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "cat", "sat", "un", "##aff", "##able", ".", "東", "cafe", "!",
    ]

    func tokenizer(maxLength: Int = 512) -> BertTokenizer {
        let vocabulary = WordPieceVocabulary(Self.vocabulary.enumerated().map { ($0.element, $0.offset) })
        return BertTokenizer(
            normalizer: BertNormalizer(), wordPiece: WordPiece(vocabulary: vocabulary, unknownID: 1),
            addedTokens: [
                AddedToken(content: "[MASK]", id: 4), AddedToken(content: "[CLS]", id: 2), AddedToken(content: "[SEP]", id: 3),
            ],
            prefixIDs: [2], suffixIDs: [3], maxLength: maxLength)
    }

    @Test("ids are framed by [CLS] and [SEP]; an empty text is just the frame")
    func framing() {
        #expect(tokenizer().encode("The cat sat.").ids == [2, 5, 6, 7, 11, 3])
        #expect(tokenizer().encode("").ids == [2, 3])
        #expect(tokenizer().encode(" \t\n").ids == [2, 3])
        #expect(tokenizer().encode("The cat").attentionMask == [1, 1, 1, 1])
    }

    @Test("words are cut into pieces; unknown words and characters become [UNK]")
    func pieces() {
        #expect(tokenizer().tokens("unaffable CAFÉ 東京!") == ["un", "##aff", "##able", "cafe", "東", "[UNK]", "!"])
        #expect(tokenizer().tokens("dog") == ["[UNK]"])
    }

    @Test("added tokens written in the text are kept whole and are not normalized")
    func addedTokens() {
        #expect(tokenizer().tokens("the [MASK] sat") == ["the", "[MASK]", "sat"])
        #expect(tokenizer().tokens("cat[SEP]sat") == ["cat", "[SEP]", "sat"])
        #expect(tokenizer().tokens("[mask]") == ["[UNK]", "[UNK]", "[UNK]"])  // "[", "mask", "]": not the token
    }

    @Test("truncation keeps the first maxLength - 2 pieces and still ends with [SEP]")
    func truncation() {
        let ids = tokenizer(maxLength: 5).encode("the cat sat the cat sat").ids
        #expect(ids == [2, 5, 6, 7, 3])
        #expect(tokenizer(maxLength: 2).encode("the cat").ids == [2, 3])
        // A word cut into pieces can be cut in the middle, as the reference does.
        #expect(tokenizer(maxLength: 4).encode("unaffable").ids == [2, 8, 9, 3])
    }

    @Test("text is read as Unicode scalars, so a combining accent is not merged into its letter")
    func scalars() {
        #expect(tokenizer().tokens("cafe\u{301}") == ["cafe"])
        #expect(tokenizer().tokens("ca\u{301}fe") == ["cafe"])
    }
}
