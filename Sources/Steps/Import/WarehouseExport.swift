import ArtifactStore
import Foundation
import Orchestrator

/// Reads the LLM-twin book's warehouse export: a folder of JSON lists, one per document kind,
/// with authors in `UserDocument.json`.
enum WarehouseExport {
    static let users = "UserDocument.json"
    static let kinds = [
        ("ArticleDocument.json", "article"), ("PostDocument.json", "post"), ("RepositoryDocument.json", "repository"),
    ]

    static func read(_ folder: URL) throws -> [WarehouseDocument] {
        let present = ([users] + kinds.map(\.0)).filter {
            FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path)
        }
        guard !present.isEmpty else {
            throw StepFailure(
                "\(folder.path): not a warehouse export (expected \(users) and ArticleDocument.json, PostDocument.json or RepositoryDocument.json)"
            )
        }
        var authors: [String: String] = [:]
        if present.contains(users) {
            for (index, value) in try list(folder.appendingPathComponent(users)).enumerated() {
                let fields = try DocumentFields(value, file: users, index: index)
                let name = [try fields.optionalString("first_name"), try fields.optionalString("last_name")]
                    .compactMap { $0 }.joined(separator: " ").trimmingCharacters(in: .whitespaces)
                authors[try fields.string("_id")] = name.isEmpty ? nil : name
            }
        }
        var documents: [WarehouseDocument] = []
        for (file, kind) in kinds where present.contains(file) {
            for (index, value) in try list(folder.appendingPathComponent(file)).enumerated() {
                let fields = try DocumentFields(value, file: file, index: index)
                let authorID = try fields.string("author_id")
                guard let author = try fields.optionalString("author_full_name") ?? authors[authorID] else {
                    throw fields.failure("author_id", "'\(authorID)' is not in \(users) and there is no author_full_name")
                }
                let content = try fields.content(kind: kind)
                let title = try fields.object["content"]?["Title"]?.stringValue ?? fields.optionalString("name")
                documents.append(
                    WarehouseDocument(
                        id: try fields.string("_id"), kind: kind, platform: try fields.optionalString("platform"),
                        link: try fields.optionalString("link"), title: title, author: author, authorID: authorID,
                        content: content, contentSHA256: Hashing.sha256(content)))
            }
        }
        return documents
    }

    /// A file that must hold one JSON list.
    static func list(_ url: URL) throws -> [JSONValue] {
        let value = try parse(url)
        guard let items = value.arrayValue else {
            throw StepFailure("\(url.lastPathComponent): expected a JSON list of documents, got \(value.typeName)")
        }
        return items
    }

    static func parse(_ url: URL) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw StepFailure("\(url.path): cannot read the file")
        }
        do {
            return try JSONText.parse(data)
        } catch {
            throw StepFailure("\(url.lastPathComponent): not valid JSON (\(error))")
        }
    }
}
