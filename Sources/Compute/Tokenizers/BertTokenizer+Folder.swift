import Foundation

extension BertTokenizer {
    /// The tokenizer of a model folder: from `tokenizer.json` when there is one (as `BertTokenizerFast`
    /// prefers it), otherwise from `vocab.txt` and `tokenizer_config.json`.
    ///
    /// Without `maxLength`, the length is `tokenizer_config.json`'s `model_max_length` when it is a real
    /// limit (transformers writes a huge placeholder when there is none), else 512.
    public static func load(folder: URL, maxLength: Int? = nil) throws -> BertTokenizer {
        let json = folder.appendingPathComponent("tokenizer.json")
        let vocab = folder.appendingPathComponent("vocab.txt")
        let config = folder.appendingPathComponent("tokenizer_config.json")
        let length = try maxLength ?? defaultMaxLength(config)
        if FileManager.default.fileExists(atPath: json.path) {
            return try load(tokenizerJSON: json, file: json.relativePath, maxLength: length)
        }
        if FileManager.default.fileExists(atPath: vocab.path) {
            return try load(
                vocabText: vocab, file: vocab.relativePath, config: config, configFile: config.relativePath, maxLength: length)
        }
        throw ModelFileError(.missing, file: folder.relativePath, message: "has neither tokenizer.json nor vocab.txt")
    }

    private static func defaultMaxLength(_ config: URL) throws -> Int {
        guard FileManager.default.fileExists(atPath: config.path) else { return 512 }
        let options = try JSONObject.load(config, file: config.relativePath)
        // A float such as 1e30 or an enormous integer means "no limit".
        guard let length = JSONFile.integer(options.values["model_max_length"]), length > 0, length <= 1_000_000 else {
            return 512
        }
        return length
    }
}
