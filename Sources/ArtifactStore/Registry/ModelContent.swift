import Foundation

/// What the registry records about a model artifact's content: its format and its base model, from the
/// artifact's metadata and the `model.json` beside the weights (which the training steps write), else from
/// what the files are.
struct ModelContent {
    var format: String
    var baseModel: String?
    var baseSHA256: String?

    init(metadata: JSONValue, content: URL) {
        let manifest = Self.manifest(in: content)
        baseModel = manifest?["base_model"]?.stringValue ?? metadata["base_model"]?.stringValue
        baseSHA256 = manifest?["base_model_sha256"]?.stringValue ?? metadata["base_model_sha256"]?.stringValue
        format =
            metadata["format"]?.stringValue ?? manifest?["format"]?.stringValue ?? Self.inferredFormat(of: content)
    }

    /// `model.json` when the content is a folder holding a readable one.
    private static func manifest(in content: URL) -> JSONValue? {
        guard let data = FileManager.default.contents(atPath: content.appendingPathComponent("model.json").path),
            let text = String(data: data, encoding: .utf8)
        else { return nil }
        return try? JSONText.parse(text)
    }

    /// A PEFT folder is `peft-lora`, a transformers folder `merged`, a file with GGUF's magic `gguf`.
    static func inferredFormat(of content: URL) -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: content.path, isDirectory: &isFolder) else { return "unknown" }
        if isFolder.boolValue {
            let has = { (name: String) in
                FileManager.default.fileExists(atPath: content.appendingPathComponent(name).path)
            }
            if has("adapter_config.json") { return "peft-lora" }
            if has("config.json") { return "merged" }
            return "unknown"
        }
        guard let handle = try? FileHandle(forReadingFrom: content) else { return "unknown" }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 4)) == Data("GGUF".utf8) ? "gguf" : "unknown"
    }
}
