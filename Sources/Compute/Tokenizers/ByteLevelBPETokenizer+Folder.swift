import Foundation

extension ByteLevelBPETokenizer {
    /// The tokenizer of a model folder: `tokenizer.json`, with the BOS and EOS tokens named by
    /// `tokenizer_config.json` when it is there (a model's post-processor need not add either).
    public init(folder: URL) throws {
        try self.init(tokenizerJSON: folder.appendingPathComponent("tokenizer.json"))
        let configURL = folder.appendingPathComponent("tokenizer_config.json")
        guard FileManager.default.fileExists(atPath: configURL.path) else { return }
        let config = try JSONObject.load(configURL, file: configURL.relativePath)
        if let bos = try Self.specialTokenName(config, "bos_token") { bosTokenID = try resolve(bos, "bos_token", config) }
        if let eos = try Self.specialTokenName(config, "eos_token") { eosTokenID = try resolve(eos, "eos_token", config) }
    }

    private func resolve(_ name: String, _ key: String, _ config: JSONObject) throws -> Int {
        guard let id = id(of: name) else {
            throw ModelFileError(.mismatch, file: config.file, message: "'\(key)' '\(name)' is not a token of tokenizer.json")
        }
        return id
    }

    /// A special token in `tokenizer_config.json`: a string, or an object whose `content` is the token
    /// (older files write the whole added-token record).
    static func specialTokenName(_ config: JSONObject, _ key: String) throws -> String? {
        guard config.has(key) else { return nil }
        if let name = config.values[key] as? String { return name }
        if let object = try? config.object(key), let name = try object.optionalString("content") { return name }
        throw config.malformed(key, "a token string or an object with 'content'")
    }
}
