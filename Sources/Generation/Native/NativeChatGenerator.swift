import Compute
import Foundation

/// In-process generation with a `LanguageModel`: the conversation goes through the model's own chat
/// template and tokenizer, then the decoder samples the answer. One answer is computed at a time (each
/// already uses every core), so concurrent callers queue.
public actor NativeChatGenerator: TextGenerating {
    public nonisolated let model: LanguageModel

    public init(model: LanguageModel) {
        self.model = model
    }

    public func generate(_ messages: [ChatMessage], options: GenerationOptions, onText: (@Sendable (String) -> Void)?) throws
        -> GenerationResult
    {
        let prompt: [Int]
        do {
            prompt = try model.promptTokens(for: messages, answerPrefix: options.answerPrefix ?? "")
        } catch {
            throw GenerationError("\(model.source.relativePath): \(error)")
        }
        return try generate(prompt: prompt, prefix: options.answerPrefix ?? "", options: options, onText: onText)
    }

    /// Generates after `text` sent as it is, without the chat template (a base model's continuation).
    public func generate(raw text: String, options: GenerationOptions, onText: (@Sendable (String) -> Void)?) throws
        -> GenerationResult
    {
        try generate(prompt: model.rawPromptTokens(for: text), prefix: "", options: options, onText: onText)
    }

    private func generate(prompt: [Int], prefix: String, options: GenerationOptions, onText: (@Sendable (String) -> Void)?) throws
        -> GenerationResult
    {
        let decoder = model.decoder
        let limit = decoder.contextLimit
        guard prompt.count < limit else {
            throw GenerationError(
                "the prompt is \(prompt.count) tokens, but \(model.source.lastPathComponent) reads at most \(limit); shorten it")
        }
        let maxTokens = min(options.maxTokens, limit - prompt.count)
        var sampler = TokenSampler(
            temperature: Float(options.temperature), topP: Float(options.topP),
            seed: options.seed ?? UInt64.random(in: 0...UInt64.max))
        sampler.repetitionPenalty = Float(options.repetitionPenalty)
        if !prefix.isEmpty { onText?(prefix) }
        var stream = TextStream(stops: options.stop)
        var generated = 0
        var reason = "length"
        do {
            _ = try TextGenerator(model: decoder).generate(
                prompt: prompt, maxTokens: maxTokens, stopTokens: model.stopTokenIDs, sampler: &sampler
            ) { token in
                try Task.checkCancellation()
                generated += 1
                let piece = stream.append(model.tokenizer.bytes(of: token, skipSpecialTokens: true))
                if !piece.isEmpty { onText?(piece) }
                if stream.stopped { throw StopReached() }
            }
            if generated < maxTokens { reason = "stop" }
        } catch is StopReached {
            reason = "stop"
        } catch let error as DecoderError {
            throw GenerationError("\(model.source.lastPathComponent): \(error)")
        }
        let rest = stream.finish()
        if !rest.isEmpty { onText?(rest) }
        return GenerationResult(
            text: prefix + stream.text, finishReason: reason, promptTokens: prompt.count, completionTokens: generated, cost: 0)
    }

    /// Ends the decoding loop early once a stop sequence has been produced.
    private struct StopReached: Error {}
}
