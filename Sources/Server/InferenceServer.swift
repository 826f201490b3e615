import Foundation
import Hummingbird
import NIOCore

/// The OpenAI-compatible HTTP server for a native model: chat and text completions (streamed or not),
/// embeddings, the model list, health and Prometheus metrics, behind an optional bearer token.
public struct InferenceServer: Sendable {
    public let configuration: ServerConfiguration
    public let metrics = ServerMetrics()
    private let load: @Sendable () throws -> ServerModels
    /// See `InferenceLoop.turnPause`.
    var turnPause: Duration = .zero

    /// A server that calls `load` once it listens, on a thread of its own (it may take seconds), and answers
    /// 503 on `/health` and the model routes until it returns.
    public init(configuration: ServerConfiguration, load: @escaping @Sendable () throws -> ServerModels) {
        self.configuration = configuration
        self.load = load
    }

    /// Serves until the task is cancelled (or SIGINT/SIGTERM when `handleSignals`). `onListening` receives the
    /// bound port; an error loading the models ends the server with that error.
    public func run(handleSignals: Bool = false, onListening: @escaping @Sendable (Int) async -> Void = { _ in })
        async throws
    {
        let host = ModelHost()
        let application = Application(
            router: router(host: host), server: .http1(additionalChannelHandlers: [ClientDisconnectHandler()]),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "orchestrate"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                if handleSignals { try await application.runService() } else { try await application.run() }
            }
            group.addTask { try await loadModels(into: host) }
            // The loader returns once the models are in; the server runs until cancelled or it fails.
            while let _ = try await group.next() {}
        }
    }

    private func loadModels(into host: ModelHost) async throws {
        let load = self.load
        let models = try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try load() }) }
        }
        let loop = InferenceLoop(
            model: models.model, width: configuration.parallel, queueCapacity: configuration.queueCapacity,
            metrics: metrics, turnPause: turnPause)
        let encoder = models.encoder.map {
            ServedEncoder(name: configuration.embeddingModelName ?? $0.folder.url.lastPathComponent, encoder: $0)
        }
        host.finishLoading(ServedModel(name: configuration.modelName, model: models.model, loop: loop), encoder: encoder)
        await withTaskCancellationHandler {
            // Keep the loop's owner alive for as long as the server runs.
            while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
        } onCancel: {
            loop.stop()
        }
    }

    func router(host: ModelHost) -> Router<ServerRequestContext> {
        let router = Router(context: ServerRequestContext.self)
        router.middlewares.add(RequestMetricsMiddleware(metrics: metrics))
        router.middlewares.add(OpenAIErrorMiddleware())
        if let key = configuration.apiKey { router.middlewares.add(BearerTokenMiddleware(key: key)) }
        let chat = CompletionRoute(kind: .chat, metrics: metrics)
        let text = CompletionRoute(kind: .text, metrics: metrics)
        let metrics = metrics
        router.post("/v1/chat/completions") { request, context in
            try await chat.respond(request, context: context, served: host.ready().0)
        }
        router.post("/v1/completions") { request, context in
            try await text.respond(request, context: context, served: host.ready().0)
        }
        router.post("/v1/embeddings") { request, _ in
            guard let encoder = try host.ready().1 else {
                throw APIError(
                    .notFound, "this server has no embedding model; start it with --embedding-model",
                    code: "model_not_found")
            }
            return try await EmbeddingsRoute().respond(request, served: encoder)
        }
        router.get("/v1/models") { _, _ in
            let (model, encoder) = try host.ready()
            let names = [model.name] + (encoder.map { [$0.name] } ?? [])
            let data: [[String: Any]] = names.map { ["id": $0, "object": "model", "created": 0, "owned_by": "orchestrate"] }
            return JSONBody.response(["object": "list", "data": data])
        }
        router.get("/health") { _, _ in
            guard case .ready = host.current else {
                return JSONBody.response(["status": "loading"], status: .serviceUnavailable)
            }
            return JSONBody.response(["status": "ok"])
        }
        router.get("/metrics") { _, _ in
            let depth: (waiting: Int, active: Int)
            if case .ready(let model, _) = host.current { depth = model.loop.depth } else { depth = (0, 0) }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.prometheusText(queue: depth))))
        }
        return router
    }
}
