import Foundation
import OrchestrateTesting
import Testing

@testable import Compute

/// A LoRA adapter merged into the native decoder computes what PEFT defines, `W + (alpha / r) · B·A`:
/// checked against a float64 forward pass of the same weights (`NaiveLlama`).
@Suite("LlamaModel with a LoRA adapter")
struct LlamaAdapterTests {
    static let tokens = [1, 1140, 201, 59, 688, 296, 315, 296, 1016, 1036, 43, 1031, 2, 201, 1, 1048, 201]

    static func distance(_ native: [Float], _ reference: [Double]) -> Double {
        zip(native, reference).map { abs(Double($0) - $1) }.max() ?? .infinity
    }

    func allLogits(_ model: LlamaModel) throws -> [[Float]] {
        var cache = model.makeCache(capacity: 64)
        return try model.allLogits(for: Self.tokens, cache: &cache)
    }

    @Test("the reference itself agrees with the base decoder")
    func referenceAgrees() throws {
        let reference = try NaiveLlama(folder: TinyChatModel.folder).logits(Self.tokens)
        let native = try allLogits(try LlamaModel(folder: TinyChatModel.folder, threads: 1))
        for (position, row) in native.enumerated() { #expect(Self.distance(row, reference[position]) < 1e-4, "\(position)") }
    }

    @Test(
        "a non-zero adapter gives the float64 reference's logits at every position, and moves them",
        arguments: [LoRATarget.allCases, [.query, .value], [.key, .down], [.gate, .up, .output]])
    func adapted(targets: [LoRATarget]) throws {
        let adapter = try TinyChatModel.adapter(rank: 4, alpha: 8, targets: targets)
        let base = try LlamaModel(folder: TinyChatModel.folder, threads: 2)
        let merged = try base.merging(adapter, adapterFile: "adapter")
        let reference = try NaiveLlama(folder: TinyChatModel.folder, adapter: adapter).logits(Self.tokens)
        let baseLogits = try allLogits(base)
        for (position, row) in try allLogits(merged).enumerated() {
            #expect(Self.distance(row, reference[position]) < 1e-4, "position \(position)")
            #expect(LlamaReference.distance(row, baseLogits[position]) > 1e-2, "position \(position)")
        }
    }

    @Test("an adapter whose B is zero (a fresh one) gives the base's logits exactly")
    func zeroB() throws {
        let base = try LlamaModel(folder: TinyChatModel.folder, threads: 2)
        let merged = try base.merging(try TinyChatModel.adapter(zeroB: true), adapterFile: "adapter")
        #expect(try allLogits(merged) == allLogits(base))
    }

    @Test("an adapter read from a PEFT folder applies through LanguageModel, and a mismatched one is refused")
    func languageModel() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let adapter = try TinyChatModel.adapter(targets: [.query, .value])
        try adapter.write(to: folder.url)
        let model = try LanguageModel(contentsOf: TinyChatModel.folder, adapter: folder.url, threads: 1)
        var cache = model.decoder.makeCache(capacity: 64)
        let logits = try model.decoder.logits(for: Self.tokens, cache: &cache)
        let reference = try NaiveLlama(folder: TinyChatModel.folder, adapter: adapter).logits(Self.tokens)
        #expect(Self.distance(logits, reference.last!) < 1e-4)

        let wrong = try TemporaryFolder()
        defer { wrong.remove() }
        var other = try TinyChatModel.configuration()
        other.intermediateSize = 128
        try LoRAAdapter(
            configuration: LoRAConfiguration(rank: 2, alpha: 2, targets: [.down]), model: other, baseModel: "other", seed: 1
        ).write(to: wrong.url)
        #expect {
            try LanguageModel(contentsOf: TinyChatModel.folder, adapter: wrong.url, threads: 1)
        } throws: { error in
            "\(error)".contains("mlp.down_proj.lora_A.weight' has shape [2, 128]")
        }
    }
}
