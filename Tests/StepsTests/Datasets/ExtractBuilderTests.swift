import ArtifactStore
import Orchestrator
import Testing

@testable import Steps

@Suite("extracts")
struct ExtractBuilderTests {
    static func record(_ id: String, _ document: String, _ author: String, words: Int) -> ExtractBuilder.Record {
        ExtractBuilder.Record(
            id: id, document: document, author: author, link: "https://\(document)",
            text: (0..<words).map { "w\($0)" }.joined(separator: " "))
    }

    @Test("records of one document are packed up to the size; extracts never cross documents")
    func packing() {
        let records = [
            Self.record("c1", "d1", "Ada", words: 30), Self.record("c2", "d1", "Ada", words: 30),
            Self.record("c3", "d1", "Ada", words: 30), Self.record("c4", "d2", "Bo", words: 30),
        ]
        let extracts = ExtractBuilder(words: 60).extracts(records)
        #expect(extracts.map(\.sources) == [["c1", "c2"], ["c3"], ["c4"]])
        #expect(extracts.map(\.author) == ["Ada", "Ada", "Bo"])
        #expect(extracts[0].documents == ["d1"] && extracts[0].links == ["https://d1"])
        #expect(extracts[0].text.split(whereSeparator: \.isWhitespace).count == 60)
    }

    @Test("a short tail joins the extract before it")
    func tail() {
        let records = [Self.record("c1", "d1", "Ada", words: 100), Self.record("c2", "d1", "Ada", words: 10)]
        let extracts = ExtractBuilder(words: 100).extracts(records)
        #expect(extracts.count == 1)
        #expect(extracts[0].sources == ["c1", "c2"])
    }

    @Test("long documents are cut at paragraphs; the same text gives the same extract ids")
    func paragraphs() {
        let text = (0..<4).map { paragraph in (0..<50).map { "p\(paragraph)w\($0)" }.joined(separator: " ") }.joined(
            separator: "\n\n")
        let document = ExtractBuilder.Record(id: "doc", document: "doc", author: "Ada", link: nil, text: text)
        let extracts = ExtractBuilder(words: 100).extracts([document])
        #expect(extracts.count == 2)
        #expect(extracts.allSatisfy { $0.sources == ["doc"] })
        #expect(extracts.map(\.id) == ExtractBuilder(words: 100).extracts([document]).map(\.id))
    }

    @Test("chunks and documents are both read; a record without text or author is named")
    func records() throws {
        let records = try ExtractBuilder.records(
            [["id": "c", "document_id": "d", "author": "Ada", "text": "t"], ["id": "e", "author": "Bo", "content": "u"]],
            label: "input")
        #expect(records.map(\.document) == ["d", "e"])
        #expect(throws: StepFailure("input 'chunks': record 1 has neither 'text' (chunks) nor 'content' (documents)")) {
            try ExtractBuilder.records([["author": "Ada"]], label: "input 'chunks'")
        }
    }
}
