import Foundation
import Testing

@testable import Compute

/// The fixture decoders with their linear layers quantized (Q4_1 layers and a Q8_0 embedding and head, the
/// mix of SmolLM2's Q4_1 file), against the same weights dequantized to floats.
@Suite("LlamaModel with quantized weights")
struct LlamaQuantizedTests {
    /// `model`'s weights with every matrix replaced by `transform` of it.
    static func model(_ model: LlamaModel, _ transform: (WeightMatrix, Bool) throws -> WeightMatrix) rethrows
        -> LlamaModel
    {
        let weights = model.weights
        let embeddings = try transform(weights.embeddings, true)
        let tied = model.configuration.tiesWordEmbeddings
        let layers = try weights.layers.map { layer in
            LlamaWeights.Layer(
                inputNorm: layer.inputNorm, queryKeyValue: try transform(layer.queryKeyValue, false),
                queryKeyValueBias: layer.queryKeyValueBias, output: try transform(layer.output, false),
                outputBias: layer.outputBias, postAttentionNorm: layer.postAttentionNorm,
                gateUp: try transform(layer.gateUp, false), down: try transform(layer.down, false))
        }
        return LlamaModel(
            source: model.source, configuration: model.configuration,
            weights: LlamaWeights(
                embeddings: embeddings, layers: layers, finalNorm: weights.finalNorm,
                head: tied ? embeddings : try transform(weights.head, true)),
            threads: model.threads)
    }

    static func quantized(_ float: LlamaModel) throws -> LlamaModel {
        try model(float) { matrix, isEmbedding in
            try BlockQuantizer.quantize(matrix, to: isEmbedding ? .q8_0 : .q4_1)
        }
    }

    @Test("dequantized copies of the weights give the float model's logits exactly", arguments: LlamaReference.variants)
    func exactPathKept(variant: String) throws {
        let reference = try LlamaReference(variant)
        let float = try LlamaModel(folder: reference.folder)
        let copy = Self.model(float) { matrix, _ in matrix.dequantized() }
        let ids = try #require(reference.sequences.first { $0.ids.count == 100 }).ids
        var first = float.makeCache(capacity: 128), second = copy.makeCache(capacity: 128)
        #expect(try float.allLogits(for: ids, cache: &first) == copy.allLogits(for: ids, cache: &second))
    }

    @Test(
        "quantized weights give the logits of their dequantized floats, batched and token by token",
        arguments: LlamaReference.variants)
    func quantizedMatchesDequantized(variant: String) throws {
        let reference = try LlamaReference(variant)
        let quantized = try Self.quantized(try LlamaModel(folder: reference.folder))
        let exact = Self.model(quantized) { matrix, _ in matrix.dequantized() }
        let ids = try #require(reference.sequences.first { $0.ids.count == 100 }).ids
        var cache = exact.makeCache(capacity: 128)
        let expected = try exact.allLogits(for: ids, cache: &cache)
        // A prompt of 40 as one batch (dequantized tiles and BLAS: float rounding only), then one token at a
        // time (integer kernels on activations rounded to 8 bits).
        var quantizedCache = quantized.makeCache(capacity: 128)
        var rows = try quantized.allLogits(for: Array(ids[0..<40]), cache: &quantizedCache)
        for id in ids[40...] { rows.append(try quantized.logits(for: [id], cache: &quantizedCache)) }
        // The batch matches to float rounding. Rounding the activations to 8 bits moves each product by well
        // under 1% (see QuantizedProductTests); this random fixture model amplifies such changes about
        // fivefold by its last layer, so a token's logits stay within a few percent of their largest.
        var worst: Float = 0
        for (position, (row, exactRow)) in zip(rows, expected).enumerated() {
            let relative = LlamaReference.distance(row, exactRow) / exactRow.map(abs).max()!
            if position < 40 {
                #expect(relative < 1e-5, "\(variant) position \(position): \(relative)")
            } else {
                worst = max(worst, relative)
            }
        }
        #expect(worst < 0.1, "\(variant): \(worst)")
    }

    @Test("quantizing every layer to Q8_0 keeps the float model's logits close", arguments: LlamaReference.variants)
    func quantizedCloseToFloat(variant: String) throws {
        let reference = try LlamaReference(variant)
        let float = try LlamaModel(folder: reference.folder)
        let quantized = try Self.model(float) { matrix, _ in try BlockQuantizer.quantize(matrix, to: .q8_0) }
        let ids = try #require(reference.sequences.first { $0.ids.count == 100 }).ids
        var a = float.makeCache(capacity: 128), b = quantized.makeCache(capacity: 128)
        let floatLogits = try float.logits(for: ids, cache: &a)
        let quantizedLogits = try quantized.logits(for: ids, cache: &b)
        // Q8_0 moves each weight by under half a percent of its block's largest; the random fixture model
        // amplifies that to a few percent of the largest logit.
        let relative = LlamaReference.distance(floatLogits, quantizedLogits) / floatLogits.map(abs).max()!
        #expect(relative < 0.1, "\(variant): \(relative)")
    }
}
