import ArtifactStore
import Compute
import Foundation
import Server
import Steps

/// What `/rag` retrieves from when `orchestrate serve` runs beside a store: the vector index a run
/// published last, looked up on each request so that a new index is used as soon as it is published,
/// and loaded (index, records, encoder) once per index.
final class StoreRetriever: Retrieving, @unchecked Sendable {
    // `loaded` is guarded by `lock`; the loaded index itself is read-only.
    private struct Loaded: RetrievalIndex, @unchecked Sendable {
        var artifactID: String
        var index: VectorIndex
        var records: [[String: JSONValue]]
        var encoder: BertEncoder
        var authors: [String]

        func search(_ query: String, authors: Set<String>?, k: Int) throws -> [RetrievedChunk] {
            let filter = authors.map { VectorFilter(authors: $0, platforms: nil, kinds: nil) }
            return try index.search(encoder.embed([query])[0], k: k, filter: filter).map { hit in
                let record = records.indices.contains(hit.position) ? records[hit.position] : [:]
                return RetrievedChunk(
                    id: hit.id, text: record["text"]?.stringValue ?? "", author: record["author"]?.stringValue,
                    link: record["link"]?.stringValue, title: record["title"]?.stringValue, score: hit.score)
            }
        }

        func similarities(of texts: [String], to query: String) throws -> [Float] {
            let vectors = encoder.embed([query] + texts)
            return vectors.dropFirst().map { vector in zip(vector, vectors[0]).reduce(0) { $0 + $1.0 * $1.1 } }
        }
    }

    private let global: GlobalOptions
    private let lock = NSLock()
    private var loaded: Loaded?

    init(global: GlobalOptions) { self.global = global }

    /// A retriever when the store has a vector index; nil otherwise (the server then has no `/rag`).
    static func find(_ global: GlobalOptions) -> StoreRetriever? {
        guard global.storeExists, let store = try? global.openStore(),
            (try? store.latestArtifact(type: "vector-index")) != nil
        else { return nil }
        return StoreRetriever(global: global)
    }

    func index() throws -> any RetrievalIndex { try current() }

    private func current() throws -> Loaded {
        let store = try global.openStore()
        guard let artifact = try store.latestArtifact(type: "vector-index") else {
            throw CLIFailure(message: "the store has no vector index any more", hint: "run the feature pipeline")
        }
        if let loaded = lock.withLock({ loaded }), loaded.artifactID == artifact.id { return loaded }
        let folder = store.blobs.location(ofSHA256: artifact.sha256)
        let manifest = try SearchCommand.manifest(folder, artifact: artifact)
        let encoder = try EmbedCommand.loadEncoder(
            try SearchCommand.recordedModelPath(manifest: manifest, artifact: artifact, store: store))
        let index = try VectorIndex(contentsOf: folder.appendingPathComponent(VectorIndexRecord.indexFile))
        let text = try String(contentsOf: folder.appendingPathComponent(VectorIndexRecord.recordsFile), encoding: .utf8)
        let records = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            (try? JSONText.parse(String($0)))?.objectValue ?? [:]
        }
        let authors = Set(records.compactMap { $0["author"]?.stringValue }).sorted()
        let fresh = Loaded(artifactID: artifact.id, index: index, records: records, encoder: encoder, authors: authors)
        lock.withLock { loaded = fresh }
        return fresh
    }
}
