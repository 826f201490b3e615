import Foundation

/// A byte-level BPE tokenizer as GPT-2, Llama 3, Qwen2 and SmolLM use, read from Hugging Face's
/// `tokenizer.json`: special tokens are matched whole first, the rest of the text is cut into words by the
/// pre-tokenizer, and each word's UTF-8 bytes are merged into tokens. Every byte has a token, so no text
/// is unknown and `decode(encode(text)) == text`.
public struct ByteLevelBPETokenizer: Sendable {
    let model: BPEMergeRanks
    let preTokenizer: ByteLevelPreTokenizer
    let normalizations: [TextNormalization]
    let addedTokens: AddedTokenMatcher
    /// Ids put before and after the text when special tokens are asked for (a BOS, for Llama 3).
    let prefixIDs: [Int]
    let suffixIDs: [Int]
    /// The bytes each id decodes to.
    let bytesByID: [Int: [UInt8]]
    let specialIDs: Set<Int>
    let idsByToken: [String: Int]
    private let cache = BPEWordCache()

    /// The BOS and EOS ids: from `tokenizer_config.json` when loaded from a folder; otherwise the BOS is the
    /// single token the post-processor puts first, if any, and the EOS unknown.
    public internal(set) var bosTokenID: Int?
    public internal(set) var eosTokenID: Int?

    /// One more than the highest id, added tokens included: the size of a model's embedding table at least.
    public var vocabularySize: Int { (bytesByID.keys.max() ?? -1) + 1 }

    public func id(of token: String) -> Int? { idsByToken[token] }

    public func encode(_ text: String, addSpecialTokens: Bool = true) -> [Int] {
        var ids: [Int] = addSpecialTokens ? prefixIDs : []
        let scalars = Array(text.unicodeScalars)
        for segment in addedTokens.split(scalars, in: 0..<scalars.count) {
            switch segment {
            case .token(let id):
                ids.append(id)
            case .text(let range):
                var piece = String(String.UnicodeScalarView(scalars[range]))
                for normalization in normalizations { piece = normalization.apply(piece) }
                for word in preTokenizer.words(piece) {
                    ids += cache.ids(for: Array(word.utf8), encode: model.encode)
                }
            }
        }
        if addSpecialTokens { ids += suffixIDs }
        return ids
    }

    /// The text of `ids`; ids the tokenizer does not know are left out, and byte sequences that are not
    /// UTF-8 (a token cut in the middle of a character) become U+FFFD.
    public func decode(_ ids: [Int], skipSpecialTokens: Bool = false) -> String {
        var bytes: [UInt8] = []
        for id in ids {
            if skipSpecialTokens, specialIDs.contains(id) { continue }
            if let tokenBytes = bytesByID[id] { bytes += tokenBytes }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
