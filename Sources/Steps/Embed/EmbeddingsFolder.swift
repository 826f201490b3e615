import ArtifactStore
import Foundation
import Orchestrator

/// The `embeddings` artifact, a folder:
///
/// - `vectors.f32`: `count × dimension` little-endian float32s, row-major, one row per record;
/// - `records.jsonl`: the records the vectors embed (chunks with their text and metadata), in row order;
/// - `embeddings.json`: `{"count", "dimension", "model", "normalized"}`.
///
/// Raw floats rather than JSON because they are most of the bytes, and the index step maps them as they are.
struct EmbeddingsFolder {
    static let vectorsFile = "vectors.f32"
    static let recordsFile = "records.jsonl"
    static let manifestFile = "embeddings.json"

    var count: Int
    var dimension: Int
    var model: String
    var normalized: Bool

    static func write(
        vectors: [[Float]], records: [String], model: String, normalized: Bool, dimension: Int, to folder: URL
    ) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var bytes = Data(capacity: vectors.count * dimension * 4)
        for vector in vectors {
            precondition(vector.count == dimension, "an embedding of \(vector.count) floats in a folder of \(dimension)")
            for value in vector { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        }
        try bytes.write(to: folder.appendingPathComponent(vectorsFile))
        try Data(records.map { $0 + "\n" }.joined().utf8).write(to: folder.appendingPathComponent(recordsFile))
        let manifest: JSONValue = .object([
            "count": .int(vectors.count), "dimension": .int(dimension), "model": .string(model),
            "normalized": .bool(normalized),
        ])
        try Data((JSONText.compact(manifest) + "\n").utf8).write(to: folder.appendingPathComponent(manifestFile))
    }

    /// Reads the manifest and checks the other two files agree with it; `label` names the artifact in errors.
    static func open(_ folder: URL, label: String) throws -> EmbeddingsFolder {
        let manifestURL = folder.appendingPathComponent(manifestFile)
        guard let data = FileManager.default.contents(atPath: manifestURL.path),
            let object = (try? JSONText.parse(String(decoding: data, as: UTF8.self)))?.objectValue,
            let count = object["count"]?.intValue, let dimension = object["dimension"]?.intValue, dimension > 0
        else {
            throw StepFailure("\(label): not an embeddings folder (\(manifestFile) is missing or has no count and dimension)")
        }
        let size =
            (try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(vectorsFile).path)[.size])
            as? Int
        guard size == count * dimension * 4 else {
            throw StepFailure(
                "\(label): \(vectorsFile) holds \(size.map(String.init) ?? "no") bytes, but \(count) vectors of \(dimension) floats need \(count * dimension * 4)"
            )
        }
        return EmbeddingsFolder(
            count: count, dimension: dimension, model: object["model"]?.stringValue ?? "",
            normalized: object["normalized"]?.boolValue ?? false)
    }

    static func vectors(in folder: URL, count: Int, dimension: Int) throws -> [Float] {
        let data = try Data(contentsOf: folder.appendingPathComponent(vectorsFile), options: .alwaysMapped)
        return data.withUnsafeBytes { raw in
            (0..<(count * dimension)).map {
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
            }
        }
    }
}
