import Generation

/// A job being decoded: one `DecodingSequence` per answer, advanced a token per turn by the loop, which
/// hands each turn's steps back here to be reported as events.
struct ActiveJob {
    let job: InferenceJob
    var sequences: [DecodingSequence]
    private(set) var isDone = false

    init(job: InferenceJob, sequences: [DecodingSequence]) {
        self.job = job
        self.sequences = sequences
    }

    /// Marks a cancelled job done, so the loop drops it without computing anything more.
    mutating func dropIfCancelled() {
        if job.isCancelled { isDone = true }
    }

    /// Reports one turn: `results[i]` is answer `i`'s step, `finishedBefore[i]` whether it had already
    /// ended (its step then carries nothing new). Returns the tokens the turn generated.
    mutating func report(
        _ results: [Result<DecodingSequence.Step, GenerationError>], finishedBefore: [Bool], tokensBefore: [Int]
    ) -> Int {
        var tokens = 0
        for (choice, result) in results.enumerated() where !finishedBefore[choice] {
            switch result {
            case .success(let step):
                tokens += sequences[choice].generatedTokens - tokensBefore[choice]
                if !step.text.isEmpty { job.events.yield(.text(choice: choice, step.text)) }
                if let finish = step.finish {
                    job.events.yield(
                        .finished(
                            choice: choice, reason: finish.rawValue, completionTokens: sequences[choice].generatedTokens))
                }
            case .failure(let error):
                job.events.yield(.failed(APIError(.internalServerError, error.message, type: "server_error")))
                job.events.finish()
                isDone = true
                return tokens
            }
        }
        if sequences.allSatisfy({ $0.finish != nil }) {
            job.events.finish()
            isDone = true
        }
        return tokens
    }
}
