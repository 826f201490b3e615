import ArtifactStore
import Foundation

/// The `embeddings` folder the index step is pinned on: six unit vectors of eight components, each
/// component 0 or ±0.5, so that any normalization or product the index makes is exact in float32 and
/// its digest cannot depend on the machine, as the encoder's floats do.
enum GoldenEmbeddings {
    static let dimension = 8

    static let vectors: [[Float]] = (0..<6).map { row in
        (0..<dimension).map { column in
            guard (column + row) % 2 == 0 else { return 0 }
            return (column / 2 + row) % 3 == 0 ? -0.5 : 0.5
        }
    }

    static let records: [JSONValue] = vectors.indices.map { row in
        .object([
            "id": .string("golden-chunk-\(row)"), "document_id": .string("golden-document-\(row / 2)"),
            "author": .string(row < 4 ? "Jordan Ellis" : "Sam Okafor"), "platform": .string(row % 2 == 0 ? "medium" : "linkedin"),
            "kind": .string(row % 2 == 0 ? "article" : "post"), "link": .string("https://example.com/\(row / 2)"),
            "text": .string("Golden chunk number \(row)."),
        ])
    }

    static func write(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var bytes = Data()
        for value in vectors.joined() {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        try bytes.write(to: folder.appendingPathComponent("vectors.f32"))
        try Data(records.map { JSONText.compact($0) + "\n" }.joined().utf8).write(
            to: folder.appendingPathComponent("records.jsonl"))
        let manifest: JSONValue = .object([
            "count": .int(vectors.count), "dimension": .int(dimension), "model": "golden", "normalized": true,
        ])
        try Data((JSONText.compact(manifest) + "\n").utf8).write(to: folder.appendingPathComponent("embeddings.json"))
    }
}
