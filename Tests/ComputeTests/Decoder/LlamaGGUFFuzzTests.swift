import Foundation
import Testing

@testable import Compute

/// The loader on damaged files: whatever the header says, loading ends in a model or an error, never a
/// trap or an allocation sized by a corrupt count.
@Suite("LlamaModel from GGUF, fuzzed")
struct LlamaGGUFFuzzTests {
    @Test("seeded mutations of the Q8_0 tiny model's header only ever load or throw")
    func fuzz() throws {
        let url = ReferenceModel.fixtures.appendingPathComponent("gguf/tiny-llama-q8_0.gguf")
        let original = try [UInt8](Data(contentsOf: url))
        // The metadata and tensor infos take the first 1.5 KB or so; past them are weights, where a changed
        // byte only changes a number.
        let headerEnd = 2048
        var generator = SplitMix64(seed: 0x6c6c_616d_61)
        var outcomes = (loaded: 0, refused: 0)
        for round in 0..<600 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let at = Int.random(in: 0..<headerEnd, using: &generator)
                if round % 2 == 0 {
                    bytes[at] = UInt8.random(in: 0...255, using: &generator)
                } else {
                    // A small integer field grown large: counts, dimensions, hyperparameters.
                    bytes[at] = [0xff, 0x7f, 0x40, 0x01, 0x00][Int.random(in: 0..<5, using: &generator)]
                }
            }
            do {
                let file = try GGUFFile(bytes: bytes, path: "fuzz.gguf")
                let model = try LlamaModel(gguf: file, source: url, threads: 1, exact: round % 3 == 0)
                var cache = model.makeCache(capacity: 4)
                _ = try model.logits(for: [1, 2], cache: &cache)
                outcomes.loaded += 1
            } catch is GGUFError {
                outcomes.refused += 1
            } catch is ModelFileError {
                outcomes.refused += 1
            }
        }
        #expect(outcomes.loaded > 0)
        #expect(outcomes.refused > 0)
    }
}
