/// Writes the GGUF format by hand, so tests control every byte, including the wrong ones.
struct GGUFBytes {
    struct Tensor {
        var name: String
        var dimensions: [UInt64]
        var type: UInt32
        /// nil places the tensor after the previous one, at the next multiple of the alignment.
        var offset: UInt64?
        var data: [UInt8]
    }

    var magic: [UInt8] = Array("GGUF".utf8)
    var version: UInt32 = 3
    /// Metadata entries as already-encoded type tag and value bytes.
    var metadata: [(key: String, type: UInt32, value: [UInt8])] = []
    var tensors: [Tensor] = []
    var alignment = 32
    /// Overrides the counts the header states (to lie about them).
    var tensorCount: UInt64?
    var metadataCount: UInt64?

    static func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    static func string(_ text: String) -> [UInt8] { le(UInt64(text.utf8.count)) + Array(text.utf8) }

    mutating func add(_ key: String, uint32 value: UInt32) { metadata.append((key, 4, Self.le(value))) }
    mutating func add(_ key: String, string value: String) { metadata.append((key, 8, Self.string(value))) }
    mutating func add(_ key: String, strings: [String]) {
        metadata.append((key, 9, Self.le(UInt32(8)) + Self.le(UInt64(strings.count)) + strings.flatMap(Self.string)))
    }

    /// A float32 tensor of `rows` × `columns` holding 0, 1, 2, ...
    mutating func addFloats(_ name: String, rows: Int, columns: Int, offset: UInt64? = nil) {
        let data = (0..<(rows * columns)).flatMap { Self.le(Float($0).bitPattern) }
        tensors.append(Tensor(name: name, dimensions: [UInt64(columns), UInt64(rows)], type: 0, offset: offset, data: data))
    }

    var bytes: [UInt8] {
        var out = magic + Self.le(version)
        out += Self.le(tensorCount ?? UInt64(tensors.count)) + Self.le(metadataCount ?? UInt64(metadata.count))
        for entry in metadata { out += Self.string(entry.key) + Self.le(entry.type) + entry.value }
        var data: [UInt8] = []
        for tensor in tensors {
            let offset = tensor.offset ?? UInt64(padded(data.count))
            out += Self.string(tensor.name) + Self.le(UInt32(tensor.dimensions.count)) + tensor.dimensions.flatMap(Self.le)
            out += Self.le(tensor.type) + Self.le(offset)
            if Int(offset) > data.count { data += [UInt8](repeating: 0, count: Int(offset) - data.count) }
            if Int(offset) == data.count { data += tensor.data }
        }
        out += [UInt8](repeating: 0, count: padded(out.count) - out.count)
        return out + data
    }

    private func padded(_ count: Int) -> Int { (count + alignment - 1) / alignment * alignment }
}
