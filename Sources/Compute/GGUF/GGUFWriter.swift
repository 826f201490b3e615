import Foundation

/// Writes a GGUF file (version 3, little-endian) as llama.cpp's `gguf` writer lays it out: the magic, the
/// version, the tensor and metadata counts, the metadata pairs in the order they were set, one info per
/// tensor (name, dimensions innermost first, GGML type, offset into the data section), zero padding to
/// the alignment, then each tensor's bytes, every one starting at a multiple of the alignment.
///
/// Tensor bytes are asked for one tensor at a time while the file is written, so a model is never held in
/// memory twice, and the file is written under a temporary name and renamed when complete.
public struct GGUFWriter {
    struct Pending {
        var name: String
        var dimensions: [Int]
        var type: GGMLType
        var byteCount: Int
        var bytes: () throws -> [UInt8]
    }

    /// 32 unless `general.alignment` says otherwise, as readers assume.
    public var alignment: Int {
        metadata.first { $0.key == "general.alignment" }?.value.integer ?? GGUFHeader.defaultAlignment
    }

    public private(set) var metadata: [(key: String, value: GGUFValue)] = []
    private var pending: [Pending] = []
    private var tensorNames: Set<String> = []

    public init() {}

    /// Sets `key`, keeping its place if it was already set.
    public mutating func set(_ key: String, _ value: GGUFValue) {
        if let index = metadata.firstIndex(where: { $0.key == key }) {
            metadata[index].value = value
        } else {
            metadata.append((key, value))
        }
    }

    public mutating func removeValue(forKey key: String) {
        metadata.removeAll { $0.key == key }
    }

    public mutating func set(_ key: String, string: String) { set(key, .string(string)) }
    public mutating func set(_ key: String, uint32: UInt32) { set(key, .uint32(uint32)) }
    public mutating func set(_ key: String, float32: Float) { set(key, .float32(float32)) }

    /// The tensor names in file order.
    public var names: [String] { pending.map(\.name) }

    /// Adds a tensor of `type` with `dimensions` innermost first; `bytes` returns its data, which must be
    /// whole rows of the type's blocks, when the file is written.
    public mutating func addTensor(
        _ name: String, dimensions: [Int], type: GGMLType, bytes: @escaping () throws -> [UInt8]
    ) {
        precondition(tensorNames.insert(name).inserted, "tensor '\(name)' added twice")
        let rows = dimensions.dropFirst().reduce(1, *)
        guard let rowBytes = type.rowBytes(columns: dimensions.first ?? 1) else {
            preconditionFailure("tensor '\(name)': rows of \(dimensions.first ?? 1) are not whole \(type) blocks")
        }
        pending.append(Pending(name: name, dimensions: dimensions, type: type, byteCount: rows * rowBytes, bytes: bytes))
    }

    /// Adds a matrix or vector of floats (row-major, `dimensions` innermost first) stored as `type`: F32,
    /// F16, BF16, or the block formats `GGMLQuantizer` writes.
    public mutating func addFloats(_ name: String, dimensions: [Int], as type: GGMLType, values: @escaping () throws -> [Float]) {
        precondition(GGMLQuantizer.types.contains(type), "no quantizer for \(type)")
        let columns = dimensions.first ?? 1
        addTensor(name, dimensions: dimensions, type: type) {
            try GGMLQuantizer.quantize(try values(), columns: columns, to: type)
        }
    }

    /// Writes the file at `url`, replacing what is there. A tensor whose bytes differ from what its
    /// dimensions and type take is refused by name, and nothing is left at `url`.
    public func write(to url: URL) throws {
        let alignment = self.alignment
        let file = try StagedFile(url)
        try file.write(header(alignment: alignment))
        try file.pad(to: alignment)
        let dataStart = file.position
        for tensor in pending {
            try file.pad(to: alignment)
            let bytes = try tensor.bytes()
            guard bytes.count == tensor.byteCount else {
                throw FileWriteError(
                    file: url.relativePath,
                    message:
                        "tensor '\(tensor.name)' (\(tensor.type) \(tensor.dimensions)) was given \(bytes.count) bytes, not \(tensor.byteCount)"
                )
            }
            precondition((file.position - dataStart) % alignment == 0)
            try file.write(bytes)
        }
        // gguf-py pads after the last tensor too, so the file's length is a multiple of the alignment.
        try file.pad(to: alignment)
        try file.commit()
    }

    private func header(alignment: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        append(GGUFHeader.magic)
        append(UInt32(3))
        append(UInt64(pending.count))
        append(UInt64(metadata.count))
        for (key, value) in metadata {
            GGUFValue.encode(string: key, into: &bytes)
            append(value.type.rawValue)
            value.encode(into: &bytes)
        }
        var offset = 0
        for tensor in pending {
            GGUFValue.encode(string: tensor.name, into: &bytes)
            append(UInt32(tensor.dimensions.count))
            for dimension in tensor.dimensions { append(UInt64(dimension)) }
            append(tensor.type.rawValue)
            append(UInt64(offset))
            offset += (tensor.byteCount + alignment - 1) / alignment * alignment
        }
        return bytes
    }
}
