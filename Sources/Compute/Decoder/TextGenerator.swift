/// The decoding loop: process a prompt, then sample one token at a time and feed it back, until a stop
/// token, `maxTokens`, or the end of the cache.
public struct TextGenerator: Sendable {
    public let model: LlamaModel

    public init(model: LlamaModel) { self.model = model }

    /// Generates up to `maxTokens` tokens after `prompt` in a fresh cache. See `generate(prompt:...cache:)`.
    public func generate(
        prompt: [Int], maxTokens: Int, stopTokens: Set<Int>? = nil, sampler: inout TokenSampler,
        onToken: (Int) throws -> Void = { _ in }
    ) throws -> [Int] {
        // The last token is never fed back, so the cache needs one position less than prompt plus output.
        var cache = model.makeCache(capacity: prompt.count + max(0, maxTokens - 1))
        return try generate(
            prompt: prompt, maxTokens: maxTokens, stopTokens: stopTokens, sampler: &sampler, cache: &cache,
            onToken: onToken)
    }

    /// Generates up to `maxTokens` tokens after `prompt`, which is processed after what `cache` holds (a
    /// conversation continues in the same cache), calling `onToken` with each as it is chosen.
    ///
    /// - Parameter stopTokens: generation ends when one of these is sampled; it is not returned or passed
    ///   to `onToken`. Defaults to the configuration's end-of-sequence ids.
    /// - Returns: the generated tokens. Fewer than `maxTokens` when a stop token came or the cache filled.
    public func generate(
        prompt: [Int], maxTokens: Int, stopTokens: Set<Int>? = nil, sampler: inout TokenSampler,
        cache: inout LlamaKVCache, onToken: (Int) throws -> Void = { _ in }
    ) throws -> [Int] {
        guard maxTokens > 0 else { return [] }
        let stops = stopTokens ?? Set(model.configuration.eosTokenIDs)
        var logits = try model.logits(for: prompt, cache: &cache)
        var generated: [Int] = []
        generated.reserveCapacity(maxTokens)
        var next = [0]
        while true {
            sampler.penalize(&logits, generated: generated)
            let token = sampler.sample(logits)
            if stops.contains(token) { break }
            generated.append(token)
            try onToken(token)
            if generated.count == maxTokens || cache.remaining == 0 { break }
            next[0] = token
            try model.logits(for: next, cache: &cache, into: &logits)
        }
        return generated
    }
}
