import Compute
import Foundation
import Testing

/// all-MiniLM-L6-v2's tokenizer gives exactly the ids of Hugging Face `tokenizers` for every text of
/// Fixtures/tokenizer/reference.jsonl (how it was made: the README beside it).
@Suite("BertTokenizer against the reference")
struct ReferenceFidelityTests {
    struct Case {
        var line: Int
        var text: String
        var ids: [Int]
    }

    static func cases() throws -> [Case] {
        let url = ReferenceModel.fixtures.appendingPathComponent("tokenizer/reference.jsonl")
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").enumerated().map { index, line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let text = try #require(object?["text"] as? String, "reference.jsonl line \(index + 1) has no text")
            let ids = try #require(object?["ids"] as? [Int], "reference.jsonl line \(index + 1) has no ids")
            return Case(line: index + 1, text: text, ids: ids)
        }
    }

    @Test("every fixture text gets the reference's ids, [CLS] and [SEP] and truncation to 256 included")
    func identicalIDs() throws {
        let folder = try SentenceTransformerFolder(try ReferenceModel.require())
        let cases = try Self.cases()
        #expect(cases.count >= 200)
        var mismatches = 0
        for item in cases {
            let ids = folder.tokenizer.encode(item.text).ids
            if ids != item.ids {
                mismatches += 1
                if mismatches <= 5 {
                    Issue.record(
                        "line \(item.line) \(String(reflecting: String(item.text.prefix(80)))): got \(ids.prefix(40)), expected \(item.ids.prefix(40))"
                    )
                }
            }
        }
        #expect(mismatches == 0, "\(mismatches) of \(cases.count) texts differ from the reference")
    }

    @Test("the fixture covers what it claims: long texts truncated to 256, [UNK], added tokens, CJK")
    func coverage() throws {
        let cases = try Self.cases()
        #expect(cases.filter { $0.ids.count == 256 }.count >= 50)
        #expect(cases.contains { $0.ids.contains(100) })  // [UNK]
        #expect(cases.contains { $0.ids.dropFirst().dropLast().contains(103) })  // [MASK] written in the text
        #expect(cases.contains { $0.text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } })
        #expect(cases.allSatisfy { $0.ids.first == 101 && $0.ids.last == 102 })
    }
}
