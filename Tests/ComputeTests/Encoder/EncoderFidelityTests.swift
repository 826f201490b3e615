import Compute
import Foundation
import Testing

/// all-MiniLM-L6-v2's native embeddings point the same way as sentence-transformers' on PyTorch for every
/// text of Fixtures/embeddings/reference.jsonl (how it was made: the README beside it).
@Suite("BertEncoder against sentence-transformers")
struct EncoderFidelityTests {
    struct Case {
        var line: Int
        var text: String
        var ids: [Int]
        var vector: [Float]
    }

    static func cases() throws -> [Case] {
        let url = ReferenceModel.fixtures.appendingPathComponent("embeddings/reference.jsonl")
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").enumerated().map { index, line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let text = try #require(object?["text"] as? String, "reference.jsonl line \(index + 1) has no text")
            let ids = try #require(object?["ids"] as? [Int], "reference.jsonl line \(index + 1) has no ids")
            let vector = try #require(object?["vector"] as? [Double], "reference.jsonl line \(index + 1) has no vector")
            return Case(line: index + 1, text: text, ids: ids, vector: vector.map(Float.init))
        }
    }

    @Test("cosine similarity ≥ 0.9999 to the reference for every text, and identical token ids")
    func cosineToReference() throws {
        let encoder = try BertEncoder(try SentenceTransformerFolder(try ReferenceModel.require()))
        let cases = try Self.cases()
        #expect(cases.count >= 200)
        let vectors = encoder.embed(cases.map(\.text))
        var worst = (cosine: 1.0, line: 0)
        for (item, vector) in zip(cases, vectors) {
            #expect(encoder.folder.tokenizer.encode(item.text).ids == item.ids, "line \(item.line): token ids differ")
            let cosine = Self.cosine(vector, item.vector)
            if cosine < worst.cosine { worst = (cosine, item.line) }
            #expect(cosine >= 0.9999, "line \(item.line) \(String(reflecting: String(item.text.prefix(60)))): cosine \(cosine)")
        }
        #expect(worst.cosine >= 0.9999)
    }

    @Test("the fixture covers long texts past the 256-token window, CJK, emoji and code")
    func coverage() throws {
        let cases = try Self.cases()
        #expect(cases.filter { $0.ids.count == 256 }.count >= 50)
        #expect(cases.contains { $0.text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } })
        #expect(cases.contains { $0.text.unicodeScalars.contains { $0.properties.isEmojiPresentation } })
        #expect(cases.contains { $0.text.contains("func ") || $0.text.contains("def ") })
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0, na = 0.0, nb = 0.0
        for (x, y) in zip(a, b) {
            dot += Double(x) * Double(y)
            na += Double(x) * Double(x)
            nb += Double(y) * Double(y)
        }
        return dot / (na.squareRoot() * nb.squareRoot())
    }
}
