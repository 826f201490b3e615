import Foundation

extension ChatTemplate {
    /// The chat template of a model folder: `chat_template.jinja` when present, else `chat_template` in
    /// `tokenizer_config.json` (a string, or a list of `{name, template}` of which "default" is taken), with
    /// `bos_token` and `eos_token` from `tokenizer_config.json` as default variables.
    public init(folder: URL) throws {
        let configURL = folder.appendingPathComponent("tokenizer_config.json")
        let config =
            FileManager.default.fileExists(atPath: configURL.path)
            ? try JSONObject.load(configURL, file: configURL.relativePath) : nil
        var variables: [String: TemplateValue] = [:]
        if let config {
            for key in ["bos_token", "eos_token", "unk_token", "pad_token"] {
                if let token = try ByteLevelBPETokenizer.specialTokenName(config, key) { variables[key] = .string(token) }
            }
        }
        guard let (source, sourceName) = try Self.source(folder: folder, config: config) else {
            throw ModelFileError(
                .missing, file: folder.relativePath,
                message: "has neither chat_template.jinja nor a chat_template in tokenizer_config.json")
        }
        do {
            try self.init(source, defaultVariables: variables)
        } catch let error as ChatTemplateError {
            throw ModelFileError(.malformed, file: sourceName, message: "chat template: \(error)")
        }
    }

    /// The template's text and the file it came from: `chat_template.jinja`, else `chat_template` in
    /// `tokenizer_config.json` (`config`, when the folder has one); nil when neither has a template.
    static func source(folder: URL, config: JSONObject?) throws -> (text: String, file: String)? {
        let file = folder.appendingPathComponent("chat_template.jinja")
        if FileManager.default.fileExists(atPath: file.path) {
            guard let text = String(data: try JSONFile.read(file, file: file.relativePath), encoding: .utf8) else {
                throw ModelFileError(.malformed, file: file.relativePath, message: "is not UTF-8 text")
            }
            return (text, file.relativePath)
        }
        guard let config, config.has("chat_template") else { return nil }
        return (try configTemplate(config), config.file)
    }

    private static func configTemplate(_ config: JSONObject) throws -> String {
        if let text = config.values["chat_template"] as? String { return text }
        guard let list = config.values["chat_template"] as? [Any] else {
            throw config.malformed("chat_template", "a string or a list of {name, template}")
        }
        for item in list {
            guard let entry = item as? [String: Any], let name = entry["name"] as? String,
                let template = entry["template"] as? String
            else { throw config.malformed("chat_template", "a list of {name, template} objects") }
            if name == "default" { return template }
        }
        throw ModelFileError(.malformed, file: config.file, message: "'chat_template' has no template named \"default\"")
    }
}
