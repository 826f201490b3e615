import Foundation
import OrchestrateTesting
import Testing

@testable import Compute

/// `gguf-lora`: the adapter as llama.cpp's `--lora` reads it.
@Suite("gguf-lora export")
struct LoRAGGUFExportTests {
    @Test("llama.cpp's keys and tensor names, A as [in, r] and B as [r, out] in F32, B of q and k permuted like the base")
    func layout() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let adapter = try TinyChatModel.adapter(rank: 4, alpha: 8, targets: [.query, .key, .value, .down])
        let url = folder.url.appendingPathComponent("adapter.gguf")
        let base = try BaseModel(contentsOf: TinyChatModel.folder)
        try LoRAGGUFExport.write(adapter, base: base, adapterFile: "adapter", to: url)

        let file = try GGUFFile(contentsOf: url)
        #expect(file.metadata["general.architecture"] == .string("llama"))
        #expect(file.metadata["general.type"] == .string("adapter"))
        #expect(file.metadata["adapter.type"] == .string("lora"))
        #expect(file.metadata["adapter.lora.alpha"] == .float32(8))
        #expect(file.tensors.count == 2 * 4 * 2)
        #expect(file.tensors.allSatisfy { $0.type == .f32 })
        func floats(_ name: String) throws -> [Float] {
            try file.withUnsafeBytes(of: file.tensor(name)) { Array($0.bindMemory(to: Float.self)) }
        }
        for layer in 0..<2 {
            for target in [LoRATarget.query, .key, .value, .down] {
                let pair = adapter.layers[layer][target]!
                let name = "blk.\(layer).\(target.ggufName).weight"
                #expect(try file.tensor(name + ".lora_a").dimensions == [pair.inFeatures, 4])
                #expect(try file.tensor(name + ".lora_b").dimensions == [4, pair.outFeatures])
                #expect(try floats(name + ".lora_a") == pair.a)
                let b = try floats(name + ".lora_b")
                if target == .query || target == .key {
                    #expect(b != pair.b)
                    let heads = target == .query ? 4 : 2
                    let restored = b.withUnsafeBytes { LlamaWeights.unpermutedRows($0, rows: pair.outFeatures, heads: heads) }
                    #expect(restored.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) } == pair.b)
                } else {
                    #expect(b == pair.b)
                }
            }
        }
    }

    @Test("applied to the GGUF base as llama.cpp applies it (W + alpha/r · B·A per tensor), it gives the adapted logits")
    func appliedLikeLlamaCpp() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let adapter = try TinyChatModel.adapter(rank: 4, alpha: 8)
        let baseGGUF = try TinyGGUF.write(in: folder, type: .f32)
        let loraURL = folder.url.appendingPathComponent("adapter.gguf")
        try LoRAGGUFExport.write(adapter, base: try BaseModel(contentsOf: baseGGUF), adapterFile: "adapter", to: loraURL)
        let lora = try GGUFFile(contentsOf: loraURL)
        let base = try GGUFFile(contentsOf: baseGGUF)
        let alpha = try #require(lora.metadata["adapter.lora.alpha"]?.number)

        var writer = GGUFWriter()
        for key in base.metadataKeys { writer.set(key, base.metadata[key]!) }
        for tensor in base.tensors {
            var values = try MergedGGUFExport.floats(of: tensor, in: base)
            if let a = lora.tensorIfPresent(tensor.name + ".lora_a"), let b = lora.tensorIfPresent(tensor.name + ".lora_b") {
                let rank = a.dimensions[1]
                let aValues = try MergedGGUFExport.floats(of: a, in: lora)
                let bValues = try MergedGGUFExport.floats(of: b, in: lora)
                let (columns, rows) = (tensor.dimensions[0], tensor.dimensions[1])
                for row in 0..<rows {
                    for column in 0..<columns {
                        var sum: Float = 0
                        for k in 0..<rank { sum += bValues[row * rank + k] * aValues[k * columns + column] }
                        values[row * columns + column] += Float(alpha) / Float(rank) * sum
                    }
                }
            }
            writer.addFloats(tensor.name, dimensions: tensor.dimensions, as: .f32) { values }
        }
        let applied = folder.url.appendingPathComponent("applied.gguf")
        try writer.write(to: applied)

        let expected = try LlamaModel(folder: TinyChatModel.folder, threads: 1).merging(adapter, adapterFile: "adapter")
        let model = try LlamaModel(gguf: applied, threads: 1)
        var cache = model.makeCache(capacity: 32)
        var expectedCache = expected.makeCache(capacity: 32)
        let tokens = LlamaAdapterTests.tokens
        #expect(
            LlamaReference.distance(
                try model.logits(for: tokens, cache: &cache), try expected.logits(for: tokens, cache: &expectedCache)) < 1e-4)
    }

    @Test("an adapter for another base is refused before anything is written")
    func anotherBase() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var other = try TinyChatModel.configuration()
        other.layers = 3
        let adapter = LoRAAdapter(configuration: LoRAConfiguration(rank: 2, alpha: 2), model: other, baseModel: "x", seed: 1)
        let url = folder.url.appendingPathComponent("adapter.gguf")
        #expect(throws: ModelFileError.self) {
            try LoRAGGUFExport.write(adapter, base: try BaseModel(contentsOf: TinyChatModel.folder), adapterFile: "a", to: url)
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }
}
