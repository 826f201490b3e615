import Foundation
import Orchestrator

/// The kinds of input `import` reads.
enum ImportFormat: String, CaseIterable {
    /// The LLM-twin warehouse export folder: UserDocument.json plus Article/Post/RepositoryDocument.json.
    case warehouse
    /// One JSON list of documents.
    case json
    /// One JSON document per line.
    case jsonl

    /// `auto` picks by what is there: a folder is a warehouse export, otherwise the file's extension decides.
    static func resolve(_ name: String, for url: URL) throws -> ImportFormat {
        if name != "auto" {
            guard let format = ImportFormat(rawValue: name) else {
                throw StepFailure("parameter 'format' must be auto, warehouse, json or jsonl, got '\(name)'")
            }
            return format
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw StepFailure(
                "\(url.path): no such file or folder (parameter 'path'; relative paths are read from the project folder)")
        }
        if isFolder.boolValue { return .warehouse }
        switch url.pathExtension.lowercased() {
        case "json": return .json
        case "jsonl", "ndjson": return .jsonl
        default:
            throw StepFailure("\(url.path): cannot tell the format from the extension; set parameter 'format' to json or jsonl")
        }
    }
}
