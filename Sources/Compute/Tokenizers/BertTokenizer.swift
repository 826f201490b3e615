/// BERT's WordPiece tokenizer, producing the same ids as Hugging Face's `BertTokenizerFast` (the
/// `tokenizers` library with a `tokenizer.json` like all-MiniLM-L6-v2's):
///
/// 1. added tokens (`[CLS]`, `[SEP]`, `[MASK]`...) are matched in the raw text and kept whole;
/// 2. the rest is normalized (`BertNormalizer`: control characters removed, whitespace made spaces, CJK
///    ideographs spaced out, accents stripped and lower-cased as configured);
/// 3. split into words at whitespace and around punctuation (`BertPreTokenizer`);
/// 4. each word is cut by greedy longest-match WordPiece, `[UNK]` for words it cannot cut or over 100 scalars;
/// 5. the ids are truncated to `maxLength` including `[CLS]` and `[SEP]`, which frame them.
public struct BertTokenizer: Sendable {
    public let normalizer: BertNormalizer
    public let wordPiece: WordPiece
    public let addedTokens: [AddedToken]
    /// Ids put before the text (`[CLS]`) and after it (`[SEP]`), from the post-processor.
    public let prefixIDs: [Int]
    public let suffixIDs: [Int]
    /// The most ids `encode` returns, special tokens included.
    public var maxLength: Int
    /// Lower-case the whole input first, as sentence-transformers does when `sentence_bert_config.json`
    /// says `do_lower_case: true` (independent of the normalizer's own lower-casing). Swift's `lowercased()`
    /// stands in for Python's `str.lower()`; they differ only in context-dependent mappings (a word-final
    /// capital sigma), which matter only for cased models.
    public var lowercasesInput: Bool

    private let rawMatcher: AddedTokenMatcher
    private let normalizedMatcher: AddedTokenMatcher

    public init(
        normalizer: BertNormalizer, wordPiece: WordPiece, addedTokens: [AddedToken], prefixIDs: [Int], suffixIDs: [Int],
        maxLength: Int, lowercasesInput: Bool = false
    ) {
        self.normalizer = normalizer
        self.wordPiece = wordPiece
        self.addedTokens = addedTokens
        self.prefixIDs = prefixIDs
        self.suffixIDs = suffixIDs
        self.maxLength = maxLength
        self.lowercasesInput = lowercasesInput
        rawMatcher = AddedTokenMatcher(addedTokens.filter { !$0.normalized })
        normalizedMatcher = AddedTokenMatcher(addedTokens.filter(\.normalized)) { normalizer.normalize($0) }
    }

    public var vocabulary: WordPieceVocabulary { wordPiece.vocabulary }

    /// The ids of `text`, framed by the special tokens and truncated to `maxLength`.
    public func encode(_ text: String) -> TokenizedText {
        let room = max(0, maxLength - prefixIDs.count - suffixIDs.count)
        var ids = prefixIDs
        ids += pieces(text, limit: room)
        ids += suffixIDs
        return TokenizedText(ids: ids)
    }

    /// The ids of `text` alone, with no special tokens around them: the first `limit` of them when given
    /// (tokenizing stops there, which is what truncation keeps anyway).
    public func pieces(_ text: String, limit: Int = .max) -> [Int] {
        let scalars = Array((lowercasesInput ? text.lowercased() : text).unicodeScalars)
        var ids: [Int] = []
        for segment in rawMatcher.split(scalars, in: 0..<scalars.count) {
            guard ids.count < limit else { break }
            switch segment {
            case .token(let id):
                ids.append(id)
            case .text(let range):
                let normalized = normalizer.normalize(scalars[range])
                for part in normalizedMatcher.split(normalized, in: 0..<normalized.count) {
                    guard ids.count < limit else { break }
                    switch part {
                    case .token(let id):
                        ids.append(id)
                    case .text(let range):
                        let text = Array(normalized[range])
                        for word in BertPreTokenizer.words(text) {
                            guard ids.count < limit else { break }
                            wordPiece.tokenize(text[word], into: &ids)
                        }
                    }
                }
            }
        }
        return ids.count > limit ? Array(ids.prefix(limit)) : ids
    }

    /// The token texts of `pieces(text)`, for tests and debugging.
    public func tokens(_ text: String) -> [String] {
        pieces(text).map { vocabulary.tokens[$0] ?? "<\($0)>" }
    }
}
