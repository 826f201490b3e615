import Foundation

/// An OpenAI-compatible chat-completions server (OpenAI, vLLM, llama.cpp's server, Ollama, TGI) and
/// how to talk to it. The API key is never held here: only the name of the environment variable.
public struct OpenAIEndpoint: Sendable, Equatable {
    public var baseURL: URL
    public var model: String
    /// The environment variable holding the API key; nil for servers that need none.
    public var apiKeyVariable: String?
    public var timeout: Double
    /// Further attempts after 429, 5xx or a timeout.
    public var retries: Int
    public var retryBaseDelay: Double
    public var maxRetryWait: Double
    /// US dollars per million prompt and completion tokens, for the cost estimate.
    public var promptPrice: Double?
    public var completionPrice: Double?

    public init(
        baseURL: URL, model: String, apiKeyVariable: String? = nil, timeout: Double = 120, retries: Int = 3,
        retryBaseDelay: Double = 1, maxRetryWait: Double = 60, promptPrice: Double? = nil, completionPrice: Double? = nil
    ) {
        self.baseURL = baseURL
        self.model = model
        self.apiKeyVariable = apiKeyVariable
        self.timeout = timeout
        self.retries = retries
        self.retryBaseDelay = retryBaseDelay
        self.maxRetryWait = maxRetryWait
        self.promptPrice = promptPrice
        self.completionPrice = completionPrice
    }

    var completionsURL: URL {
        baseURL.absoluteString.hasSuffix("/")
            ? URL(string: baseURL.absoluteString + "chat/completions")!
            : URL(string: baseURL.absoluteString + "/chat/completions")!
    }
}
