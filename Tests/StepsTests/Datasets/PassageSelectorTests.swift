import Testing

@testable import Steps

@Suite("chosen passages")
struct PassageSelectorTests {
    let selector = PassageSelector(lengths: 40...200)

    @Test("a passage is long enough, starts with a capital letter and ends a sentence")
    func rules() {
        #expect(selector.qualifies("Fine-tuning adapts a model to one task with little data."))
        #expect(!selector.qualifies("fine-tuning adapts a model to one task with little data."))
        #expect(!selector.qualifies("Fine-tuning adapts a model to one task with little data"))
        #expect(!selector.qualifies("Too short."))
        #expect(selector.qualifies("He said: \"Fine-tuning adapts a model to one task with little data.\""))
    }

    @Test("headings, lists and code never qualify; long paragraphs give runs of whole sentences")
    func candidates() {
        let long = (1...8).map { "Sentence number \($0) says something about the topic." }.joined(separator: " ")
        let text =
            "# A heading that is long enough to pass the length rule.\n\n- A list item that is long enough to pass the rule.\n\n\(long)"
        let passages = selector.passages(text, count: 10)
        #expect(!passages.isEmpty)
        #expect(passages.allSatisfy { $0.hasPrefix("Sentence number") && $0.hasSuffix(".") && (40...200).contains($0.count) })
    }

    @Test("at most count passages, spread over the text")
    func spread() {
        let text = (1...9).map { "Paragraph \($0) is a complete sentence about retrieval and models." }.joined(separator: "\n\n")
        let passages = selector.passages(text, count: 3)
        #expect(passages.map { $0.split(separator: " ")[1] } == ["1", "4", "7"])
    }
}
