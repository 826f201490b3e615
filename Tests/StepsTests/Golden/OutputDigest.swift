import ArtifactStore
import Foundation

/// How a golden output is digested. Most outputs are pinned by their content digest as the store
/// computes it; two kinds hold bytes that differ between machines or test runs for reasons that are
/// not the step's behaviour, and are pinned by a digest of what does not.
enum OutputDigest {
    /// The store's content digest (`ContentHash`): every byte of the file or folder.
    case content
    /// An `embeddings` folder: `records.jsonl` and `embeddings.json` byte for byte, and for each vector
    /// its length to two decimals and the signed positions of its five largest components. The floats
    /// themselves differ in their last bits from one processor to another (OpenBLAS picks its matrix
    /// kernels by processor, and they sum in different orders); what is pinned survives that.
    case embeddingsStructure
    /// A folder whose files may quote the replay server's address, which has a new port in every
    /// test: that address is replaced by a fixed one before each file is hashed.
    case replacing(String)
    /// A `model` folder (a PEFT adapter): `adapter_config.json`, `model.json` and the training log's steps
    /// byte for byte, and each tensor's name, dtype and shape. The trained values sum over tokens with
    /// BLAS, whose order differs between processors; the PEFT reference tests pin the numbers.
    case adapterStructure
    /// An `evaluation` report: `report.json` and `examples.jsonl` with every fractional number replaced by
    /// a mark, and the rest (names, counts, models, the gate) byte for byte. Perplexities come out of BLAS
    /// sums whose order differs between processors; the evaluation reference test pins the numbers.
    case evaluationStructure

    static let replayAddress = "http://replay.invalid"

    func digest(of url: URL, sha256: String) throws -> String {
        switch self {
        case .content: return sha256
        case .embeddingsStructure: return try Self.embeddingsDigest(url)
        case .replacing(let address): return try Self.folderDigest(url, replacing: address)
        case .adapterStructure: return try Self.adapterDigest(url)
        case .evaluationStructure: return try Self.evaluationDigest(url)
        }
    }

    private static func embeddingsDigest(_ folder: URL) throws -> String {
        let manifest = try Data(contentsOf: folder.appendingPathComponent("embeddings.json"))
        let records = try Data(contentsOf: folder.appendingPathComponent("records.jsonl"))
        guard let dimension = try JSONText.parse(manifest)["dimension"]?.intValue, dimension > 0 else {
            throw GoldenFailure("\(folder.path): embeddings.json has no dimension")
        }
        let bytes = try Data(contentsOf: folder.appendingPathComponent("vectors.f32"))
        let floats = stride(from: 0, to: bytes.count, by: 4).map { offset in
            Float(
                bitPattern: UInt32(littleEndian: bytes[offset..<offset + 4].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) })
            )
        }
        let rows: [JSONValue] = stride(from: 0, to: floats.count, by: dimension).map { start in
            let row = Array(floats[start..<min(start + dimension, floats.count)])
            let length = (row.reduce(0) { $0 + Double($1) * Double($1) }).squareRoot()
            let largest = row.indices.sorted { abs(row[$0]) > abs(row[$1]) }.prefix(5).sorted()
            let signed = largest.map { JSONValue.int(row[$0] < 0 ? -($0 + 1) : $0 + 1) }
            return .array([.int(Int((length * 100).rounded())), .array(signed)])
        }
        return Hashing.digest(
            tag: "golden-embeddings/v1", [.string(Hashing.sha256(manifest)), .string(Hashing.sha256(records)), .array(rows)])
    }

    private static func adapterDigest(_ folder: URL) throws -> String {
        func file(_ name: String) throws -> JSONValue {
            .string(Hashing.sha256(try Data(contentsOf: folder.appendingPathComponent(name))))
        }
        let weights = try SafetensorsHeaderSummary.tensors(folder.appendingPathComponent("adapter_model.safetensors"))
        let steps = try String(contentsOf: folder.appendingPathComponent("training_log.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { line in try JSONText.parse(String(line))["step"] ?? .null }
        return Hashing.digest(
            tag: "golden-adapter/v1",
            [try file("adapter_config.json"), try file("model.json"), .array(steps), .array(weights)])
    }

    private static func evaluationDigest(_ folder: URL) throws -> String {
        func structure(_ value: JSONValue) -> JSONValue {
            switch value {
            case .double: return "<number>"
            case .array(let items): return .array(items.map(structure))
            case .object(let fields): return .object(fields.mapValues(structure))
            default: return value
            }
        }
        func file(_ name: String, lines: Bool) throws -> JSONValue {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            let values = try (lines ? text.split(separator: "\n").map(String.init) : [text]).map {
                JSONText.compact(structure(try JSONText.parse($0)))
            }
            return .string(Hashing.sha256(values.joined(separator: "\n")))
        }
        return Hashing.digest(
            tag: "golden-evaluation/v1", [try file("report.json", lines: false), try file("examples.jsonl", lines: true)])
    }

    private static func folderDigest(_ folder: URL, replacing address: String) throws -> String {
        func normalized(_ url: URL) throws -> String {
            Hashing.sha256(
                String(decoding: try Data(contentsOf: url), as: UTF8.self).replacingOccurrences(of: address, with: replayAddress))
        }
        guard try folder.resourceValues(forKeys: [.isDirectoryKey]).isDirectory == true else {
            return Hashing.digest(tag: "golden-file/v1", [.string(try normalized(folder))])
        }
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        var entries: [(String, String)] = []
        let prefix = folder.standardizedFileURL.path + "/"
        while let url = files?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            entries.append((String(url.standardizedFileURL.path.dropFirst(prefix.count)), try normalized(url)))
        }
        return Hashing.digest(
            tag: "golden-folder/v1", entries.sorted { $0.0 < $1.0 }.map { .array([.string($0.0), .string($0.1)]) })
    }
}

/// A golden fixture that could not be read or digested.
struct GoldenFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The tensors a safetensors header lists, as `[name, dtype, shape]`, read without any model code.
enum SafetensorsHeaderSummary {
    static func tensors(_ url: URL) throws -> [JSONValue] {
        let data = try Data(contentsOf: url)
        guard data.count >= 8 else { throw GoldenFailure("\(url.path) is too short for a safetensors file") }
        let length = data.prefix(8).withUnsafeBytes { Int(UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))) }
        guard let header = try JSONText.parse(Data(data[8..<(8 + length)])).objectValue else {
            throw GoldenFailure("\(url.path) has no header object")
        }
        return header.keys.sorted().filter { $0 != "__metadata__" }.map { name in
            .array([.string(name), header[name]?["dtype"] ?? .null, header[name]?["shape"] ?? .null])
        }
    }
}
