import ArtifactStore
import Foundation
import Orchestrator

/// Reads a generic JSON list (or JSONL file) of documents with `content` and `author`, and
/// optionally `id`, `author_id`, `kind` (default "article"), `platform`, `link` and `title`.
enum DocumentList {
    static func read(_ url: URL, format: ImportFormat) throws -> [WarehouseDocument] {
        let file = url.lastPathComponent
        let records: [JSONValue]
        if format == .jsonl {
            records = try DocumentsFile.objects(at: url, label: file).map(JSONValue.object)
        } else {
            records = try WarehouseExport.list(url)
        }
        return try records.enumerated().map { index, value in
            try document(DocumentFields(value, file: file, index: index))
        }
    }

    static func document(_ fields: DocumentFields) throws -> WarehouseDocument {
        let kind = try fields.optionalString("kind") ?? "article"
        let content = try fields.content(kind: kind)
        let contentSHA256 = Hashing.sha256(content)
        let author = try fields.string("author")
        let link = try fields.optionalString("link")
        // Without an id, a document is known by its author and link (or its content): importing
        // the same file again gives the same ids.
        let id =
            try fields.optionalString("id")
            ?? Hashing.digest(tag: "document-id/v1", [.string(author), .string(link ?? contentSHA256)])
        return WarehouseDocument(
            id: id, kind: kind, platform: try fields.optionalString("platform"),
            link: link, title: try fields.optionalString("title"), author: author,
            authorID: try fields.optionalString("author_id") ?? Hashing.digest(tag: "author-id/v1", [.string(author)]),
            content: content, contentSHA256: contentSHA256)
    }
}
