import Generation

/// A job being decoded: one `DecodingSequence` per answer, advanced a token at a time by the loop.
struct ActiveJob {
    let job: InferenceJob
    var sequences: [DecodingSequence]
    private(set) var isDone = false

    init(job: InferenceJob, sequences: [DecodingSequence]) {
        self.job = job
        self.sequences = sequences
    }

    /// Advances every unfinished answer by one token and reports what came out; returns the tokens
    /// generated. A cancelled job is dropped without computing anything more.
    mutating func advance() -> Int {
        guard !job.isCancelled else {
            isDone = true
            return 0
        }
        var tokens = 0
        for choice in sequences.indices where sequences[choice].finish == nil {
            let before = sequences[choice].generatedTokens
            do {
                let step = try sequences[choice].step()
                tokens += sequences[choice].generatedTokens - before
                if !step.text.isEmpty { job.events.yield(.text(choice: choice, step.text)) }
                if let finish = step.finish {
                    job.events.yield(
                        .finished(
                            choice: choice, reason: finish.rawValue,
                            completionTokens: sequences[choice].generatedTokens))
                }
            } catch {
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
