import Foundation
import OrchestrateTesting

/// A complete, valid sentence-transformers folder small enough to write in a test: a 2-layer BERT with
/// hidden size 4, a 12-token vocabulary, mean pooling and Normalize. Tests break one file at a time.
struct TinyModelFolder {
    let folder: TemporaryFolder
    var url: URL { folder.url }

    static let vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "cat", "sat", "un", "##aff", "##able", "."]
    static let hidden = 4, layers = 2, heads = 2, intermediate = 8, positions = 16

    init() throws {
        folder = try TemporaryFolder()
        try write(
            "config.json",
            """
            {"architectures": ["BertModel"], "model_type": "bert", "hidden_size": \(Self.hidden), "num_hidden_layers": \(Self.layers),
             "num_attention_heads": \(Self.heads), "intermediate_size": \(Self.intermediate), "max_position_embeddings": \(Self.positions),
             "vocab_size": \(Self.vocabulary.count), "type_vocab_size": 2, "layer_norm_eps": 1e-12, "hidden_act": "gelu"}
            """)
        try write("vocab.txt", Self.vocabulary.joined(separator: "\n") + "\n")
        try write("tokenizer_config.json", #"{"do_lower_case": true, "tokenize_chinese_chars": true, "strip_accents": null}"#)
        try write("sentence_bert_config.json", #"{"max_seq_length": 8, "do_lower_case": false}"#)
        try write(
            "modules.json",
            """
            [{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
             {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
             {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}]
            """)
        try write("1_Pooling/config.json", Self.pooling(mean: true))
        try writeWeights()
    }

    static func pooling(mean: Bool = false, cls: Bool = false, max: Bool = false) -> String {
        """
        {"word_embedding_dimension": \(hidden), "pooling_mode_cls_token": \(cls), "pooling_mode_mean_tokens": \(mean),
         "pooling_mode_max_tokens": \(max), "pooling_mode_mean_sqrt_len_tokens": false}
        """
    }

    /// The tensors of `BertWeightLayout` for the tiny config, filled with small distinct numbers.
    static func tensors(prefix: String = "", values: (Int, Int) -> Float = { _, index in Float(index) / 100 })
        -> [SafetensorsBytes.Tensor]
    {
        let config = [
            ("embeddings.word_embeddings.weight", [vocabulary.count, hidden]),
            ("embeddings.position_embeddings.weight", [positions, hidden]),
            ("embeddings.token_type_embeddings.weight", [2, hidden]),
            ("embeddings.LayerNorm.weight", [hidden]), ("embeddings.LayerNorm.bias", [hidden]),
        ]
        var shapes = config
        for layer in 0..<layers {
            let p = "encoder.layer.\(layer)."
            for projection in ["query", "key", "value"] {
                shapes += [
                    (p + "attention.self.\(projection).weight", [hidden, hidden]),
                    (p + "attention.self.\(projection).bias", [hidden]),
                ]
            }
            shapes += [
                (p + "attention.output.dense.weight", [hidden, hidden]), (p + "attention.output.dense.bias", [hidden]),
                (p + "attention.output.LayerNorm.weight", [hidden]), (p + "attention.output.LayerNorm.bias", [hidden]),
                (p + "intermediate.dense.weight", [intermediate, hidden]), (p + "intermediate.dense.bias", [intermediate]),
                (p + "output.dense.weight", [hidden, intermediate]), (p + "output.dense.bias", [hidden]),
                (p + "output.LayerNorm.weight", [hidden]), (p + "output.LayerNorm.bias", [hidden]),
            ]
        }
        return shapes.enumerated().map { number, entry in
            let (name, shape) = entry
            let count = shape.reduce(1, *)
            return SafetensorsBytes.Tensor(
                name: prefix + name, dtype: "F32", shape: shape,
                data: SafetensorsBytes.f32((0..<count).map { values(number, $0) }))
        }
    }

    /// Weights of varied signs and sizes (not the ramp of `tensors()`, whose regularity could hide a
    /// transposed matrix). Deterministic, so failures reproduce.
    static func variedTensors() -> [SafetensorsBytes.Tensor] {
        tensors { tensor, index in
            let wave = Float(sin(Double(tensor * 7919 + index * 104_729) * 0.001))
            return wave * 0.9 + (tensor % 5 == 3 ? 1 : 0)
        }
    }

    func writeWeights(_ tensors: [SafetensorsBytes.Tensor] = TinyModelFolder.tensors()) throws {
        try SafetensorsBytes.file(tensors, metadata: ["format": "pt"]).write(to: url.appendingPathComponent("model.safetensors"))
    }

    func write(_ path: String, _ text: String) throws {
        try folder.write(text, to: path)
    }

    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: url.appendingPathComponent(path))
    }

    func delete() { folder.remove() }
}
