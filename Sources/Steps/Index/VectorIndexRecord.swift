import ArtifactStore
import Compute
import Foundation

/// The `vector-index` artifact, a folder: `index.bin` (the `VectorIndex` file), `records.jsonl` (the
/// indexed records in row order, for showing results) and `index.json` (kind, count, dimension, model and
/// the HNSW parameters). `orchestrate search` reads all three.
public enum VectorIndexRecord {
    public static let indexFile = "index.bin"
    public static let recordsFile = "records.jsonl"
    public static let manifestFile = "index.json"

    /// The filterable fields of a chunk record.
    public static func metadata(_ record: [String: JSONValue]) -> VectorMetadata {
        VectorMetadata(
            author: record["author"]?.stringValue ?? "", platform: record["platform"]?.stringValue ?? "",
            kind: record["kind"]?.stringValue ?? "", documentID: record["document_id"]?.stringValue ?? "")
    }
}
