import Foundation

/// The model an adapter is merged into or exported for: a Hugging Face folder or a `.gguf` file, with the
/// configuration its shapes are checked against. Opening it reads only the configuration (and a GGUF
/// file's header), not the weights.
public struct BaseModel {
    public let url: URL
    public let configuration: LlamaConfiguration
    /// The opened file of a GGUF base; nil for a folder.
    let gguf: GGUFFile?
    /// The path of the folder's `config.json`, or of the GGUF file: where the configuration came from.
    public let configurationFile: String

    public var isGGUF: Bool { gguf != nil }

    /// `general.architecture` of a GGUF base; for a folder, the architecture llama.cpp converts it as.
    public var architecture: String {
        (try? gguf?.string("general.architecture")) ?? configuration.ggufArchitecture
    }

    public init(contentsOf url: URL) throws {
        self.url = url
        if GGUFFile.isGGUF(url) {
            let file = try GGUFFile(contentsOf: url)
            configuration = try LlamaConfiguration(gguf: file)
            gguf = file
            configurationFile = file.path
            return
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw ModelFileError(
                .missing, file: url.relativePath, message: "is not a base model: neither a model folder nor a .gguf file")
        }
        let config = url.appendingPathComponent("config.json")
        configuration = try LlamaConfiguration(contentsOf: config, file: config.relativePath)
        gguf = nil
        configurationFile = config.relativePath
    }
}
