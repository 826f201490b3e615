import Foundation
import Generation

/// One request inside the inference loop: its prompt, how to sample it, how many answers, and where the
/// answers go. Cancelled when its client goes away, which frees its place in the loop.
final class InferenceJob: @unchecked Sendable {
    // `cancelled` is the only state changed after creation; the lock guards it.
    let prompt: [Int]
    let options: GenerationOptions
    let choices: Int
    let logitBias: [Int: Float]
    /// The JSON every answer must be, if any.
    let grammar: JSONGrammar?
    let events: AsyncStream<InferenceEvent>.Continuation
    private let lock = NSLock()
    private var cancelled = false

    init(
        prompt: [Int], options: GenerationOptions, choices: Int, logitBias: [Int: Float], grammar: JSONGrammar? = nil,
        events: AsyncStream<InferenceEvent>.Continuation
    ) {
        self.grammar = grammar
        self.prompt = prompt
        self.options = options
        self.choices = choices
        self.logitBias = logitBias
        self.events = events
    }

    var isCancelled: Bool { lock.withLock { cancelled } }

    /// Marks the job cancelled; returns whether it was not already.
    @discardableResult
    func markCancelled() -> Bool {
        lock.withLock {
            defer { cancelled = true }
            return !cancelled
        }
    }

    /// The options of answer `choice`: each answer of a seeded request gets its own seed, derived from the
    /// request's, so that `n` answers differ but a request repeated gives the same ones.
    func options(forChoice choice: Int) -> GenerationOptions {
        var options = options
        options.seed = options.seed.map { $0 &+ UInt64(choice) }
        return options
    }
}
