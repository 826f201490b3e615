import Generation
import Orchestrator

/// The `evaluate` step's parameters, checked before anything runs.
struct EvaluationSettings {
    let maxExamples: Int?
    let maxLength: Int
    let maxNewTokens: Int
    let includeBase: Bool
    let generateAnswers: Bool
    let judge: GeneratorSettings
    let author: String
    let gate: EvaluationGate?
    let seed: UInt64

    init(_ parameters: StepParameters) throws {
        let maxExamples = try parameters.int("max_examples")
        guard maxExamples >= 0 else { throw StepFailure("parameter 'max_examples' must be 0 (all) or more") }
        self.maxExamples = maxExamples > 0 ? maxExamples : nil
        maxLength = try parameters.int("max_length")
        guard maxLength >= 2 else { throw StepFailure("parameter 'max_length' must be at least 2") }
        maxNewTokens = try parameters.int("max_new_tokens")
        guard maxNewTokens >= 1 else { throw StepFailure("parameter 'max_new_tokens' must be at least 1") }
        includeBase = try parameters.bool("include_base")
        generateAnswers = try parameters.bool("generate_answers")
        judge = try GeneratorParameter.settings(parameters, name: "judge")
        author = try parameters.string("author")
        let gate = try parameters.string("gate")
        self.gate = gate.isEmpty ? nil : try EvaluationGate(gate, generateAnswers: generateAnswers)
        seed = UInt64(truncatingIfNeeded: try parameters.int("seed"))
    }
}
