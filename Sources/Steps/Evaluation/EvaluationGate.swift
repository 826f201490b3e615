import ArtifactStore
import Orchestrator

/// The condition a model must meet to be promoted, written over the report's numbers: `perplexity`,
/// `bits_per_byte`, `judge_accuracy`, ... of the model evaluated, and `base.NAME` or `baseline.NAME` of the
/// others (`when`'s grammar: `&&`, `||`, `!`, comparisons). A name the report does not have is an error
/// when the pipeline is checked, not a gate that silently fails.
struct EvaluationGate {
    let expression: WhenExpression

    static let metrics = [
        "perplexity", "byte_perplexity", "bits_per_byte", "scored_tokens", "judge_accuracy", "judge_style", "judged",
        "unreadable_verdicts", "style_similarity", "style_margin",
    ]
    static let answerMetrics: Set = [
        "judge_accuracy", "judge_style", "judged", "unreadable_verdicts", "style_similarity", "style_margin",
    ]

    init(_ text: String, generateAnswers: Bool) throws {
        do {
            expression = try WhenExpression(text)
        } catch {
            throw StepFailure("parameter 'gate': \(error)")
        }
        for path in expression.paths {
            let name = path.last!
            let prefixOK = path.count == 1 || (path.count == 2 && ["base", "baseline", "model"].contains(path[0]))
            guard prefixOK, Self.metrics.contains(name) else {
                throw StepFailure(
                    "parameter 'gate': '\(path.joined(separator: "."))' is not a number of the report; use "
                        + Self.metrics.joined(separator: ", ") + ", optionally after base. or baseline.")
            }
            if !generateAnswers, Self.answerMetrics.contains(name) {
                throw StepFailure("parameter 'gate': '\(name)' needs generate_answers: true")
            }
        }
    }

    var text: String { expression.text }

    /// Whether the gate holds for `metrics` (the evaluated model's) beside `others` (by label).
    func passes(_ metrics: [String: JSONValue], others: [String: [String: JSONValue]]) -> Bool {
        expression.evaluate { path in
            path.count == 1 ? metrics[path[0]] : others[path[0]]?[path[1]]
        }
    }
}
