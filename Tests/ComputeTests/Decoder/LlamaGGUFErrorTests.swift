import Compute
import Foundation
import OrchestrateTesting
import Testing

/// GGUF files that are well-formed but do not hold a decoder this build computes: each refused with a
/// `ModelFileError` naming the file and the tensor or key at fault.
@Suite("LlamaModel from GGUF, refused")
struct LlamaGGUFErrorTests {
    func refusal(_ builder: GGUFBytes) throws -> ModelFileError? {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("model.gguf")
        try Data(builder.bytes).write(to: url)
        let error = #expect(throws: ModelFileError.self) { try LlamaModel(gguf: url, threads: 1) }
        #expect(error?.file == url.path)
        return error
    }

    @Test("the tiny builder's model loads, so each refusal below is for the one thing changed")
    func baseline() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("model.gguf")
        try Data(GGUFBytes.tinyLlama().bytes).write(to: url)
        let model = try LlamaModel(gguf: url, threads: 1)
        var cache = model.makeCache(capacity: 4)
        #expect(try model.logits(for: [1, 2], cache: &cache) == [0, 0, 0, 0])
    }

    @Test("q, k and v of different types still stack (as float32), as in Q4_K_M files")
    func mixedTypes() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var builder = GGUFBytes.tinyLlama()
        let index = try #require(builder.tensors.firstIndex { $0.name == "blk.0.attn_v.weight" })
        builder.tensors[index].type = 8  // Q8_0: 34 bytes per 32 values
        builder.tensors[index].data = [UInt8](repeating: 0, count: 128 * 8 * 34)
        let url = folder.url.appendingPathComponent("mixed.gguf")
        try Data(builder.bytes).write(to: url)
        let model = try LlamaModel(gguf: url, threads: 1)
        var cache = model.makeCache(capacity: 4)
        #expect(try model.logits(for: [3], cache: &cache) == [0, 0, 0, 0])
    }

    @Test("a missing tensor is named with the metadata that asks for it")
    func missingTensor() throws {
        var builder = GGUFBytes.tinyLlama()
        builder.tensors.removeAll { $0.name == "blk.0.ffn_up.weight" }
        let error = try refusal(builder)
        #expect(error?.kind == .missing)
        #expect(
            error?.message
                == "has no tensor 'blk.0.ffn_up.weight', which the metadata (embedding_length 256, block_count 1, feed_forward_length 256) needs"
        )
    }

    @Test("a mis-shaped tensor is named with the dimensions it has and needs")
    func misshapedTensor() throws {
        var builder = GGUFBytes.tinyLlama()
        let index = try #require(builder.tensors.firstIndex { $0.name == "blk.0.attn_k.weight" })
        builder.tensors[index].dimensions = [256, 256]
        builder.tensors[index].data += builder.tensors[index].data
        let error = try refusal(builder)
        #expect(error?.kind == .mismatch)
        #expect(
            error?.message
                == "tensor 'blk.0.attn_k.weight' has dimensions [256, 256], but the metadata (embedding_length 256, block_count 1, head_count_kv 1, head size 128) needs [256, 128] (innermost first)"
        )
    }

    @Test("a tensor type without kernels parses but does not load")
    func unsupportedType() throws {
        var builder = GGUFBytes.tinyLlama()
        let index = try #require(builder.tensors.firstIndex { $0.name == "blk.0.attn_q.weight" })
        builder.tensors[index].type = 16  // IQ2_XXS: 66 bytes per 256 values
        builder.tensors[index].data = [UInt8](repeating: 0, count: 256 * 66)
        let error = try refusal(builder)
        #expect(error?.kind == .unsupported)
        #expect(
            error?.message
                == "tensor blk.0.attn_q.weight is IQ2_XXS, which this build cannot compute; supported: F32, F16, Q4_0, Q4_1, Q8_0, Q4_K, Q5_K, Q6_K, BF16"
        )
    }

    @Test("another architecture, a missing key and rope scaling are refused by the key")
    func metadata() throws {
        var architecture = GGUFBytes.tinyLlama()
        architecture.metadata[0] = ("general.architecture", 8, GGUFBytes.string("gpt2"))
        #expect(
            try refusal(architecture)?.message
                == "metadata 'general.architecture' is \"gpt2\"; only llama and qwen2 models load from GGUF")
        var missing = GGUFBytes.tinyLlama()
        missing.metadata.removeAll { $0.key == "llama.embedding_length" }
        #expect(try refusal(missing)?.message == "metadata 'llama.embedding_length' must be a positive integer, not missing")
        var split = GGUFBytes.tinyLlama()
        split.metadata.append(("split.count", 2, GGUFBytes.le(UInt16(3))))
        #expect(
            try refusal(split)?.message
                == "is one of 3 parts of a split GGUF ('split.count'); join them first with llama.cpp's llama-gguf-split --merge")
        var scaling = GGUFBytes.tinyLlama()
        scaling.add("llama.rope.scaling.type", string: "yarn")
        #expect(try refusal(scaling)?.message == "'llama.rope.scaling.type' \"yarn\" is not supported (only none)")
    }

    @Test("LanguageModel refuses a SentencePiece .gguf before reading its weights")
    func sentencePieceLanguageModel() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var builder = GGUFBytes.tinyLlama()
        builder.add("tokenizer.ggml.model", string: "llama")
        builder.add("tokenizer.ggml.tokens", strings: ["<unk>", "<s>", "</s>", "a"])
        let url = folder.url.appendingPathComponent("sp.gguf")
        try Data(builder.bytes).write(to: url)
        let error = #expect(throws: ModelFileError.self) { try LanguageModel(contentsOf: url) }
        #expect(error?.kind == .unsupported)
        #expect(error?.message.contains("SentencePiece") == true)
    }
}
