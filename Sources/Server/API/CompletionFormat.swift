import Foundation

/// The shapes of OpenAI's completion responses: `chat.completion` objects with `message`s and their
/// `chat.completion.chunk`s with `delta`s, or `text_completion` objects with `text` in both.
struct CompletionFormat: Sendable {
    enum Kind: Sendable {
        case chat, text
    }

    let kind: Kind
    let id: String
    let created: Int
    let model: String

    init(kind: Kind, model: String) {
        self.kind = kind
        self.model = model
        id = (kind == .chat ? "chatcmpl-" : "cmpl-") + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        created = Int(Date().timeIntervalSince1970)
    }

    /// The whole answer of a non-streamed request.
    func response(texts: [String], reasons: [String], usage: Usage) -> [String: Any] {
        let choices: [[String: Any]] = texts.indices.map { index in
            switch kind {
            case .chat:
                return [
                    "index": index, "message": ["role": "assistant", "content": texts[index]],
                    "finish_reason": reasons[index], "logprobs": NSNull(),
                ]
            case .text:
                return ["index": index, "text": texts[index], "finish_reason": reasons[index], "logprobs": NSNull()]
            }
        }
        return envelope(object: kind == .chat ? "chat.completion" : "text_completion", choices: choices, usage: usage.json)
    }

    /// The chunk that opens answer `choice` of a chat stream, naming its role (text completions have none).
    func opening(choice: Int, includeUsage: Bool) -> [String: Any]? {
        guard kind == .chat else { return nil }
        return chunk(choice: choice, text: "", role: true, finish: nil, includeUsage: includeUsage)
    }

    /// A chunk of streamed text, or the one that ends answer `choice` with `finish`.
    func chunk(choice: Int, text: String, role: Bool = false, finish: String?, includeUsage: Bool) -> [String: Any] {
        var entry: [String: Any] = ["index": choice, "finish_reason": finish ?? NSNull(), "logprobs": NSNull()]
        switch kind {
        case .chat:
            var delta: [String: Any] = [:]
            if role { delta["role"] = "assistant" }
            if role || !text.isEmpty || finish == nil { delta["content"] = text }
            entry["delta"] = delta
        case .text:
            entry["text"] = text
        }
        // With `include_usage`, OpenAI sends `"usage": null` on every chunk before the last.
        return envelope(object: chunkObject, choices: [entry], usage: includeUsage ? NSNull() : nil)
    }

    /// The last chunk of a stream with `include_usage`: no choices, the request's token counts.
    func usageChunk(_ usage: Usage) -> [String: Any] {
        envelope(object: chunkObject, choices: [], usage: usage.json)
    }

    private var chunkObject: String { kind == .chat ? "chat.completion.chunk" : "text_completion" }

    private func envelope(object: String, choices: [[String: Any]], usage: Any?) -> [String: Any] {
        var body: [String: Any] = [
            "id": id, "object": object, "created": created, "model": model, "choices": choices,
            "system_fingerprint": "orchestrate",
        ]
        if let usage { body["usage"] = usage }
        return body
    }
}

/// A request's token counts: the prompt once, however many answers were sampled from it.
struct Usage: Sendable, Equatable {
    var promptTokens: Int
    var completionTokens: Int

    var json: [String: Any] {
        [
            "prompt_tokens": promptTokens, "completion_tokens": completionTokens,
            "total_tokens": promptTokens + completionTokens,
        ]
    }
}
