import Compute
import Foundation
import Testing

/// Loading a sentence-transformers folder: the configuration, tokenizer and pooling it exposes, and the
/// error for each missing or malformed file.
@Suite("SentenceTransformerFolder")
struct SentenceTransformerFolderTests {
    @Test("the real all-MiniLM-L6-v2: 6 layers of 384 with 12 heads, 512 positions, 30522 tokens, mean pooling, normalized")
    func allMiniLM() throws {
        let folder = try SentenceTransformerFolder(try ReferenceModel.require())
        #expect(
            folder.configuration
                == BertConfiguration(
                    hiddenSize: 384, layers: 6, attentionHeads: 12, intermediateSize: 1536, maxPositionEmbeddings: 512,
                    vocabularySize: 30522))
        #expect(folder.pooling == .mean)
        #expect(folder.normalizesEmbeddings)
        #expect(folder.maxSequenceLength == 256)
        #expect(folder.tokenizer.maxLength == 256)
        #expect(folder.weightPrefix == "")
        #expect(folder.weights.metadata == ["format": "pt"])
        #expect(try folder.weights.floats("embeddings.LayerNorm.weight", shape: [384]).count == 384)
        #expect(folder.tokenizer.encode("Hello, world!").ids == [101, 7592, 1010, 2088, 999, 102])
    }

    @Test("a tiny valid folder loads, with vocab.txt instead of tokenizer.json")
    func tiny() throws {
        let model = try TinyModelFolder()
        defer { model.delete() }
        let folder = try SentenceTransformerFolder(model.url)
        #expect(folder.configuration.layers == 2)
        #expect(folder.configuration.headSize == 2)
        #expect(folder.tokenizer.encode("The cat sat on the mat.").ids == [2, 5, 6, 7, 1, 5, 1, 3])
        #expect(folder.tokenizer.encode("the cat sat the cat sat the cat").ids.count == 8)
    }

    @Test("weights saved under bert. are found too")
    func bertPrefix() throws {
        let model = try TinyModelFolder()
        defer { model.delete() }
        try model.writeWeights(TinyModelFolder.tensors(prefix: "bert."))
        #expect(try SentenceTransformerFolder(model.url).weightPrefix == "bert.")
    }

    @Test("mean, CLS and max pooling are read from the pooling module's config.json")
    func poolingModes() throws {
        let model = try TinyModelFolder()
        defer { model.delete() }
        try model.write("1_Pooling/config.json", TinyModelFolder.pooling(cls: true))
        #expect(try SentenceTransformerFolder(model.url).pooling == .cls)
        try model.write("1_Pooling/config.json", TinyModelFolder.pooling(max: true))
        #expect(try SentenceTransformerFolder(model.url).pooling == .max)
    }

    @Test("sentence_bert_config.json's do_lower_case lower-cases the text before the tokenizer")
    func lowercaseInput() throws {
        let model = try TinyModelFolder()
        defer { model.delete() }
        try model.write("tokenizer_config.json", #"{"do_lower_case": false}"#)
        #expect(try SentenceTransformerFolder(model.url).tokenizer.encode("The cat").ids == [2, 1, 6, 3])
        try model.write("sentence_bert_config.json", #"{"max_seq_length": 8, "do_lower_case": true}"#)
        #expect(try SentenceTransformerFolder(model.url).tokenizer.encode("The cat").ids == [2, 5, 6, 3])
    }

    @Test("a folder that is not there says so")
    func noFolder() throws {
        let error = #expect(throws: ModelFileError.self) {
            try SentenceTransformerFolder(URL(fileURLWithPath: "/nonexistent/model"))
        }
        #expect(error?.description == "/nonexistent/model: is not a model folder (it does not exist or is a file)")
    }
}
