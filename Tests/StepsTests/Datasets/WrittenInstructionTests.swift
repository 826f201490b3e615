import Testing

@testable import Steps

@Suite("written instructions")
struct WrittenInstructionTests {
    let passage =
        "Low-rank adaptation fine-tunes a large model by learning a small update to each weight matrix. Keeping alpha at "
        + "twice the rank makes the learning rate behave the same when the rank changes."

    @Test(
        "the instruction is the first line that says something, without labels, list markers, quotes or emphasis",
        arguments: [
            ("Question: How does LoRA update a weight matrix?", "How does LoRA update a weight matrix?"),
            (
                "**Question:** How does LoRA update a weight matrix?\n\nAnswer: by adding to it.",
                "How does LoRA update a weight matrix?"
            ),
            ("Question:\n\n\"How does LoRA update a weight matrix?\"", "How does LoRA update a weight matrix?"),
            ("1. Why keep alpha at twice the rank?", "Why keep alpha at twice the rank?"),
            ("  Instruction: Explain how LoRA fine-tunes a model.  ", "Explain how LoRA fine-tunes a model."),
            ("Q: “Why keep alpha at twice the rank?”", "Why keep alpha at twice the rank?"),
        ])
    func cleaning(answer: String, instruction: String) {
        #expect(WrittenInstruction(answer).text == instruction)
    }

    @Test("a question about the passage's topic is accepted")
    func accepted() {
        #expect(WrittenInstruction("Question: Why should alpha be twice the rank?").problem(answering: passage) == nil)
        #expect(
            WrittenInstruction("How does teaching a model a style work?").problem(answering: "Teaching a style is easy.") == nil)
    }

    @Test(
        "nothing, a reference to the passage, a copy of it, or another topic is refused, saying which",
        arguments: [
            ("Question:", "the generator wrote no instruction"),
            (
                "What is the main idea of the passage?",
                "the instruction speaks of 'the passage', which makes no sense without the passage"
            ),
            (
                "This text is about low-rank adaptation.",
                "the instruction speaks of 'this text', which makes no sense without the passage"
            ),
            (
                "Low-rank adaptation fine-tunes a large model by learning a small update",
                "the instruction copies the passage instead of asking for it"
            ),
            (
                "Question: How can you make a 90-minute workout more productive?",
                "the instruction shares no word with the passage, so it asks about something else"
            ),
        ])
    func refused(answer: String, problem: String) {
        #expect(WrittenInstruction(answer).problem(answering: passage) == problem)
    }

    @Test("'the passage' is allowed when the passage itself speaks of passages")
    func passageAsSubject() {
        let retrieval = "Cut the passage in the middle of an argument and it answers nothing, so chunk at paragraph ends."
        #expect(WrittenInstruction("Why does a passage cut mid-argument answer nothing?").problem(answering: retrieval) == nil)
        #expect(WrittenInstruction("What happens to the passage when it is cut?").problem(answering: retrieval) == nil)
    }
}
