import ArtifactStore
import Compute
import Foundation
import Generation
import Orchestrator

/// What one model scored: perplexity per conversation, its answers, the judge's verdicts and the style scores.
struct CandidateResult {
    var perplexity: [HeldOutPerplexity?] = []
    var answers: [String] = []
    var verdicts: [JudgeVerdict] = []
    var style: [(similarity: Double, margin: Double?)] = []

    var total: HeldOutPerplexity { perplexity.compactMap { $0 }.reduce(HeldOutPerplexity(), +) }

    /// The report's numbers for this model; the judge's means count readable verdicts only.
    var metrics: [String: JSONValue] {
        let total = total
        // Nothing scored is no number at all, never a perplexity of 1.
        let measured = { (value: Double) -> JSONValue in total.tokens > 0 ? .double(Self.rounded(value)) : .null }
        var metrics: [String: JSONValue] = [
            "perplexity": measured(total.perplexity), "byte_perplexity": measured(total.bytePerplexity),
            "bits_per_byte": measured(total.bitsPerByte), "scored_tokens": .int(total.tokens),
        ]
        if !answers.isEmpty {
            var accuracy: [Int] = []
            var style: [Int] = []
            for case .scored(let a, let s, _, _) in verdicts {
                accuracy.append(a)
                style.append(s)
            }
            metrics["judged"] = .int(accuracy.count)
            metrics["unreadable_verdicts"] = .int(verdicts.count - accuracy.count)
            metrics["judge_accuracy"] = accuracy.isEmpty ? .null : .double(Self.rounded(Self.mean(accuracy.map(Double.init))))
            metrics["judge_style"] = style.isEmpty ? .null : .double(Self.rounded(Self.mean(style.map(Double.init))))
        }
        if !self.style.isEmpty {
            metrics["style_similarity"] = .double(Self.rounded(Self.mean(self.style.map(\.similarity))))
            let margins = self.style.compactMap(\.margin)
            metrics["style_margin"] = margins.isEmpty ? .null : .double(Self.rounded(Self.mean(margins)))
        }
        return metrics
    }

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(values.count, 1)) }
    /// Six significant decimals: enough to compare, and the same report for the same work on any machine.
    static func rounded(_ value: Double) -> Double { value.isFinite ? (value * 1e6).rounded() / 1e6 : value }
}

/// Evaluates one candidate: perplexity on a thread of its own (seconds of both cores that must not hold a
/// task executor), then answers and verdicts one example at a time, with progress.
struct EvaluationRun {
    let context: StepContext
    let settings: EvaluationSettings
    let model: LanguageModel
    let baseURL: URL
    let style: StyleScore?

    func evaluate(_ candidate: EvaluationCandidate, on examples: [EvaluationExample]) async throws -> CandidateResult {
        var result = CandidateResult()
        guard !examples.isEmpty else { return result }
        context.progress(StepProgress(message: "\(candidate.label): perplexity on \(examples.count) conversations"))
        result.perplexity = try await perplexity(candidate, examples)
        guard settings.generateAnswers else { return result }
        let generator = try await GeneratorLoader.generator(
            GeneratorSettings(backend: .native, model: baseURL.path, adapter: candidate.adapterFolder?.path),
            projectDirectory: context.projectDirectory)
        let judge = try await GeneratorLoader.generator(settings.judge, projectDirectory: context.projectDirectory)
        for (index, example) in examples.enumerated() {
            try Task.checkCancellation()
            context.progress(
                StepProgress(
                    fraction: Double(index) / Double(examples.count),
                    message: "\(candidate.label): answer and verdict \(index + 1)/\(examples.count)"))
            let answer = try await generator.generate(
                example.prompt,
                options: GenerationOptions(temperature: 0, maxTokens: settings.maxNewTokens, seed: settings.seed), onText: nil
            ).text.trimmingCharacters(in: .whitespacesAndNewlines)
            result.answers.append(answer)
            result.verdicts.append(try await verdict(judge, example, answer))
        }
        if let style { result.style = style.score(result.answers) }
        context.log.write("evaluate: \(candidate.label): " + JSONText.compact(.object(result.metrics)))
        return result
    }

    private func verdict(_ judge: any TextGenerating, _ example: EvaluationExample, _ answer: String) async throws
        -> JudgeVerdict
    {
        do {
            let reply = try await judge.generate(
                JudgeRubric.messages(instruction: example.instruction, answer: answer),
                options: GenerationOptions(
                    temperature: 0, maxTokens: 256, seed: settings.seed, jsonMode: true,
                    // A small in-process judge keeps to the rubric's JSON when its answer is started for it.
                    answerPrefix: settings.judge.backend == .native ? JudgeRubric.answerPrefix : nil), onText: nil)
            return JudgeVerdict(answer: reply.text)
        } catch let error as GenerationError {
            // A judge that fails on one answer leaves that answer unscored, recorded; the others still count.
            return .unreadable(reason: "the judge failed: \(error)", answer: "")
        }
    }

    private func perplexity(_ candidate: EvaluationCandidate, _ examples: [EvaluationExample]) async throws
        -> [HeldOutPerplexity?]
    {
        let encoder: ConversationEncoder
        do {
            encoder = try ConversationEncoder(model: model, scope: .assistant, maxLength: settings.maxLength)
        } catch let error as TrainingError {
            throw StepFailure("parameter 'base_model': \(error.message)")
        }
        let sequences = try examples.map { example -> TrainingSequence? in
            do {
                let sequence = try encoder.sequence(example.conversation)
                return sequence.labelCount > 0 ? sequence : nil
            } catch let error as TrainingError {
                throw StepFailure("chat/test.jsonl: conversation \(example.number): \(error.message)")
            }
        }
        let model = self.model
        let scored: [HeldOutPerplexity]
        do {
            scored = try await Self.onOwnThread {
                try HeldOutPerplexity.measure(sequences.compactMap { $0 }, model: model, adapter: candidate.adapter)
            }
        } catch let error as TrainingError {
            throw StepFailure("input '\(candidate.label)': \(error.message)")
        }
        var next = scored.makeIterator()
        return sequences.map { $0 == nil ? nil : next.next() }
    }

    static func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }
}
