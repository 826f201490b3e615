import ArtifactStore
import Foundation
import Orchestrator

/// Cuts the input records into extracts of about `words` words: each document's records in order (chunks
/// of one document are consecutive), split at paragraphs, packed until the size is reached. Extracts never
/// cross documents, so one prompt speaks of one topic, and a short tail joins the extract before it.
struct ExtractBuilder {
    let words: Int

    /// One input record as the builder needs it.
    struct Record {
        let id: String
        let document: String
        let author: String
        let link: String?
        let text: String
    }

    /// Reads chunks (`text`) or documents (`content`); `label` names the input in errors.
    static func records(_ objects: [[String: JSONValue]], label: String) throws -> [Record] {
        try objects.enumerated().map { index, object in
            guard let text = object["text"]?.stringValue ?? object["content"]?.stringValue else {
                throw StepFailure("\(label): record \(index + 1) has neither 'text' (chunks) nor 'content' (documents)")
            }
            guard let author = object["author"]?.stringValue, !author.isEmpty else {
                throw StepFailure("\(label): record \(index + 1) has no 'author'")
            }
            let id = object["id"]?.stringValue ?? Hashing.sha256(text)
            return Record(
                id: id, document: object["document_id"]?.stringValue ?? id, author: author,
                link: object["link"]?.stringValue, text: text)
        }
    }

    func extracts(_ records: [Record]) -> [TextExtract] {
        var byDocument: [String: [Record]] = [:]
        var order: [String] = []
        for record in records {
            if byDocument[record.document] == nil { order.append(record.document) }
            byDocument[record.document, default: []].append(record)
        }
        return order.flatMap { extracts(document: byDocument[$0]!) }
    }

    private struct Piece {
        let text: String
        let words: Int
        let record: Record
    }

    private func extracts(document records: [Record]) -> [TextExtract] {
        let pieces = records.flatMap { record in
            record.text.components(separatedBy: "\n\n").compactMap { paragraph -> Piece? in
                let text = paragraph.trimmingCharacters(in: .whitespacesAndNewlines)
                let count = text.split(whereSeparator: \.isWhitespace).count
                return count == 0 ? nil : Piece(text: text, words: count, record: record)
            }
        }
        var groups: [[Piece]] = []
        var current: [Piece] = []
        var count = 0
        for piece in pieces {
            if count > 0, count + piece.words > words {
                groups.append(current)
                current = []
                count = 0
            }
            current.append(piece)
            count += piece.words
        }
        if !current.isEmpty {
            if count < words / 4, !groups.isEmpty { groups[groups.count - 1] += current } else { groups.append(current) }
        }
        return groups.map { group in
            let records = group.map(\.record)
            return TextExtract(
                author: records[0].author, text: group.map(\.text).joined(separator: "\n\n"),
                sources: Self.unique(records.map(\.id)), documents: Self.unique(records.map(\.document)),
                links: Self.unique(records.compactMap(\.link)))
        }
    }

    private static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
