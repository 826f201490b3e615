import ArtifactStore
import Compute
import Foundation
import Orchestrator

/// The model folder whose tokenizer measures chunks: found relative to the project folder, loaded
/// with failures that name it, and fingerprinted for the cache key.
enum ChunkModel {
    /// The files that decide how text is tokenized and how long a sequence may be; the weights do not.
    static let tokenizerFiles = [
        "modules.json", "config.json", "sentence_bert_config.json", "tokenizer.json", "tokenizer_config.json",
        "vocab.txt", "special_tokens_map.json",
    ]

    static func load(_ path: String, in projectDirectory: URL) throws -> SentenceTransformerFolder {
        let folder = try existing(path, in: projectDirectory)
        do {
            return try SentenceTransformerFolder(folder)
        } catch {
            throw StepFailure(
                "model folder \(path) (parameter 'model') cannot be used: \(error); run ./scripts/setup to fetch it again")
        }
    }

    /// A digest of the tokenizer's files, so that another model (or an edited vocabulary) re-runs the step.
    static func fingerprint(_ path: String, in projectDirectory: URL) throws -> String {
        let folder = try existing(path, in: projectDirectory)
        var files: [JSONValue] = []
        for name in tokenizerFiles {
            let file = folder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: file.path) else { continue }
            files.append(.array([.string(name), .string(try Hashing.sha256(fileAt: file))]))
        }
        return Hashing.digest(tag: "chunk-model/v1", files)
    }

    private static func existing(_ path: String, in projectDirectory: URL) throws -> URL {
        let folder = ModelFolderParameter.url(path, in: projectDirectory)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw StepFailure(
                "no model folder at \(path) (parameter 'model', read from \(folder.path)): run ./scripts/setup to fetch "
                    + "all-MiniLM-L6-v2, or set 'model' to a sentence-transformers folder")
        }
        return folder
    }
}
