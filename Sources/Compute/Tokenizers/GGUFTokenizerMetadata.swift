import Foundation

/// The `tokenizer.*` metadata of a GGUF file made from a model folder's byte-level BPE tokenizer, as
/// llama.cpp's converter writes it and `ByteLevelBPETokenizer(gguf:)` reads it back: the vocabulary in id
/// order with each token's type (added special tokens are control tokens, other added tokens user-defined,
/// ids the tokenizer lacks up to the model's vocabulary size `[PADn]` placeholders), the merges as `"a b"`,
/// the pre-tokenizer's name, the special token ids and the chat template.
struct GGUFTokenizerMetadata {
    var entries: [(key: String, value: GGUFValue)] = []
    /// What the GGUF file cannot say as the folder does, for the export to report.
    var notes: [String] = []

    /// Reads `tokenizer.json`, `tokenizer_config.json` and the chat template of `folder` for a model with
    /// `vocabularySize` embedding rows.
    init(folder: URL, vocabularySize: Int) throws {
        let url = folder.appendingPathComponent("tokenizer.json")
        let root = try JSONObject.load(url, file: url.relativePath)
        let tokenizer = try ByteLevelBPETokenizer(folder: folder)
        guard let preName = try GGUFPreTokenizer.name(forTokenizerJSON: root) else {
            throw ModelFileError(
                .unsupported, file: root.file,
                message:
                    "its pre-tokenizer, normalizer and ignore_merges are not those of a tokenizer GGUF files can name "
                    + "(\(GGUFPreTokenizer.knownSteps.map(\.name).joined(separator: ", "))), so a GGUF reader would split text differently"
            )
        }
        let (tokens, types) = try Self.vocabulary(root, count: vocabularySize)
        entries = [
            ("tokenizer.ggml.model", .string("gpt2")), ("tokenizer.ggml.pre", .string(preName)),
            ("tokenizer.ggml.tokens", .array(elementType: .string, tokens.map(GGUFValue.string))),
            ("tokenizer.ggml.token_type", .array(elementType: .int32, types.map { .int32(Int32($0)) })),
            ("tokenizer.ggml.merges", .array(elementType: .string, try Self.merges(root).map(GGUFValue.string))),
        ]
        let configURL = folder.appendingPathComponent("tokenizer_config.json")
        let config =
            FileManager.default.fileExists(atPath: configURL.path)
            ? try JSONObject.load(configURL, file: configURL.relativePath) : nil
        if let id = tokenizer.bosTokenID { entries.append(("tokenizer.ggml.bos_token_id", .uint32(UInt32(id)))) }
        if let id = tokenizer.eosTokenID { entries.append(("tokenizer.ggml.eos_token_id", .uint32(UInt32(id)))) }
        if let config, let pad = try ByteLevelBPETokenizer.specialTokenName(config, "pad_token"), let id = tokenizer.id(of: pad) {
            entries.append(("tokenizer.ggml.padding_token_id", .uint32(UInt32(id))))
        }
        let bos = tokenizer.bosTokenID.map { [$0] }
        let eos = tokenizer.eosTokenID.map { [$0] }
        entries.append(("tokenizer.ggml.add_bos_token", .bool(!tokenizer.prefixIDs.isEmpty && tokenizer.prefixIDs == bos)))
        entries.append(("tokenizer.ggml.add_eos_token", .bool(!tokenizer.suffixIDs.isEmpty && tokenizer.suffixIDs == eos)))
        for (ids, side, special) in [(tokenizer.prefixIDs, "before", bos), (tokenizer.suffixIDs, "after", eos)]
        where !ids.isEmpty && ids != special {
            let names = ids.map { tokenizer.decode([$0]) }.joined(separator: " ")
            notes.append(
                "the tokenizer puts \(names) \(side) raw prompts, which a GGUF file can say only of its BOS or EOS token: "
                    + "raw prompts will lack it (chat prompts are unchanged)")
        }
        if let (template, _) = try ChatTemplate.source(folder: folder, config: config) {
            entries.append(("tokenizer.chat_template", .string(template)))
        }
    }

    /// Tokens and their llama.cpp types (1 normal, 3 control, 4 user-defined, 5 unused) for ids
    /// `0..<max(count, highest id + 1)`.
    private static func vocabulary(_ root: JSONObject, count: Int) throws -> (tokens: [String], types: [Int]) {
        var byID: [Int: (String, Int)] = [:]
        for (token, value) in try root.object("model").object("vocab").values {
            guard let id = JSONFile.integer(value), id >= 0 else { continue }
            byID[id] = (token, 1)
        }
        for (token, special) in try AddedTokenEntries.read(root) {
            byID[token.id] = (token.content, special ? 3 : 4)
        }
        let total = max(count, (byID.keys.max() ?? -1) + 1)
        var tokens: [String] = []
        var types: [Int] = []
        tokens.reserveCapacity(total)
        types.reserveCapacity(total)
        for id in 0..<total {
            let (token, type) = byID[id] ?? ("[PAD\(id)]", 5)
            tokens.append(token)
            types.append(type)
        }
        return (tokens, types)
    }

    /// `model.merges` as `"a b"`; a token with a space (which only the list form can write) is refused.
    private static func merges(_ root: JSONObject) throws -> [String] {
        let model = try root.object("model")
        guard model.has("merges") else { return [] }
        return try model.array("merges").enumerated().map { rank, item in
            let pair: [String]
            if let text = item as? String {
                return text
            } else if let parts = item as? [String] {
                pair = parts
            } else {
                throw model.malformed("merges", "a list of \"a b\" strings or [\"a\", \"b\"] pairs")
            }
            guard pair.count == 2, !pair.contains(where: { $0.contains(" ") }) else {
                throw ModelFileError(
                    .unsupported, file: root.file,
                    message: "'model.merges[\(rank)]' holds a token with a space, which GGUF's \"a b\" merges cannot write")
            }
            return pair.joined(separator: " ")
        }
    }
}
