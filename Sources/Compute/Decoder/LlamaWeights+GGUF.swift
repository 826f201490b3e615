/// Reading a decoder's weights from a GGUF file whose tensors `LlamaGGUFLayout.check` has accepted.
extension LlamaWeights {
    /// Copies every tensor out of `file`. Linear layers keep their GGML type unless `exact`, which dequantizes
    /// them to float32 (value for value what ggml computes from the blocks), the fidelity path.
    init(_ file: GGUFFile, configuration config: LlamaConfiguration, exact: Bool) throws {
        // llama.cpp's converter permutes the query and key rows of Llama models so that ggml's rotary
        // embedding can rotate adjacent pairs; the decoder rotates halves, as transformers does.
        let permuted = config.modelType == "llama"
        func matrix(_ name: String, heads: Int? = nil) throws -> WeightMatrix {
            let tensor = try file.tensor(name)
            let rows = tensor.dimensions.count > 1 ? tensor.dimensions[1] : 1
            let columns = tensor.dimensions[0]
            let matrix = try file.withUnsafeBytes(of: tensor) { bytes in
                do {
                    if let heads, permuted {
                        let reordered = Self.unpermutedRows(bytes, rows: rows, heads: heads)
                        return try reordered.withUnsafeBytes {
                            try WeightMatrix(type: tensor.type, rows: rows, columns: columns, copying: $0)
                        }
                    }
                    return try WeightMatrix(type: tensor.type, rows: rows, columns: columns, copying: bytes)
                } catch let error as WeightMatrixError {
                    throw ModelFileError(.unsupported, file: file.path, message: "tensor '\(name)': \(error.message)")
                }
            }
            return exact && !matrix.isDense ? matrix.dequantized() : matrix
        }
        func vector(_ name: String) throws -> FloatBuffer {
            let widened = try matrix(name)
            return FloatBuffer(Array(UnsafeBufferPointer(start: widened.floats, count: widened.columns)))
        }
        let embeddings = try matrix("token_embd.weight")
        let layers = try (0..<config.layers).map { index in
            let prefix = "blk.\(index)."
            let biases =
                config.queryKeyValueBias ? try ["attn_q", "attn_k", "attn_v"].map { try vector(prefix + $0 + ".bias") } : nil
            return Layer(
                inputNorm: try vector(prefix + "attn_norm.weight"),
                queryKeyValue: Self.stacked([
                    try matrix(prefix + "attn_q.weight", heads: config.attentionHeads),
                    try matrix(prefix + "attn_k.weight", heads: config.keyValueHeads),
                    try matrix(prefix + "attn_v.weight"),
                ]),
                queryKeyValueBias: biases.map { parts in
                    FloatBuffer(parts.flatMap { Array(UnsafeBufferPointer(start: $0.base, count: $0.count)) })
                },
                output: try matrix(prefix + "attn_output.weight"), outputBias: nil,
                postAttentionNorm: try vector(prefix + "ffn_norm.weight"),
                gateUp: Self.stacked([try matrix(prefix + "ffn_gate.weight"), try matrix(prefix + "ffn_up.weight")]),
                down: try matrix(prefix + "ffn_down.weight"))
        }
        self.init(
            embeddings: embeddings, layers: layers, finalNorm: try vector("output_norm.weight"),
            head: config.tiesWordEmbeddings ? embeddings : try matrix("output.weight"))
    }

    /// One matrix of the parts' rows. Quantized files may give q, k and v (or gate and up) different types
    /// (a Q4_K_M file keeps some of them in Q6_K); rows of different types cannot share a matrix, so those
    /// parts are stacked as float32.
    static func stacked(_ parts: [WeightMatrix]) -> WeightMatrix {
        if parts.allSatisfy({ $0.type == parts[0].type }) { return WeightMatrix.stacking(parts) }
        return WeightMatrix.stacking(parts.map { $0.isDense ? $0 : $0.dequantized() })
    }

    /// Undoes the converter's `w.reshape(heads, 2, half, in).swapaxes(1, 2).reshape(out, in)`: within each
    /// head, the file's row `2i + j` is transformers' row `j · half + i`. Whole rows move, so this works on
    /// quantized blocks as well as floats.
    static func unpermutedRows(_ bytes: UnsafeRawBufferPointer, rows: Int, heads: Int) -> [UInt8] {
        movingRows(bytes, rows: rows, heads: heads, toFileOrder: false)
    }

    /// The converter's permutation itself, transformers' rows into the file's order: what a GGUF writer
    /// applies to the query and key rows of a Llama model (and to `B` of their LoRA adapters).
    static func permutedRows(_ bytes: UnsafeRawBufferPointer, rows: Int, heads: Int) -> [UInt8] {
        movingRows(bytes, rows: rows, heads: heads, toFileOrder: true)
    }

    /// Within each head, the file's row `2i + j` is transformers' row `j · half + i`.
    private static func movingRows(_ bytes: UnsafeRawBufferPointer, rows: Int, heads: Int, toFileOrder: Bool) -> [UInt8] {
        let rowBytes = bytes.count / max(rows, 1)
        let headSize = rows / heads
        let half = headSize / 2
        var result = [UInt8](repeating: 0, count: bytes.count)
        result.withUnsafeMutableBytes { target in
            for head in 0..<heads {
                for row in 0..<headSize {
                    let fileRow = head * headSize + (row % half) * 2 + row / half
                    let modelRow = head * headSize + row
                    let (source, destination) = toFileOrder ? (modelRow, fileRow) : (fileRow, modelRow)
                    target.baseAddress!.advanced(by: destination * rowBytes)
                        .copyMemory(from: bytes.baseAddress!.advanced(by: source * rowBytes), byteCount: rowBytes)
                }
            }
        }
        return result
    }
}
