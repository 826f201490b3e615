import Testing

@testable import Steps

/// Reading a judge's answer: the rubric's JSON wherever it sits, or a recorded reason why it cannot be read.
struct JudgeVerdictTests {
    @Test func theRubricsJSONIsReadWithItsReasons() {
        let verdict = JudgeVerdict(
            answer:
                #"Here is my verdict: ```json {"accuracy": {"analysis": "Right.", "score": 3}, "style": {"analysis": "Stiff.", "score": 1},} ```"#
        )
        #expect(verdict == .scored(accuracy: 3, style: 1, accuracyReason: "Right.", styleReason: "Stiff."))
    }

    @Test func aBareScoreIsTakenToo() {
        #expect(
            JudgeVerdict(answer: #"{"accuracy": 2, "style": 3}"#)
                == .scored(accuracy: 2, style: 3, accuracyReason: "", styleReason: ""))
    }

    @Test(arguments: [
        (#"{"accuracy": {"score": 4}, "style": {"score": 2}}"#, "'accuracy' has no score of 1, 2 or 3"),
        (#"{"accuracy": {"score": 2.5}, "style": {"score": 2}}"#, "'accuracy' has no score of 1, 2 or 3"),
        (#"{"accuracy": {"score": 2}}"#, "no 'style' in the verdict"),
        ("A fine answer.", "the answer holds no JSON array or object"),
    ])
    func anythingElseIsUnreadableWithItsReason(answer: String, reason: String) {
        #expect(JudgeVerdict(answer: answer) == .unreadable(reason: reason, answer: answer))
    }

    @Test func aVerdictThatCopiesTheFormWithoutScoringIsNotCounted() throws {
        let prompt = JudgeRubric.prompt(instruction: "What is LoRA?", answer: "Small matrices.")
        let form = try #require(prompt.split(separator: "\n").last.map(String.init))
        guard case .unreadable = JudgeVerdict(answer: form) else {
            Issue.record("the form itself was read as a verdict")
            return
        }
    }
}
