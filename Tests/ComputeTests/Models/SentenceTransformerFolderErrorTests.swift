import Compute
import Foundation
import Testing

/// Each way a model folder can be broken, one at a time on an otherwise valid tiny folder: the error
/// names the file at fault and says what is wrong.
@Suite("SentenceTransformerFolder errors")
struct SentenceTransformerFolderErrorTests {
    /// Breaks the tiny folder with `change` and returns the description of the error loading it gives,
    /// with the folder's path replaced by `MODEL`.
    func failure(_ change: (TinyModelFolder) throws -> Void) throws -> String? {
        let model = try TinyModelFolder()
        defer { model.delete() }
        try change(model)
        do {
            _ = try SentenceTransformerFolder(model.url)
            Issue.record("the folder loaded")
            return nil
        } catch let error as ModelFileError {
            return error.description.replacingOccurrences(of: model.url.path, with: "MODEL")
        } catch let error as SafetensorsError {
            return error.description.replacingOccurrences(of: model.url.path, with: "MODEL")
        }
    }

    @Test("each required file, when missing, is named")
    func missingFiles() throws {
        #expect(try failure { try $0.remove("modules.json") } == "MODEL/modules.json: is missing")
        #expect(try failure { try $0.remove("config.json") } == "MODEL/config.json: is missing")
        #expect(try failure { try $0.remove("sentence_bert_config.json") } == "MODEL/sentence_bert_config.json: is missing")
        #expect(try failure { try $0.remove("vocab.txt") } == "MODEL: has neither tokenizer.json nor vocab.txt")
        #expect(try failure { try $0.remove("1_Pooling") } == "MODEL/1_Pooling/config.json: is missing")
        #expect(try failure { try $0.remove("model.safetensors") } == "MODEL/model.safetensors: is missing")
        #expect(
            try failure {
                try $0.remove("model.safetensors")
                try $0.write("pytorch_model.bin", "")
            } == "MODEL/model.safetensors: is missing (pytorch_model.bin is there, but only safetensors weights are read)")
    }

    @Test("malformed configuration files name the file and the key")
    func malformedConfigs() throws {
        #expect(try failure { try $0.write("config.json", "{\"hidden_size\": 4,") } == "MODEL/config.json: is not valid JSON")
        #expect(
            try failure { try $0.write("config.json", #"{"hidden_size": "4"}"#) }
                == "MODEL/config.json: 'hidden_size' must be an integer, not \"4\"")
        #expect(
            try failure {
                try $0.write(
                    "config.json",
                    #"{"hidden_size": 4, "num_hidden_layers": 2, "num_attention_heads": 3, "intermediate_size": 8, "max_position_embeddings": 16, "vocab_size": 12}"#
                )
            } == "MODEL/config.json: 'hidden_size' 4 is not a multiple of 'num_attention_heads' 3")
        #expect(
            try failure {
                try $0.write(
                    "config.json",
                    #"{"hidden_size": 4, "num_attention_heads": 2, "intermediate_size": 8, "max_position_embeddings": 16, "vocab_size": 12}"#
                )
            } == "MODEL/config.json: 'num_hidden_layers' is missing (an integer expected)")
        #expect(
            try failure { try $0.write("sentence_bert_config.json", #"{"max_seq_length": 64}"#) }
                == "MODEL/sentence_bert_config.json: 'max_seq_length' is 64, but config.json has only 16 position embeddings")
        #expect(
            try failure { try $0.write("modules.json", #"{"idx": 0}"#) } == "MODEL/modules.json: is not a JSON array of modules")
        #expect(
            try failure {
                try $0.write(
                    "modules.json",
                    #"[{"idx": 0, "path": "", "type": "sentence_transformers.models.Transformer"}, {"idx": 1, "path": "2_Dense", "type": "sentence_transformers.models.Dense"}]"#
                )
            }
                == "MODEL/modules.json: module 'sentence_transformers.models.Dense' is not supported (only Transformer, Pooling and Normalize)"
        )
        #expect(
            try failure {
                try $0.write("modules.json", #"[{"idx": 0, "path": "", "type": "sentence_transformers.models.Transformer"}]"#)
            } == "MODEL/modules.json: has no Pooling module")
    }

    @Test("pooling must be exactly one of mean, CLS or max, over the hidden size")
    func pooling() throws {
        #expect(
            try failure { try $0.write("1_Pooling/config.json", TinyModelFolder.pooling()) }
                == "MODEL/1_Pooling/config.json: no pooling mode is on (set one of 'pooling_mode_mean_tokens', 'pooling_mode_cls_token', 'pooling_mode_max_tokens' to true)"
        )
        #expect(
            try failure { try $0.write("1_Pooling/config.json", TinyModelFolder.pooling(mean: true, max: true)) }
                == "MODEL/1_Pooling/config.json: 2 pooling modes are on (mean, max); combined modes are not supported")
        #expect(
            try failure { try $0.write("1_Pooling/config.json", #"{"pooling_mode_mean_sqrt_len_tokens": true}"#) }
                == "MODEL/1_Pooling/config.json: 'pooling_mode_mean_sqrt_len_tokens' is not supported (mean, cls or max pooling only)"
        )
        #expect(
            try failure {
                try $0.write("1_Pooling/config.json", #"{"word_embedding_dimension": 8, "pooling_mode_mean_tokens": true}"#)
            }
                == "MODEL/1_Pooling/config.json: 'word_embedding_dimension' is 8, but config.json's hidden_size is 4")
    }

    @Test("the first missing or mis-shaped tensor is named, with the config.json sizes it must fit")
    func tensors() throws {
        #expect(
            try failure {
                try $0.writeWeights(TinyModelFolder.tensors().filter { $0.name != "encoder.layer.1.attention.self.key.bias" })
            }
                == "MODEL/model.safetensors: has no tensor 'encoder.layer.1.attention.self.key.bias', which MODEL/config.json (hidden_size 4, num_hidden_layers 2) needs"
        )
        #expect(
            try failure {
                try $0.writeWeights(
                    TinyModelFolder.tensors().map { tensor in
                        var tensor = tensor
                        if tensor.name == "encoder.layer.0.intermediate.dense.weight" { tensor.shape = [4, 8] }
                        return tensor
                    })
            }
                == "MODEL/model.safetensors: tensor 'encoder.layer.0.intermediate.dense.weight' has shape [4, 8], but MODEL/config.json (hidden_size 4, num_hidden_layers 2, intermediate_size 8) needs [8, 4]"
        )
        #expect(
            try failure { try $0.writeWeights(TinyModelFolder.tensors().filter { !$0.name.hasPrefix("embeddings.word") }) }
                == "MODEL/model.safetensors: has no tensor 'embeddings.word_embeddings.weight' (nor 'bert.embeddings.word_embeddings.weight'): is this a BERT model?"
        )
        #expect(
            try failure {
                try $0.writeWeights(
                    TinyModelFolder.tensors().map { tensor in
                        var tensor = tensor
                        if tensor.name == "embeddings.LayerNorm.bias" { tensor.dtype = "I32" }
                        return tensor
                    })
            }
                == "MODEL/model.safetensors: tensor 'embeddings.LayerNorm.bias' has dtype I32; weights must be F32, F16, BF16 or F64"
        )
        // A truncated weights file is caught by the safetensors checks before any tensor is looked at.
        #expect(
            try failure { model in
                let url = model.url.appendingPathComponent("model.safetensors")
                try Data(try Data(contentsOf: url).prefix(5000)).write(to: url)
            }?.contains("MODEL/model.safetensors: tensor '") == true)
    }

    @Test("a vocabulary larger than config.json's vocab_size is refused")
    func vocabularySize() throws {
        #expect(
            try failure { try $0.write("vocab.txt", (TinyModelFolder.vocabulary + ["extra"]).joined(separator: "\n")) }
                == "MODEL/vocab.txt: has token ids up to 12, but MODEL/config.json says vocab_size 12")
    }
}
