import ArtifactStore

/// The `chunks` artifact: JSONL, one chunk per line in canonical JSON, with the fields
/// `id` (sha256 of `text`), `document_id`, `index` (from 0 within the document), `author`, `author_id`,
/// `kind`, `platform`, `link`, `title`, `text` and `tokens` (model tokens, without [CLS] and [SEP]).
enum ChunksFile {
    /// The document fields every chunk repeats, so a chunk can be filtered and cited on its own.
    static let documentFields = ["author", "author_id", "kind", "platform", "link", "title"]

    static func line(_ chunk: TextChunk, index: Int, documentID: JSONValue, document: [String: JSONValue]) -> String {
        var record: [String: JSONValue] = [
            "id": .string(Hashing.sha256(chunk.text)), "document_id": documentID, "index": .int(index),
            "text": .string(chunk.text), "tokens": .int(chunk.tokens),
        ]
        for field in documentFields {
            record[field] = document[field] ?? .null
        }
        return JSONText.compact(.object(record))
    }
}
