import ArtifactStore
import Foundation

/// The warehouse documents an invocation published, as JSON Lines (`{"output": NAME, "document": {...}}`):
/// how `step-exec` hands them back, since only the machine that owns the store may upsert them.
enum PublishedDocumentsFile {
    static func write(_ documents: [String: [WarehouseDocument]], to url: URL) throws {
        var text = ""
        for output in documents.keys.sorted() {
            for document in documents[output]! {
                text += JSONText.compact(.object(["output": .string(output), "document": json(document)])) + "\n"
            }
        }
        try Data(text.utf8).write(to: url)
    }

    static func read(_ url: URL) throws -> [String: [WarehouseDocument]] {
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8)
        else {
            throw StepFailure("the step's documents file \(url.path) is missing or not UTF-8 text")
        }
        var documents: [String: [WarehouseDocument]] = [:]
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            guard let row = try? JSONText.parse(String(line)), let output = row["output"]?.stringValue,
                let document = row["document"].flatMap(document)
            else {
                throw StepFailure("\(url.path):\(index + 1): not a published document")
            }
            documents[output, default: []].append(document)
        }
        return documents
    }

    private static func json(_ document: WarehouseDocument) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(document.id), "kind": .string(document.kind), "author": .string(document.author),
            "author_id": .string(document.authorID), "content": .string(document.content),
            "content_sha256": .string(document.contentSHA256),
        ]
        if let platform = document.platform { object["platform"] = .string(platform) }
        if let link = document.link { object["link"] = .string(link) }
        if let title = document.title { object["title"] = .string(title) }
        return .object(object)
    }

    private static func document(_ value: JSONValue) -> WarehouseDocument? {
        guard let id = value["id"]?.stringValue, let kind = value["kind"]?.stringValue,
            let author = value["author"]?.stringValue, let authorID = value["author_id"]?.stringValue,
            let content = value["content"]?.stringValue, let digest = value["content_sha256"]?.stringValue
        else { return nil }
        return WarehouseDocument(
            id: id, kind: kind, platform: value["platform"]?.stringValue, link: value["link"]?.stringValue,
            title: value["title"]?.stringValue, author: author, authorID: authorID, content: content, contentSHA256: digest)
    }
}
