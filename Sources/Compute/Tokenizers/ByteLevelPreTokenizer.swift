import Foundation

/// The pre-tokenizer of a byte-level BPE tokenizer: optional `Split` steps, then the `ByteLevel` step that
/// may add a leading space and split with GPT-2's own expression. The pieces it returns are words whose
/// UTF-8 bytes the BPE model merges.
struct ByteLevelPreTokenizer: Sendable {
    /// GPT-2's expression, which `ByteLevel` applies when `use_regex` is true.
    static let gpt2Pattern =
        #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#

    let splits: [PreTokenizerSplit]
    let addPrefixSpace: Bool
    let byteLevelSplit: PreTokenizerSplit?

    init(splits: [PreTokenizerSplit], addPrefixSpace: Bool, useRegex: Bool) throws {
        self.splits = splits
        self.addPrefixSpace = addPrefixSpace
        byteLevelSplit =
            useRegex ? PreTokenizerSplit(pattern: try CompiledPattern(Self.gpt2Pattern), behavior: .isolated, invert: false) : nil
    }

    func words(_ text: String) -> [String] {
        var pieces = text.isEmpty ? [] : [text]
        for split in splits { pieces = pieces.flatMap(split.split) }
        // The reference's ByteLevel adds the space to every piece the earlier steps made, not only the first.
        if addPrefixSpace { pieces = pieces.map { $0.hasPrefix(" ") ? $0 : " " + $0 } }
        if let byteLevelSplit { pieces = pieces.flatMap(byteLevelSplit.split) }
        return pieces
    }
}
