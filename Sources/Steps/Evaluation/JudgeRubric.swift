import ArtifactStore
import Compute

/// The LLM-as-judge rubric of the book: accuracy and style, each scored 1 to 3 with the judge's reasons, as
/// one JSON object. The prompt is ours; the two criteria and their three levels are the book's.
enum JudgeRubric {
    static let system = """
        You are an expert judge of answers written for a technical blog. You score an answer on two criteria \
        and reply with one JSON object only.
        """

    static func prompt(instruction: String, answer: String) -> String {
        """
        Score the answer to the instruction below.

        Accuracy: how factually correct and complete the answer is.
        1 (poor): factual errors, or the answer misses the point.
        2 (good): mostly correct, with minor errors or omissions.
        3 (excellent): correct and complete.

        Style: whether the tone and words suit a blog post or a social media post.
        1 (poor): too formal, stiff or full of jargon.
        2 (good): readable, a little too formal or wordy.
        3 (excellent): clear, direct and accessible, technical terms used only where they are needed.

        Instruction: \(instruction)

        Answer: \(answer)

        Reply with JSON only, in this form, each score a number from 1 to 3 (a verdict that copies the form \
        without scoring is not counted):
        {"accuracy": {"analysis": "<your reasons>", "score": <1, 2 or 3>}, "style": {"analysis": "<your reasons>", "score": <1, 2 or 3>}}
        """
    }

    /// The start of the verdict, written for a native judge to continue.
    static let answerPrefix = #"{"accuracy": {"analysis": ""#

    static func messages(instruction: String, answer: String) -> [ChatMessage] {
        [
            ChatMessage(role: "system", content: system),
            ChatMessage(role: "user", content: prompt(instruction: instruction, answer: answer)),
        ]
    }
}

/// What a judge said about one answer: both scores with their reasons, or why its answer could not be read.
/// An unreadable verdict is kept as such and never counted as a score.
enum JudgeVerdict: Equatable {
    case scored(accuracy: Int, style: Int, accuracyReason: String, styleReason: String)
    case unreadable(reason: String, answer: String)

    /// Reads the judge's answer: the JSON object anywhere in it (fences and prose forgiven), each criterion an
    /// object with an integer `score` from 1 to 3 (a bare number is taken too) and an `analysis`.
    init(answer: String) {
        let value: JSONValue
        do {
            value = try JSONAnswer.parse(answer)
        } catch {
            self = .unreadable(reason: "\(error)", answer: answer)
            return
        }
        func criterion(_ name: String) -> Result<(Int, String), JudgeProblem> {
            guard let entry = value[name] else { return .failure(JudgeProblem("no '\(name)' in the verdict")) }
            let score = entry["score"]?.doubleValue ?? entry.doubleValue
            guard let score, score.rounded() == score, (1...3).contains(score) else {
                return .failure(JudgeProblem("'\(name)' has no score of 1, 2 or 3"))
            }
            return .success((Int(score), entry["analysis"]?.stringValue ?? ""))
        }
        switch (criterion("accuracy"), criterion("style")) {
        case (.success(let accuracy), .success(let style)):
            self = .scored(accuracy: accuracy.0, style: style.0, accuracyReason: accuracy.1, styleReason: style.1)
        case (.failure(let problem), _), (_, .failure(let problem)):
            self = .unreadable(reason: problem.message, answer: answer)
        }
    }

    var json: JSONValue {
        switch self {
        case .scored(let accuracy, let style, let accuracyReason, let styleReason):
            .object([
                "accuracy": .object(["score": .int(accuracy), "analysis": .string(accuracyReason)]),
                "style": .object(["score": .int(style), "analysis": .string(styleReason)]),
            ])
        case .unreadable(let reason, let answer):
            .object(["unreadable": .string(reason), "answer": .string(answer)])
        }
    }
}

struct JudgeProblem: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
