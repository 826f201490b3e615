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

    /// The folder the parameter `name` names (`model`, or another of the same kind such as `style_model`),
    /// with errors that name that parameter.
    static func load(_ parameters: StepParameters, name: String = "model", projectDirectory: URL) throws
        -> SentenceTransformerFolder
    {
        let folder = url(try parameters.string(name), in: projectDirectory)
        try requireFolder(folder, parameters, name: name)
        do {
            return try SentenceTransformerFolder(folder)
        } catch let error as ModelFileError {
            throw StepFailure("parameter '\(name)': \(error.description)")
        } catch let error as SafetensorsError {
            throw StepFailure("parameter '\(name)': \(error.description)")
        }
    }

    private static func requireFolder(_ folder: URL, _ parameters: StepParameters, name: String = "model") throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            let hint =
                (try? parameters.string(name)) == defaultPath
                ? "run ./scripts/setup to fetch all-MiniLM-L6-v2" : "set '\(name)' to a sentence-transformers folder"
            throw StepFailure("parameter '\(name)': no model folder at \(folder.path) (\(hint))")
        }
    }
}
