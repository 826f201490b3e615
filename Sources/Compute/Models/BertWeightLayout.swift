/// The tensors a BERT encoder reads from `model.safetensors`, named as transformers' `BertModel` saves them,
/// with the shapes `config.json` implies. A checkpoint saved from a task model (`BertForMaskedLM`, ...)
/// has the same names under `bert.`; both are accepted.
public enum BertWeightLayout {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var shape: [Int]
    }

    /// Every tensor the encoder needs, in the order it uses them. The pooler is not needed: sentence
    /// embeddings pool the last hidden states themselves.
    public static func entries(for config: BertConfiguration) -> [Entry] {
        let hidden = config.hiddenSize
        var entries = [
            Entry(name: "embeddings.word_embeddings.weight", shape: [config.vocabularySize, hidden]),
            Entry(name: "embeddings.position_embeddings.weight", shape: [config.maxPositionEmbeddings, hidden]),
            Entry(name: "embeddings.token_type_embeddings.weight", shape: [config.typeVocabularySize, hidden]),
            Entry(name: "embeddings.LayerNorm.weight", shape: [hidden]),
            Entry(name: "embeddings.LayerNorm.bias", shape: [hidden]),
        ]
        for layer in 0..<config.layers {
            let prefix = "encoder.layer.\(layer)."
            for projection in ["query", "key", "value"] {
                entries.append(Entry(name: prefix + "attention.self.\(projection).weight", shape: [hidden, hidden]))
                entries.append(Entry(name: prefix + "attention.self.\(projection).bias", shape: [hidden]))
            }
            entries += [
                Entry(name: prefix + "attention.output.dense.weight", shape: [hidden, hidden]),
                Entry(name: prefix + "attention.output.dense.bias", shape: [hidden]),
                Entry(name: prefix + "attention.output.LayerNorm.weight", shape: [hidden]),
                Entry(name: prefix + "attention.output.LayerNorm.bias", shape: [hidden]),
                Entry(name: prefix + "intermediate.dense.weight", shape: [config.intermediateSize, hidden]),
                Entry(name: prefix + "intermediate.dense.bias", shape: [config.intermediateSize]),
                Entry(name: prefix + "output.dense.weight", shape: [hidden, config.intermediateSize]),
                Entry(name: prefix + "output.dense.bias", shape: [hidden]),
                Entry(name: prefix + "output.LayerNorm.weight", shape: [hidden]),
                Entry(name: prefix + "output.LayerNorm.bias", shape: [hidden]),
            ]
        }
        return entries
    }

    /// Checks that `weights` holds every entry with its shape and a dtype that reads as Float, and returns
    /// the prefix its names use (`""` or `"bert."`). The first missing or mis-shaped tensor is reported by
    /// name, with the config.json value that decides its shape.
    public static func check(_ weights: SafetensorsFile, against config: BertConfiguration, configFile: String) throws -> String {
        let entries = entries(for: config)
        let prefix = ["", "bert."].first { weights.tensorIfPresent($0 + entries[0].name) != nil }
        guard let prefix else {
            throw ModelFileError(
                .missing, file: weights.path,
                message: "has no tensor '\(entries[0].name)' (nor 'bert.\(entries[0].name)'): is this a BERT model?")
        }
        for entry in entries {
            let name = prefix + entry.name
            guard let tensor = weights.tensorIfPresent(name) else {
                throw ModelFileError(
                    .missing, file: weights.path,
                    message: "has no tensor '\(name)', which \(configFile) (\(reason(for: entry.name, config))) needs")
            }
            try WeightTensorCheck.check(
                tensor, name: name, shape: entry.shape, file: weights.path, configFile: configFile,
                reason: reason(for: entry.name, config))
        }
        return prefix
    }

    /// The config.json values a tensor's shape comes from, for error messages.
    private static func reason(for name: String, _ config: BertConfiguration) -> String {
        var parts = ["hidden_size \(config.hiddenSize)"]
        if name.hasPrefix("encoder.layer.") { parts.append("num_hidden_layers \(config.layers)") }
        if name.contains("word_embeddings") { parts.append("vocab_size \(config.vocabularySize)") }
        if name.contains("position_embeddings") { parts.append("max_position_embeddings \(config.maxPositionEmbeddings)") }
        if name.contains("token_type_embeddings") { parts.append("type_vocab_size \(config.typeVocabularySize)") }
        if name.contains("intermediate") || name.contains(".output.dense") && !name.contains("attention") {
            parts.append("intermediate_size \(config.intermediateSize)")
        }
        return parts.joined(separator: ", ")
    }
}
