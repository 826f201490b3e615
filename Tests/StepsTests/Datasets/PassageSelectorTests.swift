import Testing

@testable import Steps

@Suite("passages")
struct PassageSelectorTests {
    let selector = PassageSelector(lengths: 40...200)

    @Test("a passage is long enough, starts with a capital letter and ends a sentence")
    func rules() {
        #expect(selector.qualifies("Fine-tuning adapts a model to one task with little data."))
        #expect(!selector.qualifies("fine-tuning adapts a model to one task with little data."))
        #expect(!selector.qualifies("Fine-tuning adapts a model to one task with little data"))
        #expect(!selector.qualifies("Too short."))
        #expect(selector.qualifies("He said: \"Fine-tuning adapts a model to one task with little data.\""))
        #expect(selector.qualifies("“Fine-tuning changes how a model writes; retrieval changes what it knows.”"))
    }

    @Test("headings, lists of words and code never qualify; long paragraphs give runs of whole sentences")
    func candidates() {
        let long = (1...8).map { "Sentence number \($0) says something about the topic." }.joined(separator: " ")
        let text = """
            # A heading that is long enough to pass the length rule.

            - tokenizer, encoder, decoder and sampler
            - the vector index and its search

            ```
            let passage = "A line of code that is long enough to pass the rule."
            ```

            \(long)
            """
        let passages = selector.passages(text, count: 10)
        #expect(!passages.isEmpty)
        #expect(passages.allSatisfy { $0.hasPrefix("Sentence number") && $0.hasSuffix(".") && (40...200).contains($0.count) })
    }

    @Test("short prose paragraphs in a row join into one passage; a heading between them breaks the run")
    func shortParagraphs() {
        let text = "New post on evaluation.\n\nShort version: read the outputs blind.\n\n## Next\n\nLoss curves are not enough."
        #expect(selector.candidates(text) == ["New post on evaluation.\n\nShort version: read the outputs blind."])
        #expect(PassageSelector(lengths: 20...40).candidates(text).count == 3)
    }

    @Test("list items written as sentences make a passage with their markers; a list of words does not")
    func lists() {
        let text = """
            1. Retrieval is bounded by chunks.
            2. Metadata filters matter too.
            3. recall of the retriever
            4. Measure the retriever apart from the answers.
            """
        #expect(
            selector.candidates(text) == [
                "1. Retrieval is bounded by chunks.\n2. Metadata filters matter too.",
                "4. Measure the retriever apart from the answers.",
            ])
        #expect(selector.candidates("- an item\n- another item\n- a third item, long enough to count") == [])
    }

    @Test("a paragraph cut mid-sentence, or whose sentences lost their spaces, still gives its whole sentences")
    func cutParagraphs() {
        let cut = "and so the chunk begins here. The first whole sentence of the chunk is long enough. The next one ends the"
        #expect(selector.candidates(cut) == ["The first whole sentence of the chunk is long enough."])
        let glued = "The page lost the spaces between its sentences.Nobody noticed it for a long while.It still reads well."
        #expect(
            PassageSelector.sentences(glued) == [
                "The page lost the spaces between its sentences.", "Nobody noticed it for a long while.", "It still reads well.",
            ])
    }

    @Test("no passage is longer than the upper bound, however the paragraphs and items are cut")
    func upperBound() {
        let item = "- " + String(repeating: "Word ", count: 60) + "end."
        let text = (1...5).map { "Paragraph \($0) has a sentence in it." }.joined(separator: "\n\n") + "\n\n" + item
        #expect(selector.candidates(text).allSatisfy { (40...200).contains($0.count) })
        #expect(!selector.candidates(text).isEmpty)
    }

    @Test("at most count passages, spread over the text")
    func spread() {
        let text = (1...9).map { "Paragraph \($0) is a complete sentence about retrieval and models." }.joined(separator: "\n\n")
        let passages = selector.passages(text, count: 3)
        #expect(passages.map { $0.split(separator: " ")[1] } == ["1", "4", "7"])
    }
}
