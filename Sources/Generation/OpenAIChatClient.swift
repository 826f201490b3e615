import Compute
import Foundation
import Networking

/// Chat completions from an OpenAI-compatible server, streamed. Retries 429, 5xx and timeouts with
/// exponential back-off (or the server's `Retry-After`); reads the API key from the environment
/// variable the endpoint names at each call, and never puts it anywhere but the request header.
public struct OpenAIChatClient: TextGenerating {
    public var endpoint: OpenAIEndpoint
    let client: HTTPClient
    let environment: @Sendable () -> [String: String]

    public init(
        endpoint: OpenAIEndpoint,
        environment: @escaping @Sendable () -> [String: String] = { ProcessInfo.processInfo.environment }
    ) {
        self.endpoint = endpoint
        self.client = HTTPClient()
        self.environment = environment
    }

    public func generate(_ messages: [ChatMessage], options: GenerationOptions, onText: (@Sendable (String) -> Void)?)
        async throws
        -> GenerationResult
    {
        var headers = ["Content-Type": "application/json", "Accept": "text/event-stream"]
        if let variable = endpoint.apiKeyVariable {
            guard let key = environment()[variable], !key.isEmpty else {
                throw GenerationError(
                    "environment variable \(variable) is not set: it must hold the API key for \(endpoint.baseURL.absoluteString)"
                )
            }
            headers["Authorization"] = "Bearer \(key)"
        }
        let body = try requestBody(messages, options: options)
        let limits = HTTPLimits(timeout: endpoint.timeout, maxBytes: 50_000_000, userAgent: "orchestrate/1.0")
        var attempt = 0
        while true {
            attempt += 1
            let answer = StreamedAnswer(onText: onText)
            var problem = ""
            var wait = min(endpoint.retryBaseDelay * pow(2, Double(attempt - 1)), endpoint.maxRetryWait)
            do {
                let response = try await client.send(endpoint.completionsURL, headers: headers, body: body, limits: limits) {
                    piece in
                    answer.feed(piece)
                }
                if (200..<300).contains(response.status) {
                    return try result(of: answer, response: response)
                }
                problem = "HTTP \(response.status)" + Self.serverMessage(response.body).map { ": \($0)" }.orEmpty
                guard response.status == 429 || response.status >= 500 else {
                    throw GenerationError("\(endpoint.completionsURL.absoluteString) answered \(problem)")
                }
                if let asked = RetryAfter.seconds(response.headers["retry-after"]) {
                    guard asked <= endpoint.maxRetryWait else {
                        throw GenerationError(
                            "\(endpoint.completionsURL.absoluteString) answered \(problem) and asks to retry after \(Int(asked)) s, over the \(Int(endpoint.maxRetryWait)) s limit"
                        )
                    }
                    wait = asked
                }
            } catch let error as HTTPFetchError {
                guard error.isTransient else { throw GenerationError("\(endpoint.completionsURL.absoluteString): \(error)") }
                problem = error.description
            }
            guard attempt <= endpoint.retries else {
                throw GenerationError("\(endpoint.completionsURL.absoluteString): \(problem) after \(attempt) attempts")
            }
            try await Task.sleep(for: .milliseconds(Int64(wait * 1000)))
        }
    }

    func requestBody(_ messages: [ChatMessage], options: GenerationOptions) throws -> Data {
        var request: [String: Any] = [
            "model": endpoint.model, "messages": messages.map { ["role": $0.role, "content": $0.content] },
            "temperature": options.temperature, "top_p": options.topP, "max_tokens": options.maxTokens, "stream": true,
            "stream_options": ["include_usage": true],
        ]
        if !options.stop.isEmpty { request["stop"] = options.stop }
        if let seed = options.seed { request["seed"] = Int64(bitPattern: seed) }
        if options.jsonMode { request["response_format"] = ["type": "json_object"] }
        return try JSONSerialization.data(withJSONObject: request, options: [.sortedKeys])
    }

    private func result(of answer: StreamedAnswer, response: HTTPResponse) throws -> GenerationResult {
        // A server that ignores `stream` answers with one JSON object instead of events.
        if answer.text.isEmpty, answer.finishReason == nil,
            let whole = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
            let choice = (whole["choices"] as? [[String: Any]])?.first
        {
            let usage = whole["usage"] as? [String: Any]
            return priced(
                GenerationResult(
                    text: (choice["message"] as? [String: Any])?["content"] as? String ?? "",
                    finishReason: choice["finish_reason"] as? String, promptTokens: usage?["prompt_tokens"] as? Int ?? 0,
                    completionTokens: usage?["completion_tokens"] as? Int ?? 0))
        }
        if let malformed = answer.malformed, answer.text.isEmpty {
            throw GenerationError("\(endpoint.completionsURL.absoluteString) sent an event that is not JSON: \(malformed)")
        }
        return priced(
            GenerationResult(
                text: answer.text, finishReason: answer.finishReason, promptTokens: answer.promptTokens,
                completionTokens: answer.completionTokens))
    }

    private func priced(_ result: GenerationResult) -> GenerationResult {
        var result = result
        if let prompt = endpoint.promptPrice, let completion = endpoint.completionPrice {
            result.cost = (Double(result.promptTokens) * prompt + Double(result.completionTokens) * completion) / 1_000_000
        }
        return result
    }

    /// The `error.message` of an OpenAI-style error body, if there is one.
    static func serverMessage(_ body: Data) -> String? {
        let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any]
        return (object?["error"] as? [String: Any])?["message"] as? String
    }
}

extension Optional where Wrapped == String {
    var orEmpty: String { self ?? "" }
}
