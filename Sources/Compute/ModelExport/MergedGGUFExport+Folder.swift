import Foundation

/// Writing a model folder as GGUF: llama.cpp's converter, for the Llama-family models the decoder reads.
extension MergedGGUFExport {
    static func fromFolder(_ adapter: LoRAAdapter, base: BaseModel, type: GGMLType, to url: URL) throws -> [String] {
        let config = base.configuration
        let tensors = try ShardedSafetensors(folder: base.url)
        try LlamaWeightLayout.check(tensors, against: config, configFile: base.configurationFile)
        let tokenizer = try GGUFTokenizerMetadata(folder: base.url, vocabularySize: config.vocabularySize)
        let architecture = config.ggufArchitecture
        var writer = GGUFWriter()
        writer.set("general.architecture", string: architecture)
        writer.set("general.name", string: base.url.lastPathComponent)
        writer.set("general.file_type", uint32: type.llamaFileType!)
        writer.set("general.quantization_version", uint32: 2)
        for (key, value) in try config.ggufMetadata(configFile: base.configurationFile) { writer.set(key, value) }
        for (key, value) in tokenizer.entries { writer.set(key, value) }
        let scale = adapter.configuration.scale
        for entry in LlamaWeightLayout.entries(for: config) {
            let (name, permutedHeads) = ggufName(entry.name, config)
            let pair = MergedSafetensorsExport.pair(for: entry.name, in: adapter)
            let isMatrix = entry.shape.count == 2
            writer.addFloats(name, dimensions: entry.shape.reversed(), as: isMatrix ? type : .f32) {
                var floats = try tensors.floats(entry.name)
                if let pair { floats = pair.merged(into: floats, scale: scale) }
                guard let heads = permutedHeads, architecture == "llama" else { return floats }
                let permuted = floats.withUnsafeBytes { LlamaWeights.permutedRows($0, rows: entry.shape[0], heads: heads) }
                return permuted.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
            }
        }
        if config.ropeScaling != nil, let factors = config.ggufRopeFrequencyFactors {
            writer.addFloats("rope_freqs.weight", dimensions: [factors.count], as: .f32) { factors }
        }
        try writer.write(to: url)
        return tokenizer.notes
    }

    /// llama.cpp's name for a transformers tensor, and the heads its rows are permuted within (query and
    /// key weights) in a Llama file.
    static func ggufName(_ name: String, _ config: LlamaConfiguration) -> (String, Int?) {
        switch name {
        case "model.embed_tokens.weight": return ("token_embd.weight", nil)
        case "model.norm.weight": return ("output_norm.weight", nil)
        case "lm_head.weight": return ("output.weight", nil)
        default: break
        }
        let parts = name.split(separator: ".").map(String.init)
        precondition(parts.count >= 5 && parts[0] == "model" && parts[1] == "layers", "not a layer tensor: \(name)")
        let block = "blk.\(parts[2])."
        let module = parts[3..<(parts.count - 1)].joined(separator: ".")
        let kind = parts[parts.count - 1]
        switch module {
        case "input_layernorm": return (block + "attn_norm.\(kind)", nil)
        case "post_attention_layernorm": return (block + "ffn_norm.\(kind)", nil)
        default:
            guard let target = LoRATarget.allCases.first(where: { $0.modulePath == module }) else {
                preconditionFailure("no GGUF name for \(name)")
            }
            let heads = kind == "weight" && target.isPermuted(inGGUF: "llama") ? target.heads(in: config) : nil
            return (block + "\(target.ggufName).\(kind)", heads)
        }
    }
}
