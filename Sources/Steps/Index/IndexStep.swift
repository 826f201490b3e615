import ArtifactStore
import Compute
import Foundation
import Orchestrator

/// Builds a vector index over an embeddings folder: exact for small collections, where brute force on
/// BLAS is both exact and fast, HNSW for large ones. Each vector carries its record's author, platform,
/// kind and document id, so searches can filter on them while they search.
public struct IndexStep: Step {
    public init() {}

    /// Below this many vectors `kind: auto` builds an exact index: one query then costs about a
    /// millisecond of matrix-vector product and is never wrong.
    static let exactUpTo = 20_000

    public var descriptor: StepDescriptor {
        let defaults = HNSWParameters()
        return StepDescriptor(
            type: "index", version: 1,
            summary: "Builds a vector index (exact or HNSW) over embeddings, with author, platform, kind and document filters.",
            parameters: [
                ParameterDescriptor(
                    "kind", .string, default: "auto",
                    "exact, hnsw, or auto (exact up to \(Self.exactUpTo) vectors, else hnsw)."),
                ParameterDescriptor(
                    "m", .int, default: .int(defaults.m), "HNSW: links per node (twice as many on the bottom layer)."),
                ParameterDescriptor(
                    "ef_construction", .int, default: .int(defaults.efConstruction), "HNSW: candidates kept while linking a node."
                ),
                ParameterDescriptor(
                    "ef_search", .int, default: .int(defaults.efSearch), "HNSW: candidates kept while searching (at least k)."),
            ],
            inputs: [PortDescriptor("embeddings", type: "embeddings", "An embeddings folder (the embed step's output).")],
            outputs: [
                PortDescriptor(
                    "index", type: "vector-index",
                    "A folder: index.bin (the index, memory-mapped when searched), records.jsonl, index.json.")
            ])
    }

    public func run(_ context: StepContext) async throws -> StepResult {
        let input = try context.input("embeddings")
        let label = "input 'embeddings' (\(input.name) v\(input.version))"
        let embeddings = try EmbeddingsFolder.open(input.url, label: label)
        let records = try DocumentsFile.objects(at: input.url.appendingPathComponent(EmbeddingsFolder.recordsFile), label: label)
        guard records.count == embeddings.count else {
            throw StepFailure("\(label): \(records.count) records for \(embeddings.count) vectors")
        }
        let parameters = HNSWParameters(
            m: try positive("m", context), efConstruction: try positive("ef_construction", context),
            efSearch: try positive("ef_search", context))
        let kind = try Self.kind(try context.parameters.string("kind"), count: embeddings.count)
        let vectors = try EmbeddingsFolder.vectors(in: input.url, count: embeddings.count, dimension: embeddings.dimension)
        var builder = try VectorIndexBuilder(dimension: embeddings.dimension)
        for (row, record) in records.enumerated() {
            try Task.checkCancellation()
            let start = row * embeddings.dimension
            try builder.add(
                vector: Array(vectors[start..<(start + embeddings.dimension)]),
                id: record["id"]?.stringValue ?? "row-\(row)", metadata: VectorIndexRecord.metadata(record))
        }
        let folder = context.outputURL("index")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let started = ContinuousClock.now
        do {
            try builder.write(
                to: folder.appendingPathComponent(VectorIndexRecord.indexFile), kind: kind, parameters: parameters,
                threads: ProcessInfo.processInfo.activeProcessorCount)
        } catch let error as VectorIndexError {
            throw StepFailure("cannot build the index: \(error.description)")
        }
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        try FileManager.default.copyItem(
            at: input.url.appendingPathComponent(EmbeddingsFolder.recordsFile),
            to: folder.appendingPathComponent(VectorIndexRecord.recordsFile))
        var manifest: [String: JSONValue] = [
            "kind": .string(kind.rawValue), "count": .int(embeddings.count), "dimension": .int(embeddings.dimension),
            "model": .string(embeddings.model),
        ]
        if kind == .hnsw {
            manifest["m"] = .int(parameters.m)
            manifest["ef_construction"] = .int(parameters.efConstruction)
            manifest["ef_search"] = .int(parameters.efSearch)
        }
        try Data((JSONText.compact(.object(manifest)) + "\n").utf8).write(
            to: folder.appendingPathComponent(VectorIndexRecord.manifestFile))
        context.log.write(String(format: "built a %@ index of %d vectors in %.2f s", kind.rawValue, embeddings.count, seconds))
        return StepResult(outputs: ["index": StepOutput(url: folder, metadata: manifest)])
    }

    static func kind(_ text: String, count: Int) throws -> VectorIndexKind {
        switch text {
        case "auto": return count <= exactUpTo ? .exact : .hnsw
        default:
            guard let kind = VectorIndexKind(rawValue: text) else {
                throw StepFailure("parameter 'kind' must be exact, hnsw or auto, got '\(text)'")
            }
            return kind
        }
    }

    private func positive(_ name: String, _ context: StepContext) throws -> Int {
        let value = try context.parameters.int(name)
        guard value > 0 else { throw StepFailure("parameter '\(name)' must be at least 1, got \(value)") }
        return value
    }
}
