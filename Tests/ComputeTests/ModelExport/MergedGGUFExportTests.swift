import Foundation
import OrchestrateTesting
import Testing

@testable import Compute

/// `merged-gguf`: read back with the project's GGUF reader and decoder, it computes the adapted model.
@Suite("merged-gguf export")
struct MergedGGUFExportTests {
    static let tokens = LlamaAdapterTests.tokens

    func lastLogits(_ model: LlamaModel) throws -> [Float] {
        var cache = model.makeCache(capacity: 32)
        return try model.logits(for: Self.tokens, cache: &cache)
    }

    @Test("the folder written as GGUF: hyperparameters, tokenizer and chat template read back, same logits and prompts")
    func folderAsGGUF() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = try TinyGGUF.write(in: folder, type: .f32)
        let file = try GGUFFile(contentsOf: url)
        #expect(file.metadata["general.architecture"] == .string("llama"))
        #expect(file.metadata["tokenizer.ggml.pre"] == .string("llama-bpe"))
        #expect(file.metadata["tokenizer.ggml.bos_token_id"] == .uint32(1))
        #expect(file.metadata["tokenizer.ggml.eos_token_id"] == .uint32(2))
        #expect(try LlamaConfiguration(gguf: file).vocabularySize == 1189)

        let gguf = try LanguageModel(gguf: url, threads: 1)
        let original = try LanguageModel(contentsOf: TinyChatModel.folder, threads: 1)
        #expect(LlamaReference.distance(try lastLogits(gguf.decoder), try lastLogits(original.decoder)) < 1e-5)
        for messages in GreedyText.conversations {
            #expect(try gguf.promptTokens(for: messages) == original.promptTokens(for: messages))
        }
        #expect(gguf.stopTokenIDs == original.stopTokenIDs)
        #expect(try GreedyText.answers(gguf) == GreedyText.answers(original))
    }

    @Test("merged from the folder and from its GGUF form at F32: the adapted logits and the adapted greedy text")
    func mergedF32() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let adapter = try TinyChatModel.adapter(rank: 4, alpha: 8)
        let expected = try LanguageModel(contentsOf: TinyChatModel.folder, threads: 1).merging(adapter, adapterFile: "a")
        let ggufBase = try TinyGGUF.write(in: folder, type: .f32)
        for base in [TinyChatModel.folder, ggufBase] {
            let url = folder.url.appendingPathComponent("merged.gguf")
            let notes = try MergedGGUFExport.write(
                adapter, adapterFile: "a", base: try BaseModel(contentsOf: base), precision: .type(.f32), to: url)
            #expect(notes.isEmpty || base == TinyChatModel.folder)
            let merged = try LanguageModel(gguf: url, threads: 1)
            #expect(LlamaReference.distance(try lastLogits(merged.decoder), try lastLogits(expected.decoder)) < 1e-5, "\(base)")
            #expect(try GreedyText.answers(merged) == GreedyText.answers(expected), "\(base)")
            let adaptedWithGGUF = try LanguageModel(gguf: ggufBase, threads: 1).merging(adapter, adapterFile: "a")
            #expect(LlamaReference.distance(try lastLogits(adaptedWithGGUF.decoder), try lastLogits(expected.decoder)) < 1e-5)
        }
    }

    /// Logits move by the rounding of every weight (the embeddings too): on this random model, whose
    /// logits reach 3.4, about 0.003 for F16, 0.03 for BF16, 0.12 for Q8_0 and 1.1 to 1.4 for 4 bits.
    @Test(
        "F16, BF16, Q8_0, Q4_0 and Q4_1: every matrix the F32 merge rounded to that type, logits near it",
        arguments: [(GGMLType.f16, Float(0.01)), (.bf16, 0.1), (.q8_0, 0.3), (.q4_0, 2.5), (.q4_1, 2.5)])
    func mergedTypes(type: GGMLType, tolerance: Float) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let adapter = try TinyChatModel.adapter(rank: 4, alpha: 8)
        let url = folder.url.appendingPathComponent("merged.gguf")
        let exact = folder.url.appendingPathComponent("merged-f32.gguf")
        for (precision, target) in [(type, url), (.f32, exact)] {
            _ = try MergedGGUFExport.write(
                adapter, adapterFile: "a", base: try BaseModel(contentsOf: TinyChatModel.folder), precision: .type(precision),
                to: target)
        }
        let file = try GGUFFile(contentsOf: url)
        let reference = try GGUFFile(contentsOf: exact)
        for tensor in reference.tensors where tensor.dimensions.count == 2 {
            let floats = try MergedGGUFExport.floats(of: tensor, in: reference)
            let expected = try GGMLQuantizer.quantize(floats, columns: tensor.dimensions[0], to: type)
            #expect(try file.withUnsafeBytes(of: file.tensor(tensor.name)) { Array($0) } == expected, "\(tensor.name)")
        }
        #expect(try file.tensor("blk.0.attn_q.weight").type == type)
        #expect(try file.tensor("blk.1.ffn_down.weight").type == type)
        #expect(try file.tensor("blk.0.attn_norm.weight").type == .f32)
        #expect(file.metadata["general.file_type"] == .uint32(type.llamaFileType!))
        let expected = try LlamaModel(folder: TinyChatModel.folder, threads: 1).merging(adapter, adapterFile: "a")
        let merged = try LlamaModel(gguf: url, threads: 1, exact: true)
        #expect(LlamaReference.distance(try lastLogits(merged), try lastLogits(expected)) < tolerance)
    }

    @Test("from a quantized GGUF base with its own types: untouched tensors copied byte for byte, adapted ones requantized")
    func keepsBaseTypes() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let base = try TinyGGUF.write(in: folder, type: .q8_0)
        let adapter = try TinyChatModel.adapter(rank: 4, alpha: 8, targets: [.query, .value])
        let url = folder.url.appendingPathComponent("merged.gguf")
        let notes = try MergedGGUFExport.write(
            adapter, adapterFile: "a", base: try BaseModel(contentsOf: base), precision: .base, to: url)
        #expect(notes.isEmpty)
        let baseFile = try GGUFFile(contentsOf: base)
        let file = try GGUFFile(contentsOf: url)
        #expect(file.metadataKeys == baseFile.metadataKeys)
        #expect(file.metadata["tokenizer.chat_template"] == baseFile.metadata["tokenizer.chat_template"])
        for tensor in baseFile.tensors {
            let written = try file.tensor(tensor.name)
            #expect(written.type == tensor.type && written.dimensions == tensor.dimensions)
            let same = try file.withUnsafeBytes(of: written) { Array($0) } == baseFile.withUnsafeBytes(of: tensor) { Array($0) }
            let adapted = tensor.name.contains("attn_q.weight") || tensor.name.contains("attn_v.weight")
            #expect(same != adapted, "\(tensor.name)")
        }
        let expected = try LlamaModel(gguf: base, threads: 1, exact: true).merging(adapter, adapterFile: "a")
        #expect(
            LlamaReference.distance(try lastLogits(try LlamaModel(gguf: url, threads: 1, exact: true)), try lastLogits(expected))
                < 0.1)
    }

    @Test("k-quant tensors of the base fall back to F16, and the export says so")
    func kQuantFallback() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var bytes = GGUFBytes.tinyLlama()
        for index in bytes.tensors.indices where bytes.tensors[index].dimensions.count == 2 {
            bytes.tensors[index].type = GGMLType.q4_K.rawValue
            let rows = Int(bytes.tensors[index].dimensions[1])
            bytes.tensors[index].data = [UInt8](repeating: 0, count: rows * 144)
        }
        let base = folder.url.appendingPathComponent("k.gguf")
        try Data(bytes.bytes).write(to: base)
        let config = try LlamaConfiguration(gguf: try GGUFFile(contentsOf: base))
        let adapter = LoRAAdapter(
            configuration: LoRAConfiguration(rank: 2, alpha: 4, targets: [.query, .down]), model: config, baseModel: "k", seed: 5)
        let url = folder.url.appendingPathComponent("merged.gguf")
        let notes = try MergedGGUFExport.write(
            adapter, adapterFile: "a", base: try BaseModel(contentsOf: base), precision: .base, to: url)
        #expect(notes == ["2 adapted tensors in Q4_K written as F16: k-quants are not written here"])
        let file = try GGUFFile(contentsOf: url)
        #expect(try file.tensor("blk.0.attn_q.weight").type == .f16)
        #expect(try file.tensor("blk.0.attn_k.weight").type == .q4_K)
        _ = try LlamaModel(gguf: url, threads: 1)
    }

    @Test("a folder base with 'base' precision, and a Llama with attention biases, are refused with the reason")
    func refusals() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let adapter = try TinyChatModel.adapter()
        #expect {
            try MergedGGUFExport.write(
                adapter, adapterFile: "a", base: try BaseModel(contentsOf: TinyChatModel.folder), precision: .base,
                to: folder.url.appendingPathComponent("m.gguf"))
        } throws: { error in
            "\(error)".contains("whose weights have no GGML quantization to keep")
        }
        var biased = try TinyChatModel.configuration()
        biased.queryKeyValueBias = true
        #expect {
            try biased.ggufMetadata(configFile: "m/config.json")
        } throws: { error in
            "\(error)"
                == "m/config.json: 'attention_bias' is true: a Llama GGUF file has no attention biases, so the model cannot be written as GGUF"
        }
    }
}
