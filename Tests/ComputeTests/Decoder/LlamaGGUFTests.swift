import Compute
import Foundation
import Testing

/// The decoder loaded from GGUF conversions of the tiny Llama fixture (see Fixtures/gguf/README.md).
@Suite("LlamaModel from GGUF")
struct LlamaGGUFTests {
    static let folder = ReferenceModel.fixtures.appendingPathComponent("gguf")

    @Test("the configuration comes from the llama.* metadata, tied when there is no output.weight")
    func configuration() throws {
        let file = try GGUFFile(contentsOf: Self.folder.appendingPathComponent("tiny-llama-f32.gguf"))
        let config = try LlamaConfiguration(gguf: file)
        #expect(config.modelType == "llama")
        #expect(config.hiddenSize == 64)
        #expect(config.intermediateSize == 160)
        #expect(config.layers == 2)
        #expect(config.attentionHeads == 4)
        #expect(config.keyValueHeads == 2)
        #expect(config.headSize == 16)
        #expect(config.maxPositionEmbeddings == 128)
        #expect(config.vocabularySize == 300)
        #expect(config.ropeTheta == 10000)
        #expect(abs(config.rmsNormEpsilon - 1e-5) < 1e-12)
        #expect(config.tiesWordEmbeddings)
        #expect(config.bosTokenID == 1)
        #expect(config.eosTokenIDs == [2])
    }

    @Test("the F32 conversion, with llama.cpp's query and key permutation, gives the folder's logits")
    func sameLogitsAsFolder() throws {
        let reference = try LlamaReference("tied")
        let folderModel = try LlamaModel(folder: reference.folder, threads: 1)
        let model = try LlamaModel(gguf: Self.folder.appendingPathComponent("tiny-llama-f32.gguf"), threads: 1)
        #expect(model.configuration.tiesWordEmbeddings)
        for sequence in reference.sequences where sequence.ids.count <= 33 {
            var cache = model.makeCache(capacity: 64)
            var folderCache = folderModel.makeCache(capacity: 64)
            let rows = try model.allLogits(for: sequence.ids, cache: &cache)
            let folderRows = try folderModel.allLogits(for: sequence.ids, cache: &folderCache)
            for (position, row) in rows.enumerated() {
                #expect(LlamaReference.distance(row, folderRows[position]) < 1e-5, "position \(position)")
                #expect(LlamaReference.distance(row, sequence.logits[position]) < 1e-3, "position \(position)")
            }
        }
    }

    @Test("the Q8_0 conversion with its own output.weight: the exact path within 1e-3 of transformers")
    func quantizedExact() throws {
        let url = Self.folder.appendingPathComponent("tiny-llama-q8_0.gguf")
        let model = try LlamaModel(gguf: url, threads: 1, exact: true)
        let fast = try LlamaModel(gguf: url, threads: 1)
        #expect(!model.configuration.tiesWordEmbeddings)
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("tiny-llama-q8_0.reference.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let sequences = try #require(object["sequences"] as? [[String: Any]])
        #expect(sequences.count == 2)
        for sequence in sequences {
            let ids = try #require(sequence["ids"] as? [Int])
            let expected = try #require(sequence["last_logits"] as? [Double]).map(Float.init)
            var cache = model.makeCache(capacity: 64)
            let logits = try model.logits(for: ids, cache: &cache)
            #expect(LlamaReference.distance(logits, expected) < 1e-3)
            // The quantized products round their inputs differently; the answer must not change.
            var fastCache = fast.makeCache(capacity: 64)
            let quantized = try fast.logits(for: ids, cache: &fastCache)
            #expect(LlamaReference.distance(quantized, expected) < 0.05)
            #expect(
                quantized.indices.max { quantized[$0] < quantized[$1] } == expected.indices.max { expected[$0] < expected[$1] })
        }
    }

    @Test("a Qwen2 GGUF: qwen2.* keys, q/k/v biases, rows not permuted; F16 widened to float32")
    func qwen2() throws {
        let reference = try LlamaReference("tied")
        let model = try LlamaModel(gguf: Self.folder.appendingPathComponent("tiny-qwen2-f16.gguf"), threads: 1)
        #expect(model.configuration.modelType == "qwen2")
        #expect(model.configuration.queryKeyValueBias)
        #expect(model.configuration.tiesWordEmbeddings)
        let sequence = try #require(reference.sequences.first { $0.ids.count == 33 })
        var cache = model.makeCache(capacity: 64)
        let rows = try model.allLogits(for: sequence.ids, cache: &cache)
        for (position, row) in rows.enumerated() {
            // The weights were rounded to F16, so the logits move by about 1e-3; the choice must not.
            let expected = sequence.logits[position]
            #expect(LlamaReference.distance(row, expected) < 0.02, "position \(position)")
            #expect(row.indices.max { row[$0] < row[$1] } == expected.indices.max { expected[$0] < expected[$1] })
        }
    }

    @Test("Llama 3.1 rope scaling from rope_freqs.weight gives the untied fixture's logits (F16 weights)")
    func llama3RopeFactors() throws {
        let reference = try LlamaReference("untied")
        let model = try LlamaModel(gguf: Self.folder.appendingPathComponent("tiny-llama3-f16.gguf"), threads: 1)
        #expect(!model.configuration.tiesWordEmbeddings)
        let factors = try #require(model.configuration.ropeFrequencyFactors)
        #expect(factors.count == 8)
        #expect(factors.first == 1)
        #expect(factors.last == 8)
        for sequence in reference.sequences where sequence.ids.count == 33 || sequence.ids.count == 100 {
            var cache = model.makeCache(capacity: 128)
            let rows = try model.allLogits(for: sequence.ids, cache: &cache)
            for (position, row) in rows.enumerated() {
                let expected = sequence.logits[position]
                #expect(LlamaReference.distance(row, expected) < 0.02, "position \(position)")
                #expect(row.indices.max { row[$0] < row[$1] } == expected.indices.max { expected[$0] < expected[$1] })
            }
        }
    }
}
