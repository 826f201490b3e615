import Foundation

/// Puts a request's events together: each answer's text and finish reason, the token counts, and the
/// time to the first token, which it reports to the metrics as it happens.
final class AnswerCollector: @unchecked Sendable {
    // Fed by one route's event loop at a time; never shared between tasks concurrently.
    private(set) var texts: [String]
    private(set) var reasons: [String]
    private var completionTokens: [Int]
    private(set) var failed = false
    let promptTokens: Int
    private let arrival: ContinuousClock.Instant
    private let metrics: ServerMetrics
    private var sawFirstToken = false

    init(choices: Int, promptTokens: Int, arrival: ContinuousClock.Instant, metrics: ServerMetrics) {
        texts = Array(repeating: "", count: choices)
        reasons = Array(repeating: "stop", count: choices)
        completionTokens = Array(repeating: 0, count: choices)
        self.promptTokens = promptTokens
        self.arrival = arrival
        self.metrics = metrics
    }

    var usage: Usage {
        Usage(promptTokens: promptTokens, completionTokens: completionTokens.reduce(0, +))
    }

    func take(_ event: InferenceEvent) {
        switch event {
        case .text(let choice, let text):
            firstToken()
            texts[choice] += text
        case .finished(let choice, let reason, let tokens):
            firstToken()
            reasons[choice] = reason
            completionTokens[choice] = tokens
            metrics.recordTokens(prompt: 0, completion: tokens)
        case .failed:
            failed = true
        }
    }

    private func firstToken() {
        guard !sawFirstToken else { return }
        sawFirstToken = true
        metrics.recordTokens(prompt: promptTokens, completion: 0)
        metrics.recordFirstToken(after: (ContinuousClock.now - arrival).seconds)
    }
}
