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
    mutating func add(_ key: String, float32 value: Float) { metadata.append((key, 6, Self.le(value.bitPattern))) }
    mutating func add(_ key: String, string value: String) { metadata.append((key, 8, Self.string(value))) }
    mutating func add(_ key: String, strings: [String]) {
        metadata.append((key, 9, Self.le(UInt32(8)) + Self.le(UInt64(strings.count)) + strings.flatMap(Self.string)))
    }

    /// A float32 tensor of `rows` × `columns` holding 0, 1, 2, ...
    mutating func addFloats(_ name: String, rows: Int, columns: Int, offset: UInt64? = nil) {
        let data = (0..<(rows * columns)).flatMap { Self.le(Float($0).bitPattern) }
        tensors.append(Tensor(name: name, dimensions: [UInt64(columns), UInt64(rows)], type: 0, offset: offset, data: data))
    }

    /// A zero-filled tensor of `type` (a GGML id) with `dimensions` innermost first.
    mutating func addZeros(_ name: String, dimensions: [Int], type: UInt32 = 0, rowBytes: Int? = nil) {
        let rows = dimensions.dropFirst().reduce(1, *)
        let data = [UInt8](repeating: 0, count: rows * (rowBytes ?? dimensions[0] * 4))
        tensors.append(Tensor(name: name, dimensions: dimensions.map(UInt64.init), type: type, offset: nil, data: data))
    }

    /// A structurally valid one-layer Llama of zeros: hidden 256, 2 heads of 128, 1 KV head, feed-forward
    /// 256, vocabulary 4 (256 values make one block of every GGML type, so tests can swap any type in).
    static func tinyLlama() -> GGUFBytes {
        var b = GGUFBytes()
        b.add("general.architecture", string: "llama")
        for (key, value) in [
            ("block_count", 1), ("context_length", 64), ("embedding_length", 256), ("feed_forward_length", 256),
            ("attention.head_count", 2), ("attention.head_count_kv", 1), ("vocab_size", 4),
        ] {
            b.add("llama." + key, uint32: UInt32(value))
        }
        b.add("llama.attention.layer_norm_rms_epsilon", float32: 1e-5)
        b.addZeros("token_embd.weight", dimensions: [256, 4])
        for name in ["attn_norm", "ffn_norm"] { b.addZeros("blk.0.\(name).weight", dimensions: [256]) }
        b.addZeros("blk.0.attn_q.weight", dimensions: [256, 256])
        b.addZeros("blk.0.attn_k.weight", dimensions: [256, 128])
        b.addZeros("blk.0.attn_v.weight", dimensions: [256, 128])
        for name in ["attn_output", "ffn_gate", "ffn_up", "ffn_down"] {
            b.addZeros("blk.0.\(name).weight", dimensions: [256, 256])
        }
        b.addZeros("output_norm.weight", dimensions: [256])
        return b
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
