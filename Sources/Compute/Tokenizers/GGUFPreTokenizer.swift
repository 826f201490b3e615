/// The pre-tokenizers llama.cpp names in `tokenizer.ggml.pre`, as the `tokenizer.json` steps the original
/// models use: each name stands for one model family's expression, which the GGUF file does not store.
enum GGUFPreTokenizer {
    /// The expression Llama 3 splits with (digits in runs of up to three).
    static let llama3Pattern =
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
    /// Qwen2's: Llama 3's with single digits.
    static let qwen2Pattern =
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#

    static let supportedNames = ["default", "gpt-2", "smollm", "llama-bpe", "qwen2"]

    struct Steps {
        var preTokenizer: ByteLevelPreTokenizer
        var normalizations: [TextNormalization]
        /// Llama 3 takes a word that is a whole vocabulary entry as one token, whatever the merges say.
        var ignoreMerges: Bool
    }

    /// The steps for `name`; nil for a name not in `supportedNames`.
    static func steps(_ name: String) throws -> Steps? {
        func split(_ pattern: String) throws -> PreTokenizerSplit {
            PreTokenizerSplit(pattern: try CompiledPattern(pattern), behavior: .isolated, invert: false)
        }
        switch name {
        case "default", "gpt-2":
            return Steps(
                preTokenizer: try ByteLevelPreTokenizer(splits: [], addPrefixSpace: false, useRegex: true), normalizations: [],
                ignoreMerges: false)
        case "smollm":
            // SmolLM's tokenizer.json: Digits (individual), then ByteLevel with GPT-2's expression.
            return Steps(
                preTokenizer: try ByteLevelPreTokenizer(splits: [try split(#"\p{N}"#)], addPrefixSpace: false, useRegex: true),
                normalizations: [], ignoreMerges: false)
        case "llama-bpe":
            return Steps(
                preTokenizer: try ByteLevelPreTokenizer(
                    splits: [try split(llama3Pattern)], addPrefixSpace: false, useRegex: false),
                normalizations: [], ignoreMerges: true)
        case "qwen2":
            return Steps(
                preTokenizer: try ByteLevelPreTokenizer(
                    splits: [try split(qwen2Pattern)], addPrefixSpace: false, useRegex: false),
                normalizations: [.nfc], ignoreMerges: false)
        default:
            return nil
        }
    }
}
