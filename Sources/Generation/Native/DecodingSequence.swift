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

    /// Checks that `prompt` fits the model's context and reserves the cache: `prompt` plus at most
    /// `options.maxTokens` (fewer when the context ends first). `logitBias` is added to the logits of the
    /// tokens it names before each sample, as OpenAI's `logit_bias` (-100 bans a token, 100 forces it).
    public init(model: LanguageModel, prompt: [Int], options: GenerationOptions, logitBias: [Int: Float] = [:])
        throws(GenerationError)
    {
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
        promptTokens = prompt.count
        maxTokens = max(1, min(options.maxTokens, limit - prompt.count))
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
        for (token, bias) in logitBias { logits[token] += bias }
        sampler.penalize(&logits, generated: generated)
        let token = sampler.sample(logits)
        if model.stopTokenIDs.contains(token) { return end(.stop, text: "") }
        generated.append(token)
        generatedTokens += 1
        let text = stream.append(model.tokenizer.bytes(of: token, skipSpecialTokens: true))
        if stream.stopped { return end(.stop, text: text) }
        if generatedTokens == maxTokens || cache.remaining == 0 { return end(.length, text: text) }
        return Step(text: text, finish: nil)
    }

    private mutating func end(_ reason: Finish, text: String) -> Step {
        finish = reason
        return Step(text: text + stream.finish(), finish: reason)
    }
}
