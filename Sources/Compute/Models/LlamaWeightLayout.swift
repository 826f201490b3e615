/// The tensors a Llama-family decoder reads, named as transformers' `LlamaForCausalLM` saves them, with the
/// shapes `config.json` implies.
public enum LlamaWeightLayout {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var shape: [Int]
    }

    public static func entries(for config: LlamaConfiguration) -> [Entry] {
        let hidden = config.hiddenSize
        let query = config.queryWidth
        let keyValue = config.keyValueWidth
        let inner = config.intermediateSize
        var entries = [Entry(name: "model.embed_tokens.weight", shape: [config.vocabularySize, hidden])]
        for layer in 0..<config.layers {
            let prefix = "model.layers.\(layer)."
            entries += [
                Entry(name: prefix + "input_layernorm.weight", shape: [hidden]),
                Entry(name: prefix + "self_attn.q_proj.weight", shape: [query, hidden]),
                Entry(name: prefix + "self_attn.k_proj.weight", shape: [keyValue, hidden]),
                Entry(name: prefix + "self_attn.v_proj.weight", shape: [keyValue, hidden]),
            ]
            if config.queryKeyValueBias {
                entries += [
                    Entry(name: prefix + "self_attn.q_proj.bias", shape: [query]),
                    Entry(name: prefix + "self_attn.k_proj.bias", shape: [keyValue]),
                    Entry(name: prefix + "self_attn.v_proj.bias", shape: [keyValue]),
                ]
            }
            entries.append(Entry(name: prefix + "self_attn.o_proj.weight", shape: [hidden, query]))
            if config.outputBias { entries.append(Entry(name: prefix + "self_attn.o_proj.bias", shape: [hidden])) }
            entries += [
                Entry(name: prefix + "post_attention_layernorm.weight", shape: [hidden]),
                Entry(name: prefix + "mlp.gate_proj.weight", shape: [inner, hidden]),
                Entry(name: prefix + "mlp.up_proj.weight", shape: [inner, hidden]),
                Entry(name: prefix + "mlp.down_proj.weight", shape: [hidden, inner]),
            ]
        }
        entries.append(Entry(name: "model.norm.weight", shape: [hidden]))
        if !config.tiesWordEmbeddings {
            entries.append(Entry(name: "lm_head.weight", shape: [config.vocabularySize, hidden]))
        }
        return entries
    }

    /// Checks that `weights` holds every entry with its shape and a dtype that reads as Float. The first
    /// missing or mis-shaped tensor is reported by name, with the config.json values its shape comes from.
    public static func check(_ weights: ShardedSafetensors, against config: LlamaConfiguration, configFile: String) throws {
        for entry in entries(for: config) {
            guard let (tensor, file) = weights.tensorIfPresent(entry.name) else {
                let hint = entry.name == "lm_head.weight" ? ", with tie_word_embeddings false" : ""
                throw ModelFileError(
                    .missing, file: weights.path,
                    message:
                        "has no tensor '\(entry.name)', which \(configFile) (\(reason(for: entry.name, config))\(hint)) needs")
            }
            try WeightTensorCheck.check(
                tensor, name: entry.name, shape: entry.shape, file: file.path, configFile: configFile,
                reason: reason(for: entry.name, config))
        }
    }

    /// The config.json values a tensor's shape comes from, for error messages.
    private static func reason(for name: String, _ config: LlamaConfiguration) -> String {
        var parts = ["hidden_size \(config.hiddenSize)"]
        if name.hasPrefix("model.layers.") { parts.append("num_hidden_layers \(config.layers)") }
        if name.contains("embed_tokens") || name.hasPrefix("lm_head") { parts.append("vocab_size \(config.vocabularySize)") }
        if name.contains("q_proj") || name.contains("o_proj") {
            parts += ["num_attention_heads \(config.attentionHeads)", "head size \(config.headSize)"]
        }
        if name.contains("k_proj") || name.contains("v_proj") {
            parts += ["num_key_value_heads \(config.keyValueHeads)", "head size \(config.headSize)"]
        }
        if name.contains("mlp.") { parts.append("intermediate_size \(config.intermediateSize)") }
        return parts.joined(separator: ", ")
    }
}
