import Compute
import Foundation
import Testing

/// The projection biases of Qwen2 and of Llama with `attention_bias`, checked by identities rather than a
/// second fixture: zero biases change nothing, and a value bias is undone exactly by the output bias
/// `-Wo · b`, because attention weights sum to one, so every query's context moves by its head's `b`.
@Suite("LlamaModel attention biases")
struct LlamaBiasTests {
    static let ids = [1, 17, 250, 3, 99, 42, 7, 7, 180, 64, 5]

    static func logits(_ folder: URL) throws -> [[Float]] {
        let model = try LlamaModel(folder: folder)
        var cache = model.makeCache(capacity: 32)
        return try model.allLogits(for: ids, cache: &cache)
    }

    /// The fixture with `attention_bias` on and these biases per layer (q, k, v, o).
    static func biased(_ copy: LlamaFixtureCopy, _ biases: (Int, [(name: String, shape: [Int], values: [Float])]) -> [[Float]])
        throws
    {
        let tensors = try copy.tensors().filter { !$0.name.hasSuffix(".bias") }
        var written = tensors.map(LlamaFixtureCopy.f32)
        for layer in 0..<2 {
            let values = biases(layer, tensors)
            for (index, projection) in ["q_proj", "k_proj", "v_proj", "o_proj"].enumerated() {
                let name = "model.layers.\(layer).self_attn.\(projection).bias"
                written.append(LlamaFixtureCopy.f32((name, [values[index].count], values[index])))
            }
        }
        try copy.writeWeights(written)
        try copy.editConfig { $0["attention_bias"] = true }
    }

    @Test("zero biases give the logits of the model without them; others change them")
    func zeroBiases() throws {
        let copy = try LlamaFixtureCopy()
        defer { copy.delete() }
        let plain = try Self.logits(copy.url)
        let zeros = { (count: Int) in [Float](repeating: 0, count: count) }
        try Self.biased(copy) { _, _ in [zeros(64), zeros(32), zeros(32), zeros(64)] }
        #expect(try Self.logits(copy.url) == plain)
        try Self.biased(copy) { _, _ in [zeros(64), (0..<32).map { Float($0) / 10 }, zeros(32), zeros(64)] }
        let shifted = try Self.logits(copy.url)
        #expect(zip(shifted, plain).contains { LlamaReference.distance($0, $1) > 1e-2 })
    }

    @Test("a value bias and the output bias -Wo·b cancel")
    func valueBiasCancels() throws {
        let copy = try LlamaFixtureCopy()
        defer { copy.delete() }
        let plain = try Self.logits(copy.url)
        try Self.biased(copy) { layer, tensors in
            let value: [Float] = (0..<32).map { index in Float((index * 37 + layer * 11) % 17) / 8 - 1 }
            let output = tensors.first { $0.name == "model.layers.\(layer).self_attn.o_proj.weight" }!.values
            // Query head h reads key/value head h / 2; its 16 context values move by that head's bias.
            let perQuery: [Float] = (0..<64).map { column in value[(column / 32) * 16 + column % 16] }
            var undo = [Float](repeating: 0, count: 64)
            for row in 0..<64 {
                var sum: Float = 0
                for column in 0..<64 { sum += output[row * 64 + column] * perQuery[column] }
                undo[row] = -sum
            }
            return [[Float](repeating: 0, count: 64), [Float](repeating: 0, count: 32), value, undo]
        }
        for (row, expected) in zip(try Self.logits(copy.url), plain) {
            #expect(LlamaReference.distance(row, expected) < 1e-3)
        }
    }
}
