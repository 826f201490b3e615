import Foundation
import OrchestrateTesting
import Testing

@testable import Compute

/// `merged-safetensors`: a transformers folder the project's own loader reads as the adapted model.
@Suite("merged-safetensors export")
struct MergedSafetensorsExportTests {
    @Test("F32: every base file but the weights copied, the merged weights give the adapter's logits and greedy text")
    func mergedF32() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let adapter = try TinyChatModel.adapter(rank: 4, alpha: 8)
        let destination = folder.url.appendingPathComponent("merged")
        try MergedSafetensorsExport.write(
            adapter, adapterFile: "a", base: try BaseModel(contentsOf: TinyChatModel.folder), dtype: .f32, to: destination)
        let names = try FileManager.default.contentsOfDirectory(atPath: destination.path).sorted()
        #expect(
            names == [
                "README.md", "config.json", "make_tiny_chat_model.py", "model.safetensors", "reference.json", "tokenizer.json",
                "tokenizer_config.json",
            ])
        #expect(
            try Data(contentsOf: destination.appendingPathComponent("tokenizer.json"))
                == Data(contentsOf: TinyChatModel.folder.appendingPathComponent("tokenizer.json")))
        let weights = try SafetensorsFile(contentsOf: destination.appendingPathComponent("model.safetensors"))
        let base = try SafetensorsFile(contentsOf: TinyChatModel.folder.appendingPathComponent("model.safetensors"))
        #expect(Set(weights.names) == Set(base.names))
        #expect(try weights.floats("model.norm.weight") == base.floats("model.norm.weight"))

        let expected = try LanguageModel(contentsOf: TinyChatModel.folder, threads: 1).merging(adapter, adapterFile: "a")
        let merged = try LanguageModel(contentsOf: destination, threads: 1)
        var cache = merged.decoder.makeCache(capacity: 32)
        var expectedCache = expected.decoder.makeCache(capacity: 32)
        let tokens = LlamaAdapterTests.tokens
        #expect(
            LlamaReference.distance(
                try merged.decoder.logits(for: tokens, cache: &cache),
                try expected.decoder.logits(for: tokens, cache: &expectedCache))
                < 1e-5)
        #expect(try GreedyText.answers(merged) == GreedyText.answers(expected))
    }

    @Test("BF16 and F16: the tensors in that dtype and config.json saying so", arguments: [SafetensorsDType.bf16, .f16])
    func halfPrecision(dtype: SafetensorsDType) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let destination = folder.url.appendingPathComponent("merged")
        try MergedSafetensorsExport.write(
            try TinyChatModel.adapter(), adapterFile: "a", base: try BaseModel(contentsOf: TinyChatModel.folder), dtype: dtype,
            to: destination)
        let weights = try SafetensorsFile(contentsOf: destination.appendingPathComponent("model.safetensors"))
        #expect(weights.tensors.allSatisfy { $0.dtype == dtype })
        let config = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: destination.appendingPathComponent("config.json")))
                as? [String: Any])
        #expect(config["dtype"] as? String == (dtype == .bf16 ? "bfloat16" : "float16"))
        _ = try LlamaModel(folder: destination, threads: 1)
    }

    @Test("a GGUF base is refused with the way out, and an existing destination is not replaced")
    func refusals() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let gguf = try TinyGGUF.write(in: folder, type: .f32)
        #expect {
            try MergedSafetensorsExport.write(
                try TinyChatModel.adapter(), adapterFile: "a", base: try BaseModel(contentsOf: gguf), dtype: .f32,
                to: folder.url.appendingPathComponent("merged"))
        } throws: { error in
            "\(error)".contains("is a GGUF file: merged-safetensors needs the base as a transformers model folder")
                && "\(error)".contains("export merged-gguf instead")
        }
        #expect(throws: FileWriteError.self) {
            try MergedSafetensorsExport.write(
                try TinyChatModel.adapter(), adapterFile: "a", base: try BaseModel(contentsOf: TinyChatModel.folder), dtype: .f32,
                to: folder.url)
        }
    }
}
