import ArtifactStore
import Compute

/// One hit of `orchestrate search` with the record it points at.
struct SearchResult {
    var hit: VectorSearchHit
    var record: [String: JSONValue]

    func field(_ name: String) -> String? { record[name]?.stringValue }

    func json(rank: Int) -> JSONValue {
        let optional: (String?) -> JSONValue = { $0.map(JSONValue.string) ?? .null }
        return [
            "rank": .int(rank), "score": .double(Double(hit.score)), "id": .string(hit.id),
            "document_id": optional(field("document_id")), "author": optional(field("author")),
            "platform": optional(field("platform")), "kind": optional(field("kind")), "link": optional(field("link")),
            "title": optional(field("title")), "text": optional(field("text")),
        ]
    }

    /// Two or three lines: rank, score, author and where it is from; the link; a snippet of the text.
    func text(rank: Int) -> String {
        let source = [field("platform"), field("kind")].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        var lines = [
            "\(rank). \(String(format: "%.3f", hit.score))  \(field("author") ?? "?")" + (source.isEmpty ? "" : "  (\(source))")
                + (field("title").map { "  \($0)" } ?? "")
        ]
        if let link = field("link"), !link.isEmpty { lines.append("   \(link)") }
        lines.append("   " + Self.snippet(field("text") ?? "", width: 200))
        return lines.joined(separator: "\n")
    }

    static func snippet(_ text: String, width: Int) -> String {
        let line = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return line.count <= width ? line : String(line.prefix(width - 1)) + "…"
    }
}
