/// The tensors a Llama-family decoder reads from a GGUF file, named as llama.cpp's converter writes them,
/// with the dimensions the metadata implies (innermost first, so a `[out, in]` matrix is `[in, out]`).
public enum LlamaGGUFLayout {
    public struct Entry: Sendable, Equatable {
        public var name: String
        /// GGUF order: innermost first.
        public var dimensions: [Int]
        /// Whether the tensor is a linear layer's weight, held as a `WeightMatrix` (and so possibly quantized);
        /// the others (norms, biases) are read as floats.
        public var isMatrix: Bool
    }

    public static func entries(for config: LlamaConfiguration) -> [Entry] {
        let hidden = config.hiddenSize
        let query = config.queryWidth
        let keyValue = config.keyValueWidth
        let inner = config.intermediateSize
        func matrix(_ name: String, rows: Int, columns: Int) -> Entry {
            Entry(name: name, dimensions: [columns, rows], isMatrix: true)
        }
        func vector(_ name: String, _ count: Int) -> Entry { Entry(name: name, dimensions: [count], isMatrix: false) }
        var entries = [matrix("token_embd.weight", rows: config.vocabularySize, columns: hidden)]
        for layer in 0..<config.layers {
            let prefix = "blk.\(layer)."
            entries += [
                vector(prefix + "attn_norm.weight", hidden),
                matrix(prefix + "attn_q.weight", rows: query, columns: hidden),
                matrix(prefix + "attn_k.weight", rows: keyValue, columns: hidden),
                matrix(prefix + "attn_v.weight", rows: keyValue, columns: hidden),
            ]
            if config.queryKeyValueBias {
                entries += [
                    vector(prefix + "attn_q.bias", query), vector(prefix + "attn_k.bias", keyValue),
                    vector(prefix + "attn_v.bias", keyValue),
                ]
            }
            entries += [
                matrix(prefix + "attn_output.weight", rows: hidden, columns: query),
                vector(prefix + "ffn_norm.weight", hidden),
                matrix(prefix + "ffn_gate.weight", rows: inner, columns: hidden),
                matrix(prefix + "ffn_up.weight", rows: inner, columns: hidden),
                matrix(prefix + "ffn_down.weight", rows: hidden, columns: inner),
            ]
        }
        entries.append(vector("output_norm.weight", hidden))
        if !config.tiesWordEmbeddings { entries.append(matrix("output.weight", rows: config.vocabularySize, columns: hidden)) }
        return entries
    }

    /// The float types norms and biases may have; they are small, so they are always widened to float32.
    static let vectorTypes: Set<GGMLType> = [.f32, .f16, .bf16]

    /// Checks that `file` holds every entry with its dimensions and a type this build computes. The first
    /// missing, mis-shaped or unsupported tensor is reported by name, with the metadata its shape comes from.
    public static func check(_ file: GGUFFile, against config: LlamaConfiguration) throws {
        // Every layer has at least nine tensors; a block count the file cannot hold is refused before a list
        // of that many layers' entries is made.
        guard config.layers <= file.tensors.count / 9 else {
            throw ModelFileError(
                .mismatch, file: file.path,
                message:
                    "metadata '\(config.modelType).block_count' is \(config.layers), but the file has only \(file.tensors.count) tensors"
            )
        }
        for entry in entries(for: config) {
            guard let tensor = file.tensorIfPresent(entry.name) else {
                throw ModelFileError(
                    .missing, file: file.path,
                    message: "has no tensor '\(entry.name)', which the metadata (\(reason(for: entry.name, config))) needs")
            }
            guard tensor.dimensions == entry.dimensions else {
                throw ModelFileError(
                    .mismatch, file: file.path,
                    message:
                        "tensor '\(entry.name)' has dimensions \(tensor.dimensions), but the metadata (\(reason(for: entry.name, config))) "
                        + "needs \(entry.dimensions) (innermost first)")
            }
            let supported = entry.isMatrix ? WeightMatrix.supportedTypes : vectorTypes
            guard supported.contains(tensor.type) else {
                let names = GGMLType.allCases.filter(supported.contains).map(\.description).joined(separator: ", ")
                throw ModelFileError(
                    .unsupported, file: file.path,
                    message: "tensor \(entry.name) is \(tensor.type), which this build cannot compute; supported: \(names)")
            }
        }
    }

    /// The metadata values a tensor's shape comes from, for error messages.
    private static func reason(for name: String, _ config: LlamaConfiguration) -> String {
        var parts = ["embedding_length \(config.hiddenSize)"]
        if name.hasPrefix("blk.") { parts.append("block_count \(config.layers)") }
        if name.hasPrefix("token_embd") || name.hasPrefix("output.") { parts.append("vocabulary \(config.vocabularySize)") }
        if name.contains("attn_q") || name.contains("attn_output") {
            parts += ["head_count \(config.attentionHeads)", "head size \(config.headSize)"]
        }
        if name.contains("attn_k") || name.contains("attn_v") {
            parts += ["head_count_kv \(config.keyValueHeads)", "head size \(config.headSize)"]
        }
        if name.contains("ffn_gate") || name.contains("ffn_up") || name.contains("ffn_down") {
            parts.append("feed_forward_length \(config.intermediateSize)")
        }
        return parts.joined(separator: ", ")
    }
}
