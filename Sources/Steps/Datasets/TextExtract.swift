import ArtifactStore

/// A stretch of one author's writing that one prompt is built from. `sources` are the ids of the input
/// records (chunks or documents) it was cut from, so every example can be traced back to them.
struct TextExtract: Sendable, Equatable {
    let id: String
    let author: String
    let text: String
    let sources: [String]
    let documents: [String]
    let links: [String]

    init(author: String, text: String, sources: [String], documents: [String], links: [String]) {
        self.id = Hashing.sha256("extract/v1\n\(author)\n\(text)")
        self.author = author
        self.text = text
        self.sources = sources
        self.documents = documents
        self.links = links
    }

    var record: JSONValue {
        .object([
            "id": .string(id), "author": .string(author), "text": .string(text),
            "sources": .array(sources.map(JSONValue.string)), "documents": .array(documents.map(JSONValue.string)),
            "links": .array(links.map(JSONValue.string)),
        ])
    }
}
