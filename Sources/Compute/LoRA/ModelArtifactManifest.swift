import Foundation

/// `model.json` of a `model` artifact: what the folder holds and which base model it adapts. The adapter
/// itself is the PEFT part beside it (`adapter_config.json`, `adapter_model.safetensors`), which PEFT,
/// transformers and llama.cpp's converter read without this file.
public struct ModelArtifactManifest: Codable, Sendable, Equatable {
    /// The one format written today: a PEFT LoRA adapter.
    public static let peftLoRA = "peft-lora"
    public static let fileName = "model.json"

    /// `peft-lora`.
    public var format: String
    /// The base model as it was given (a path relative to the project folder, or absolute): a model folder
    /// or a `.gguf` file.
    public var baseModel: String
    /// The content digest of the base model when the adapter was made (the store's sha256 of the file, or
    /// of the folder's entries), so a loader can tell whether the base it is given is the same one.
    public var baseModelSHA256: String?

    enum CodingKeys: String, CodingKey {
        case format
        case baseModel = "base_model"
        case baseModelSHA256 = "base_model_sha256"
    }

    public init(format: String = Self.peftLoRA, baseModel: String, baseModelSHA256: String?) {
        self.format = format
        self.baseModel = baseModel
        self.baseModelSHA256 = baseModelSHA256
    }

    /// Reads `model.json` in `folder`; nil when the folder has none (a PEFT folder made elsewhere). A file
    /// that is there but malformed, or of another format, throws `ModelFileError` naming it.
    public init?(folder: URL) throws {
        let url = folder.appendingPathComponent(Self.fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let file = url.relativePath
        let data = try JSONFile.read(url, file: file)
        do {
            self = try JSONDecoder().decode(Self.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw ModelFileError(.malformed, file: file, message: "'\(key.stringValue)' is missing")
        } catch let DecodingError.typeMismatch(_, context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw ModelFileError(.malformed, file: file, message: "'\(key)' has the wrong type (\(context.debugDescription))")
        } catch {
            throw ModelFileError(.malformed, file: file, message: "is not a model manifest (\(error.localizedDescription))")
        }
        guard format == Self.peftLoRA else {
            throw ModelFileError(
                .unsupported, file: file, message: "'format' is \"\(format)\"; only \"\(Self.peftLoRA)\" is read")
        }
    }

    /// Writes `model.json` into `folder`, keys sorted.
    public func write(to folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: folder.appendingPathComponent(Self.fileName), options: .atomic)
    }
}
