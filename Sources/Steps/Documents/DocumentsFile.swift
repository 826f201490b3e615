import ArtifactStore
import Foundation
import Orchestrator

/// The `documents` artifact: JSONL, one document per line with the fields
/// `id, kind, platform, link, title, author, author_id, content, content_sha256`
/// (canonical JSON, so the same documents always make the same bytes and the same cache keys).
enum DocumentsFile {
    static func line(_ document: WarehouseDocument) -> String {
        let optional: (String?) -> JSONValue = { $0.map(JSONValue.string) ?? .null }
        return JSONText.compact([
            "id": .string(document.id), "kind": .string(document.kind), "platform": optional(document.platform),
            "link": optional(document.link), "title": optional(document.title), "author": .string(document.author),
            "author_id": .string(document.authorID), "content": .string(document.content),
            "content_sha256": .string(document.contentSHA256),
        ])
    }

    static func write(_ documents: [WarehouseDocument], to url: URL) throws {
        let text = documents.map { line($0) + "\n" }.joined()
        try Data(text.utf8).write(to: url)
    }

    /// Reads every line as a JSON object; `label` names the file in errors.
    static func objects(at url: URL, label: String) throws -> [[String: JSONValue]] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw StepFailure("\(label): cannot read \(url.path)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw StepFailure("\(label): not UTF-8 text") }
        var objects: [[String: JSONValue]] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy(\.isWhitespace) { continue }
            guard let value = try? JSONText.parse(String(line)), let object = value.objectValue else {
                throw StepFailure("\(label):\(index + 1): not a JSON object (each line must hold one document)")
            }
            objects.append(object)
        }
        return objects
    }
}
