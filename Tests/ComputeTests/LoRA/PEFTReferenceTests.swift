import Foundation
import Testing

@testable import Compute

/// An adapter PEFT itself made (Tests/Fixtures/tiny-chat-adapter), applied by the native decoder, against
/// PEFT's own logits and greedy continuations of the tiny model.
@Suite("an adapter made by PEFT")
struct PEFTReferenceTests {
    static let folder = ReferenceModel.packageRoot.appendingPathComponent("Tests/Fixtures/tiny-chat-adapter")

    struct Case {
        var prompt: [Int]
        var logits: [Float]
        var greedy: [Int]
    }

    static func cases() throws -> [Case] {
        let data = try Data(contentsOf: folder.appendingPathComponent("reference.json"))
        let entries = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        return try entries.map { entry in
            Case(
                prompt: try #require(entry["prompt_ids"] as? [Int]),
                logits: try #require(entry["last_logits"] as? [Double]).map(Float.init),
                greedy: try #require(entry["generated_ids"] as? [Int]))
        }
    }

    @Test("PEFT's adapter_config.json (every field of PEFT 0.21) and weights read as rank 4 on all seven modules")
    func reads() throws {
        let adapter = try LoRAAdapter(contentsOf: Self.folder)
        #expect(adapter.configuration.rank == 4 && adapter.configuration.alpha == 12)
        #expect(adapter.configuration.targets == LoRATarget.allCases)
        #expect(adapter.layers.count == 2)
        #expect(adapter.baseModel == "Tests/Fixtures/tiny-chat-model")
    }

    @Test("merged into the tiny model: PEFT's last logits within 1e-4 and its greedy continuation token for token")
    func matchesPEFT() throws {
        let model = try LanguageModel(contentsOf: TinyChatModel.folder, adapter: Self.folder, threads: 1)
        for reference in try Self.cases() {
            var cache = model.decoder.makeCache(capacity: 128)
            let logits = try model.decoder.logits(for: reference.prompt, cache: &cache)
            #expect(LlamaReference.distance(logits, reference.logits) < 1e-4)
            var sampler = TokenSampler.greedy
            let tokens = try TextGenerator(model: model.decoder).generate(
                prompt: reference.prompt, maxTokens: reference.greedy.count, stopTokens: model.stopTokenIDs, sampler: &sampler)
            #expect(tokens == reference.greedy)
        }
    }
}
