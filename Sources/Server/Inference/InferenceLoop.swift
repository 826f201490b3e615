import Compute
import Foundation
import Generation

/// The one owner of the model's compute. Requests wait in a bounded queue; up to `width` of them are
/// decoded together, each answer in its own KV cache (continuous batching): in each turn of the loop the
/// answers past their prompt advance by one token in one forward pass, whose weights are read once for
/// all of them, and newly admitted answers have their prompt processed. A new request starts streaming
/// after one turn instead of after every request before it has finished.
final class InferenceLoop: @unchecked Sendable {
    // `waiting`, `activeJobs`, `stopping`, `retiring` and `ended` are shared with the loop's thread under `condition`; the
    // active sequences themselves belong to that thread alone.
    let model: LanguageModel
    /// The most requests decoded side by side.
    let width: Int
    /// The most requests waiting for a place; one more is refused with 503.
    let queueCapacity: Int
    private let metrics: ServerMetrics
    /// The model's tokens by their bytes, for answers that must be JSON.
    private let tokens: TokenByteTable
    /// A pause after each turn, so that tests on a tiny model can hold a request in the loop for seconds.
    private let turnPause: Duration
    private let condition = NSCondition()
    private var waiting: [InferenceJob] = []
    private var activeJobs = 0
    private var stopping = false
    /// Set by `retire()`: the loop ends once it holds no request; `ended` once it has.
    private var retiring = false
    private var ended = false

    init(model: LanguageModel, width: Int, queueCapacity: Int, metrics: ServerMetrics, turnPause: Duration = .zero) {
        self.turnPause = turnPause
        self.model = model
        self.width = max(1, width)
        self.queueCapacity = max(0, queueCapacity)
        self.metrics = metrics
        tokens = TokenByteTable(model)
        let thread = Thread { [self] in run() }
        thread.name = "inference"
        // Deep decoder call chains on a secondary thread's small default stack are not worth the risk.
        thread.stackSize = 16 << 20
        thread.start()
    }

    /// Requests waiting for a place, and requests being decoded.
    var depth: (waiting: Int, active: Int) {
        condition.withLock { (waiting.count, activeJobs) }
    }

    /// Queues a request and returns its events. Throws a 503 with `Retry-After` when the queue is full.
    func submit(
        prompt: [Int], options: GenerationOptions, choices: Int, logitBias: [Int: Float] = [:], grammar: JSONGrammar? = nil
    ) throws(APIError) -> (InferenceJob, AsyncStream<InferenceEvent>) {
        let (stream, continuation) = AsyncStream.makeStream(of: InferenceEvent.self)
        let job = InferenceJob(
            prompt: prompt, options: options, choices: choices, logitBias: logitBias, grammar: grammar,
            events: continuation)
        let accepted = condition.withLock { () -> Bool? in
            guard !ended else { return nil }
            guard !stopping, activeJobs + waiting.count < width + queueCapacity else { return false }
            waiting.append(job)
            condition.signal()
            return true
        }
        guard let accepted else {
            continuation.finish()
            throw APIError.retired
        }
        guard accepted else {
            continuation.finish()
            throw APIError(
                .serviceUnavailable, "the server is busy: \(width) requests are being answered and \(queueCapacity) are waiting",
                type: "server_error", code: "queue_full", retryAfter: 1)
        }
        continuation.onTermination = { [weak self, weak job] _ in
            if let job { self?.cancel(job) }
        }
        return (job, stream)
    }

    /// Stops a request: a waiting one leaves the queue now, an active one at the loop's next turn.
    func cancel(_ job: InferenceJob) {
        guard job.markCancelled() else { return }
        condition.withLock {
            if let index = waiting.firstIndex(where: { $0 === job }) { waiting.remove(at: index) }
        }
        job.events.finish()
    }

    /// Ends the loop once the requests it holds are answered: a model replaced by another finishes what it
    /// started. A request submitted after the end is refused with `APIError.retired`, to be sent to the
    /// model that replaced this one.
    func retire() {
        condition.withLock {
            retiring = true
            condition.signal()
        }
    }

    /// Ends the loop after the current turn; requests still queued or active get a 503 event.
    func stop() {
        condition.withLock {
            stopping = true
            condition.signal()
        }
    }

    private func run() {
        var active: [ActiveJob] = []
        let workspace = model.decoder.makeBatchWorkspace(rows: min(64, width * 8))
        while true {
            let admitted: [InferenceJob]
            condition.lock()
            activeJobs = active.count
            while waiting.isEmpty, active.isEmpty, !stopping, !retiring { condition.wait() }
            if retiring, waiting.isEmpty, active.isEmpty {
                ended = true
                condition.unlock()
                return
            }
            if stopping {
                let left = waiting + active.map(\.job)
                waiting = []
                activeJobs = 0
                condition.unlock()
                let error = APIError(.serviceUnavailable, "the server is shutting down", type: "server_error")
                for job in left {
                    job.events.yield(.failed(error))
                    job.events.finish()
                }
                return
            }
            let free = width - active.count
            admitted = Array(waiting.prefix(free))
            waiting.removeFirst(admitted.count)
            activeJobs = active.count + admitted.count
            condition.unlock()
            for job in admitted {
                if let started = start(job) { active.append(started) }
            }
            let turn = ContinuousClock.now
            let tokens = advance(&active, workspace: workspace)
            metrics.recordTurn(tokens: tokens, duration: ContinuousClock.now - turn, sequences: active.count)
            if turnPause > .zero { Thread.sleep(forTimeInterval: turnPause.seconds) }
        }
    }

    /// One turn: every answer of every active job advances by one token, those past their prompt in one
    /// batched forward pass. Returns the tokens generated; finished and cancelled jobs leave `active`.
    private func advance(_ active: inout [ActiveJob], workspace: LlamaBatchWorkspace) -> Int {
        for index in active.indices { active[index].dropIfCancelled() }
        active.removeAll { $0.isDone }
        // The answers move out of their jobs for the turn and back, so each cache stays uniquely held.
        var all: [DecodingSequence] = []
        var ranges: [Range<Int>] = []
        for index in active.indices {
            let start = all.count
            all.append(contentsOf: active[index].sequences)
            active[index].sequences = []
            ranges.append(start..<all.count)
        }
        let finishedBefore = all.map { $0.finish != nil }
        let tokensBefore = all.map(\.generatedTokens)
        let results = DecodingSequence.step(&all, workspace: workspace)
        var tokens = 0
        for (index, range) in ranges.enumerated() {
            active[index].sequences = Array(all[range])
            tokens += active[index].report(
                Array(results[range]), finishedBefore: Array(finishedBefore[range]), tokensBefore: Array(tokensBefore[range]))
        }
        all = []
        active.removeAll { $0.isDone }
        return tokens
    }

    /// Reserves the caches of a job's answers; a job that cannot start is answered with its error.
    private func start(_ job: InferenceJob) -> ActiveJob? {
        guard !job.isCancelled else { return nil }
        do {
            let sequences = try (0..<job.choices).map { choice throws(GenerationError) in
                try DecodingSequence(
                    model: model, prompt: job.prompt, options: job.options(forChoice: choice), logitBias: job.logitBias,
                    constraint: job.grammar.map { OutputConstraint($0, table: tokens) })
            }
            return ActiveJob(job: job, sequences: sequences)
        } catch {
            job.events.yield(.failed(APIError(.badRequest, error.message)))
            job.events.finish()
            return nil
        }
    }
}
