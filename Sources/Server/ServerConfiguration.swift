import Foundation

/// How `orchestrate serve` listens and what it serves.
public struct ServerConfiguration: Sendable, Equatable {
    public var host: String
    /// 0 picks a free port (tests); `InferenceServer.run(onListening:)` reports the one bound.
    public var port: Int
    /// The name clients put in `model` and `GET /v1/models` lists.
    public var modelName: String
    /// The embedding model's name, when one is served.
    public var embeddingModelName: String?
    /// The bearer token every request but `/health` must carry; nil for none.
    public var apiKey: String?
    /// Requests decoded side by side by the inference loop.
    public var parallel: Int
    /// Requests that may wait for a place; one more is answered 503 with `Retry-After`.
    public var queueCapacity: Int

    public init(
        host: String = "127.0.0.1", port: Int = 8080, modelName: String, embeddingModelName: String? = nil,
        apiKey: String? = nil, parallel: Int = 8, queueCapacity: Int = 32
    ) {
        self.host = host
        self.port = port
        self.modelName = modelName
        self.embeddingModelName = embeddingModelName
        self.apiKey = apiKey
        self.parallel = parallel
        self.queueCapacity = queueCapacity
    }

    /// Whether `host` reaches only this machine: binding anywhere else needs an API key.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
