import Compute
import Foundation
import OrchestrateTesting
import Testing

@Suite("LlamaConfiguration")
struct LlamaConfigurationTests {
    func parse(_ json: String) throws -> LlamaConfiguration {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write(json, to: "config.json")
        return try LlamaConfiguration(contentsOf: file, file: "config.json")
    }

    static let base = """
        "hidden_size": 64, "intermediate_size": 160, "num_hidden_layers": 2, "num_attention_heads": 4,
        "max_position_embeddings": 128, "vocab_size": 300
        """

    @Test("the fixtures' two config layouts")
    func fixtures() throws {
        let tied = try LlamaConfiguration(
            contentsOf: ReferenceModel.fixtures.appendingPathComponent("llama/tied/config.json"), file: "tied")
        #expect(tied.ropeScaling == nil)
        #expect(tied.ropeTheta == 10000)
        #expect(tied.tiesWordEmbeddings)
        #expect(tied.keyValueHeads == 2 && tied.headSize == 16 && tied.queryWidth == 64 && tied.keyValueWidth == 32)
        #expect(tied.bosTokenID == 1 && tied.eosTokenIDs == [2])
        #expect(tied.rmsNormEpsilon == 1e-5)
        let untied = try LlamaConfiguration(
            contentsOf: ReferenceModel.fixtures.appendingPathComponent("llama/untied/config.json"), file: "untied")
        #expect(!untied.tiesWordEmbeddings)
        #expect(
            untied.ropeScaling
                == LlamaRopeScaling(factor: 8, lowFrequencyFactor: 1, highFrequencyFactor: 4, originalContext: 32))
    }

    @Test("defaults: key/value heads, head size, theta, epsilon, no special tokens")
    func defaults() throws {
        let config = try parse("{\"model_type\": \"llama\", \(Self.base)}")
        #expect(config.keyValueHeads == 4)
        #expect(config.headSize == 16)
        #expect(config.ropeTheta == 10000 && config.ropeScaling == nil)
        #expect(config.rmsNormEpsilon == 1e-6)
        #expect(config.bosTokenID == nil && config.eosTokenIDs.isEmpty)
        #expect(!config.tiesWordEmbeddings && !config.queryKeyValueBias && !config.outputBias)
    }

    @Test("Llama 3 lists several end tokens; head_dim may differ from hidden / heads")
    func llama3() throws {
        let config = try parse(
            """
            {"model_type": "llama", \(Self.base), "head_dim": 32, "eos_token_id": [128001, 128009], "vocab_size": 128256,
             "rope_theta": 500000.0, "rope_scaling": {"factor": 32.0, "high_freq_factor": 4.0, "low_freq_factor": 1.0,
             "original_max_position_embeddings": 8192, "rope_type": "llama3"}}
            """)
        #expect(config.headSize == 32 && config.queryWidth == 128)
        #expect(config.eosTokenIDs == [128001, 128009])
        #expect(config.ropeTheta == 500000)
        #expect(config.ropeScaling?.factor == 32)
    }

    @Test("Qwen2 has query/key/value biases; Mistral's sliding window is kept")
    func variants() throws {
        let qwen = try parse("{\"model_type\": \"qwen2\", \(Self.base), \"sliding_window\": 4096, \"use_sliding_window\": false}")
        #expect(qwen.queryKeyValueBias && !qwen.outputBias && qwen.slidingWindow == nil)
        let mistral = try parse("{\"model_type\": \"mistral\", \(Self.base), \"sliding_window\": 64}")
        #expect(mistral.slidingWindow == 64)
        let biased = try parse("{\"model_type\": \"llama\", \(Self.base), \"attention_bias\": true}")
        #expect(biased.queryKeyValueBias && biased.outputBias)
        #expect(throws: ModelFileError(.unsupported, file: "config.json", message: "'use_sliding_window' true is not supported"))
        {
            try parse("{\"model_type\": \"qwen2\", \(Self.base), \"use_sliding_window\": true}")
        }
        #expect(throws: ModelFileError(.unsupported, file: "config.json", message: "'mlp_bias' true is not supported")) {
            try parse("{\"model_type\": \"llama\", \(Self.base), \"mlp_bias\": true}")
        }
    }

    @Test("llama3 rope scaling keeps short wavelengths, divides long ones by the factor, blends between")
    func ropeScaling() {
        let scaling = LlamaRopeScaling(factor: 8, lowFrequencyFactor: 1, highFrequencyFactor: 4, originalContext: 32)
        let short = 2 * Double.pi / 4  // wavelength 4 < 32 / 4
        let long = 2 * Double.pi / 64  // wavelength 64 > 32
        let middle = 2 * Double.pi / 16  // wavelength 16: smooth = (32/16 - 1) / 3 = 1/3
        #expect(scaling.scale(short) == short)
        #expect(abs(scaling.scale(long) - long / 8) < 1e-15)
        #expect(abs(scaling.scale(middle) - (2.0 / 3 * middle / 8 + 1.0 / 3 * middle)) < 1e-12)
    }
}
