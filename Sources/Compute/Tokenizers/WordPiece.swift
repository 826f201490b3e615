/// Greedy longest-match-first WordPiece, as Hugging Face's `WordPiece` model: a word is cut into the longest
/// vocabulary token at its start, then the longest `##`-prefixed token at each following position. A word
/// with a position where nothing matches, or longer than `maxInputCharactersPerWord` scalars, becomes one
/// unknown token as a whole.
public struct WordPiece: Sendable {
    public let vocabulary: WordPieceVocabulary
    public let unknownID: Int
    public let continuingSubwordPrefix: String
    public let maxInputCharactersPerWord: Int
    /// The trie node after the continuation prefix, or nil when no token starts with it.
    private let continuationRoot: Int?

    public init(
        vocabulary: WordPieceVocabulary, unknownID: Int, continuingSubwordPrefix: String = "##",
        maxInputCharactersPerWord: Int = 100
    ) {
        self.vocabulary = vocabulary
        self.unknownID = unknownID
        self.continuingSubwordPrefix = continuingSubwordPrefix
        self.maxInputCharactersPerWord = maxInputCharactersPerWord
        continuationRoot = vocabulary.node(after: continuingSubwordPrefix.unicodeScalars)
    }

    /// Appends the ids of one word (a non-empty run of normalized scalars) to `ids`.
    public func tokenize(_ word: ArraySlice<Unicode.Scalar>, into ids: inout [Int]) {
        guard word.count <= maxInputCharactersPerWord else {
            ids.append(unknownID)
            return
        }
        let mark = ids.count
        var start = word.startIndex
        while start < word.endIndex {
            let root = start == word.startIndex ? 0 : continuationRoot
            guard let root, let match = vocabulary.longestMatch(in: word, from: start, below: root) else {
                ids.removeSubrange(mark...)
                ids.append(unknownID)
                return
            }
            ids.append(match.id)
            start = match.end
        }
    }
}
