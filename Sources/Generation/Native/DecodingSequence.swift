import Compute

/// One answer decoded a token at a time, in its own KV cache, so that a loop can advance many answers in
/// turn (a server interleaving its clients) instead of finishing one before starting the next. The first
/// `step()` processes the prompt; each later one samples a token and feeds it back.
public struct DecodingSequence: Sendable {
    /// Why a sequence ended, as OpenAI's `finish_reason` names it.
    public enum Finish: String, Sendable {
        /// An end-of-answer token or a stop sequence.
        case stop
        /// `maxTokens` generated, or the context is full.
        case length
    }

    /// What one step produced: text that is safe to show (possibly empty: a partial character or the
    /// possible start of a stop sequence is held back), and whether the answer ended with it.
    public struct Step: Sendable, Equatable {
        public var text: String
        public var finish: Finish?
    }

    public let promptTokens: Int
    public let maxTokens: Int
    public private(set) var generatedTokens = 0
    public private(set) var finish: Finish?
    /// Whether the prompt has been processed, that is, whether the first `step()` has run.
    public private(set) var started = false

    private let model: LanguageModel
    private let prompt: [Int]
    private var cache: LlamaKVCache
    private var sampler: TokenSampler
    private var stream: TextStream
    private var generated: [Int] = []
    private var logits: [Float] = []
    private let logitBias: [Int: Float]
    /// The JSON the answer must be, when it must be JSON.
    public private(set) var constraint: OutputConstraint?

    /// Checks that `prompt` fits the model's context and reserves the cache: `prompt` plus at most
    /// `options.maxTokens` (fewer when the context ends first). `logitBias` is added to the logits of the
    /// tokens it names before each sample, as OpenAI's `logit_bias` (-100 bans a token, 100 forces it).
    /// With a `constraint`, every token is chosen among those that keep the answer inside its grammar.
    public init(
        model: LanguageModel, prompt: [Int], options: GenerationOptions, logitBias: [Int: Float] = [:],
        constraint: OutputConstraint? = nil
    ) throws(GenerationError) {
        let limit = model.decoder.contextLimit
        guard !prompt.isEmpty else { throw GenerationError("the prompt is empty") }
        guard prompt.count < limit else {
            throw GenerationError(
                "the prompt is \(prompt.count) tokens, but \(model.source.lastPathComponent) reads at most \(limit); shorten it")
        }
        if let bad = logitBias.keys.first(where: { !(0..<model.decoder.configuration.vocabularySize).contains($0) }) {
            throw GenerationError(
                "token \(bad) of the logit bias is outside the vocabulary of \(model.decoder.configuration.vocabularySize)")
        }
        self.model = model
        self.prompt = prompt
        self.logitBias = logitBias
        self.constraint = constraint
        promptTokens = prompt.count
        maxTokens = max(1, min(options.maxTokens, limit - prompt.count))
        if let constraint, constraint.minimumTokens > maxTokens {
            throw GenerationError(
                "the shortest JSON the response format allows takes \(constraint.minimumTokens) tokens, but the answer may have only \(maxTokens); raise max_tokens"
            )
        }
        cache = model.decoder.makeCache(capacity: prompt.count + maxTokens - 1)
        sampler = TokenSampler(
            temperature: Float(options.temperature), topP: Float(options.topP),
            seed: options.seed ?? UInt64.random(in: 0...UInt64.max))
        sampler.repetitionPenalty = Float(options.repetitionPenalty)
        stream = TextStream(stops: options.stop)
    }

    /// Advances the answer by one token (the first call also processes the prompt). Calling it after the
    /// answer finished returns an empty step with the same finish.
    public mutating func step() throws(GenerationError) -> Step {
        if let finish { return Step(text: "", finish: finish) }
        do {
            if started {
                try model.decoder.logits(for: [generated[generated.count - 1]], cache: &cache, into: &logits)
            } else {
                logits = try model.decoder.logits(for: prompt, cache: &cache)
                started = true
            }
        } catch {
            throw GenerationError("\(model.source.lastPathComponent): \(error)")
        }
        return sample()
    }

    /// Advances every unfinished answer of `sequences` by one token: those past their prompt in one forward
    /// pass together (`LlamaModel.logits(next:caches:workspace:)`, up to `workspace.rows` at a time), the
    /// others (a prompt to process) one by one. Sequences of different models are advanced one by one.
    /// Returns each sequence's step, or the error that stopped it, in order.
    public static func step(_ sequences: inout [DecodingSequence], workspace: LlamaBatchWorkspace)
        -> [Result<Step, GenerationError>]
    {
        var results = [Result<Step, GenerationError>](repeating: .success(Step(text: "", finish: nil)), count: sequences.count)
        var batch: [Int] = []
        for index in sequences.indices {
            let sequence = sequences[index]
            if sequence.finish == nil, sequence.started, sequence.model.decoder === sequences[0].model.decoder,
                workspace.rows > 1
            {
                batch.append(index)
            } else {
                results[index] = Result { () throws(GenerationError) in try sequences[index].step() }
            }
        }
        guard let first = batch.first else { return results }
        let decoder = sequences[first].model.decoder
        // The caches move into the batch and back, so each stays uniquely held and is written in place.
        let placeholder = decoder.makeCache(capacity: 1)
        var start = 0
        while start < batch.count {
            let part = Array(batch[start..<min(start + workspace.rows, batch.count)])
            start += part.count
            var caches = Array(repeating: placeholder, count: part.count)
            for (slot, index) in part.enumerated() { swap(&caches[slot], &sequences[index].cache) }
            let tokens = part.map { sequences[$0].generated[sequences[$0].generated.count - 1] }
            let logits = Result { try decoder.logits(next: tokens, caches: &caches, workspace: workspace) }
            for (slot, index) in part.enumerated() { swap(&caches[slot], &sequences[index].cache) }
            switch logits {
            case .success(let rows):
                for (slot, index) in part.enumerated() {
                    sequences[index].logits = rows[slot]
                    results[index] = .success(sequences[index].sample())
                }
            case .failure(let error):
                let failure = GenerationError("\(decoder.source.lastPathComponent): \(error)")
                for index in part { results[index] = .failure(failure) }
            }
        }
        return results
    }

    /// Samples the next token from `logits` and turns it into text.
    private mutating func sample() -> Step {
        for (token, bias) in logitBias { logits[token] += bias }
        sampler.penalize(&logits, generated: generated)
        let token: Int
        if var constraint {
            guard
                let chosen = constraint.choose(
                    &logits, tokensLeft: maxTokens - generatedTokens, draw: { sampler.sample($0) })
            else { return end(.stop, text: "") }
            self.constraint = constraint
            token = chosen
        } else {
            token = sampler.sample(logits)
        }
        if model.stopTokenIDs.contains(token) { return end(.stop, text: "") }
        generated.append(token)
        generatedTokens += 1
        let text = stream.append(model.tokenizer.bytes(of: token, skipSpecialTokens: true))
        if stream.stopped || constraint?.isFinished == true { return end(.stop, text: text) }
        if generatedTokens == maxTokens || cache.remaining == 0 { return end(.length, text: text) }
        return Step(text: text, finish: nil)
    }

    private mutating func end(_ reason: Finish, text: String) -> Step {
        finish = reason
        return Step(text: text + stream.finish(), finish: reason)
    }
}
