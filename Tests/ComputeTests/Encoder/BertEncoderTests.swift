import Compute
import Foundation
import Testing

@Suite("BertEncoder")
struct BertEncoderTests {
    static let texts = ["the cat sat", "unaffable cat.", "the", "", "cat cat cat cat cat cat cat cat cat", "sat the cat ."]

    static func tinyEncoder(pooling: String? = nil, normalize: Bool = true) throws -> (TinyModelFolder, BertEncoder) {
        let tiny = try TinyModelFolder()
        try tiny.writeWeights(TinyModelFolder.variedTensors())
        if let pooling { try tiny.write("1_Pooling/config.json", pooling) }
        if !normalize {
            try tiny.write(
                "modules.json",
                """
                [{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
                 {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}]
                """)
        }
        return (tiny, try BertEncoder(try SentenceTransformerFolder(tiny.url)))
    }

    @Test(
        "matches a plain Double implementation of BERT for every pooling mode, with and without Normalize",
        arguments: [
            (TinyModelFolder.pooling(mean: true), true), (TinyModelFolder.pooling(cls: true), true),
            (TinyModelFolder.pooling(max: true), false), (TinyModelFolder.pooling(mean: true), false),
        ])
    func matchesNaiveImplementation(pooling: String, normalize: Bool) throws {
        let (tiny, encoder) = try Self.tinyEncoder(pooling: pooling, normalize: normalize)
        defer { tiny.delete() }
        let naive = NaiveBert(folder: encoder.folder)
        let vectors = encoder.embed(Self.texts)
        #expect(vectors.count == Self.texts.count)
        for (text, vector) in zip(Self.texts, vectors) {
            let expected = try naive.embed(encoder.folder.tokenizer.encode(text).ids)
            #expect(vector.count == TinyModelFolder.hidden)
            let error = zip(vector, expected).map { abs(Double($0) - $1) }.max() ?? 0
            #expect(error < 1e-5, "\(String(reflecting: text)): \(vector) vs \(expected)")
        }
    }

    @Test("a text's embedding does not depend on the batch it shares or the number of workers")
    func batchIndependence() throws {
        let (tiny, encoder) = try Self.tinyEncoder()
        defer { tiny.delete() }
        let together = encoder.embed(Self.texts, batchSize: 4, threads: 2)
        let alone = Self.texts.map { encoder.embed([$0], batchSize: 1, threads: 1)[0] }
        for (a, b) in zip(together, alone) {
            #expect(zip(a, b).allSatisfy { abs($0 - $1) < 1e-6 })
        }
        #expect(encoder.embed(Self.texts, batchSize: 2, threads: 1) == encoder.embed(Self.texts, batchSize: 2, threads: 2))
    }

    @Test("no texts give no embeddings; normalized embeddings have unit length")
    func edges() throws {
        let (tiny, encoder) = try Self.tinyEncoder()
        defer { tiny.delete() }
        #expect(encoder.embed([]).isEmpty)
        for vector in encoder.embed(Self.texts) {
            let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-5)
        }
    }

    @Test("an activation other than gelu is refused, naming config.json")
    func unsupportedActivation() throws {
        let tiny = try TinyModelFolder()
        defer { tiny.delete() }
        try tiny.write(
            "config.json",
            """
            {"hidden_size": 4, "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 8,
             "max_position_embeddings": 16, "vocab_size": 12, "hidden_act": "swish"}
            """)
        let error = #expect(throws: ModelFileError.self) { try BertEncoder(try SentenceTransformerFolder(tiny.url)) }
        #expect(error?.description.contains("config.json") == true)
        #expect(error?.description.contains("swish") == true)
    }
}
