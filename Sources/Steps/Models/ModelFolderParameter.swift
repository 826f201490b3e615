import ArtifactStore
import Compute
import Foundation
import Orchestrator

/// The `model` parameter of steps that use a sentence-transformers folder: where it is, its content hash
/// for the cache key, and loading it with errors a user can act on.
enum ModelFolderParameter {
    static let defaultPath = "models/all-MiniLM-L6-v2"

    static var descriptor: ParameterDescriptor {
        ParameterDescriptor(
            "model", .string, default: .string(defaultPath),
            "A sentence-transformers model folder; relative to the project folder (./scripts/setup fetches the default).")
    }

    static func url(_ parameters: StepParameters, projectDirectory: URL) throws -> URL {
        url(try parameters.string("model"), in: projectDirectory)
    }

    /// A model path as a pipeline writes it: absolute, or relative to the project folder.
    static func url(_ path: String, in projectDirectory: URL) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : projectDirectory.appendingPathComponent(path)
    }

    /// The folder's content hash as a cache-key entry: other weights or another tokenizer re-run the step.
    static func fingerprint(_ parameters: StepParameters, projectDirectory: URL) throws -> JSONValue {
        let folder = try url(parameters, projectDirectory: projectDirectory)
        try requireFolder(folder, parameters)
        return .array(["model", .string(try ContentHash.of(folder).sha256)])
    }

    static func load(_ parameters: StepParameters, projectDirectory: URL) throws -> SentenceTransformerFolder {
        let folder = try url(parameters, projectDirectory: projectDirectory)
        try requireFolder(folder, parameters)
        do {
            return try SentenceTransformerFolder(folder)
        } catch let error as ModelFileError {
            throw StepFailure("parameter 'model': \(error.description)")
        } catch let error as SafetensorsError {
            throw StepFailure("parameter 'model': \(error.description)")
        }
    }

    private static func requireFolder(_ folder: URL, _ parameters: StepParameters) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            let hint =
                (try? parameters.string("model")) == defaultPath
                ? "run ./scripts/setup to fetch all-MiniLM-L6-v2" : "set 'model' to a sentence-transformers folder"
            throw StepFailure("parameter 'model': no model folder at \(folder.path) (\(hint))")
        }
    }
}
