import Compute
import Foundation
import Testing

/// Each way a decoder folder can be broken, one at a time on a copy of the tiny fixture: the error names
/// the file and the field or tensor at fault. Then the calls a loaded model refuses.
@Suite("LlamaModel errors")
struct LlamaModelErrorTests {
    func failure(_ change: (LlamaFixtureCopy) throws -> Void) throws -> String? {
        let copy = try LlamaFixtureCopy()
        defer { copy.delete() }
        try change(copy)
        return copy.loadError()
    }

    @Test("missing files and a folder that is not there")
    func missingFiles() throws {
        #expect(
            try failure { try FileManager.default.removeItem(at: $0.url.appendingPathComponent("config.json")) }
                == "MODEL/config.json: is missing")
        #expect(
            try failure { try FileManager.default.removeItem(at: $0.url.appendingPathComponent("model.safetensors")) }
                == "MODEL/model.safetensors: is missing, and so is model.safetensors.index.json")
        #expect(
            throws: ModelFileError(
                .missing, file: "/nonexistent/model", message: "is not a model folder (it does not exist or is a file)")
        ) { try LlamaModel(folder: URL(fileURLWithPath: "/nonexistent/model")) }
    }

    @Test("malformed and unsupported config.json fields are named")
    func configFields() throws {
        #expect(
            try failure { try $0.editConfig { $0["hidden_size"] = nil } }
                == "MODEL/config.json: 'hidden_size' is missing (an integer expected)")
        #expect(
            try failure { try $0.editConfig { $0["num_hidden_layers"] = "2" } }
                == "MODEL/config.json: 'num_hidden_layers' must be an integer, not \"2\"")
        #expect(
            try failure { try $0.editConfig { $0["model_type"] = "gpt2" } }
                == "MODEL/config.json: 'model_type' \"gpt2\" is not supported (only llama, mistral, qwen2)")
        #expect(
            try failure { try $0.editConfig { $0["num_key_value_heads"] = 3 } }
                == "MODEL/config.json: 'num_attention_heads' 4 is not a multiple of 'num_key_value_heads' 3")
        #expect(
            try failure { try $0.editConfig { $0["rope_scaling"] = ["rope_type": "yarn", "factor": 4.0] } }
                == "MODEL/config.json: 'rope_scaling.rope_type' \"yarn\" is not supported (only default and llama3)")
        #expect(
            try failure { try $0.editConfig { $0["rope_scaling"] = ["type": "llama3", "factor": 8.0] } }
                == "MODEL/config.json: 'rope_scaling.low_freq_factor' is missing (a number expected)")
        #expect(
            try failure { try $0.editConfig { $0["rms_norm_eps"] = -1 } }
                == "MODEL/config.json: 'rms_norm_eps' must be a positive number, not -1")
        #expect(
            try failure { try $0.editConfig { $0["hidden_act"] = "gelu" } }
                == "MODEL/config.json: 'hidden_act' \"gelu\" is not supported (only silu)")
        #expect(
            try failure { try $0.editConfig { $0["eos_token_id"] = 300 } }
                == "MODEL/config.json: special token id 300 is outside 'vocab_size' 300")
        #expect(
            try failure {
                try "{\"model_type\": ".write(to: $0.url.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
            }
                == "MODEL/config.json: is not valid JSON")
    }

    @Test("a missing or mis-shaped tensor is named with the config values its shape comes from")
    func tensors() throws {
        #expect(
            try failure { copy in
                try copy.writeWeights(
                    try copy.tensors().filter { $0.name != "model.layers.1.mlp.up_proj.weight" }.map(LlamaFixtureCopy.f32))
            }
                == "MODEL/model.safetensors: has no tensor 'model.layers.1.mlp.up_proj.weight', which MODEL/config.json "
                + "(hidden_size 64, num_hidden_layers 2, intermediate_size 160) needs")
        #expect(
            try failure { copy in
                try copy.writeWeights(
                    try copy.tensors().map { tensor in
                        guard tensor.name == "model.layers.0.self_attn.k_proj.weight" else { return LlamaFixtureCopy.f32(tensor) }
                        return LlamaFixtureCopy.f32((tensor.name, [16, 128], tensor.values))
                    })
            }
                == "MODEL/model.safetensors: tensor 'model.layers.0.self_attn.k_proj.weight' has shape [16, 128], but "
                + "MODEL/config.json (hidden_size 64, num_hidden_layers 2, num_key_value_heads 2, head size 16) needs [32, 64]")
        // Untying the embeddings asks for an output layer the file does not have.
        #expect(
            try failure { try $0.editConfig { $0["tie_word_embeddings"] = false } }
                == "MODEL/model.safetensors: has no tensor 'lm_head.weight', which MODEL/config.json "
                + "(hidden_size 64, vocab_size 300, with tie_word_embeddings false) needs")
        #expect(
            try failure { copy in
                try copy.writeWeights(
                    try copy.tensors().map { tensor in
                        guard tensor.name == "model.norm.weight" else { return LlamaFixtureCopy.f32(tensor) }
                        return SafetensorsBytes.Tensor(
                            name: tensor.name, dtype: "I32", shape: [64], data: SafetensorsBytes.f32(tensor.values))
                    })
            } == "MODEL/model.safetensors: tensor 'model.norm.weight' has dtype I32; weights must be F32, F16, BF16 or F64")
        #expect(
            try failure { copy in
                let file = copy.url.appendingPathComponent("model.safetensors")
                try Data(try Data(contentsOf: file).prefix(5000)).write(to: file)
            }?.hasPrefix("MODEL/model.safetensors: tensor ") == true)
    }

    @Test("empty input, unknown token ids and a full cache are refused and leave the cache as it was")
    func refusedCalls() throws {
        let model = try LlamaModel(folder: try LlamaReference("tied").folder)
        var cache = model.makeCache(capacity: 10)
        #expect(cache.capacity == 10)
        _ = try model.logits(for: [1, 2, 3], cache: &cache)
        #expect(throws: DecoderError(.emptyInput, "no tokens to process")) { try model.logits(for: [], cache: &cache) }
        #expect(throws: DecoderError(.tokenOutOfRange, "token id 300 is outside the vocabulary of 300 tokens")) {
            try model.logits(for: [5, 300], cache: &cache)
        }
        #expect(throws: DecoderError(.tokenOutOfRange, "token id -1 is outside the vocabulary of 300 tokens")) {
            try model.logits(for: [-1], cache: &cache)
        }
        #expect(
            throws: DecoderError(.cacheFull, "8 tokens do not fit in the cache: it holds 3 of 10 positions")
        ) { try model.logits(for: Array(repeating: 4, count: 8), cache: &cache) }
        #expect(cache.count == 3)
        #expect(model.makeCache(capacity: 1000).capacity == 128)

        let other = try LlamaModel(folder: try LlamaReference("untied").folder)
        #expect(throws: DecoderError(.foreignCache, "the cache was made by a model with another configuration")) {
            try other.logits(for: [1], cache: &cache)
        }
    }
}
