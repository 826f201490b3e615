import Foundation
import Hummingbird
import NIOCore
import ServiceLifecycle

/// The OpenAI-compatible HTTP server for a native model: chat and text completions (streamed or not),
/// embeddings, the model list, health and Prometheus metrics, behind an optional bearer token.
public struct InferenceServer: Sendable {
    public let configuration: ServerConfiguration
    public let metrics = ServerMetrics()
    private let load: @Sendable () throws -> ServerModels
    /// Where the model comes from when it can change while serving; nil for a model loaded once.
    private let following: ModelFollowing?
    /// The index `/rag` and the `NAME-rag` chat model retrieve from; without it neither exists.
    public var retriever: (any Retrieving)?
    /// See `InferenceLoop.turnPause`.
    var turnPause: Duration = .zero
    /// Routes served beside the model's (see `ServerRoutes`).
    public var extraRoutes: [any ServerRoutes] = []

    /// A server that calls `load` once it listens, on a thread of its own (it may take seconds), and answers
    /// 503 on `/health` and the model routes until it returns.
    /// With `following`, the server also switches to the revision it names, every `following.interval`
    /// and whenever `POST /v1/admin/reload` asks, without failing a request (`ModelSwitcher`).
    public init(
        configuration: ServerConfiguration, following: ModelFollowing? = nil,
        load: @escaping @Sendable () throws -> ServerModels
    ) {
        self.configuration = configuration
        self.following = following
        self.load = load
    }

    /// Serves until the task is cancelled (or SIGINT/SIGTERM when `handleSignals`). `onListening` receives the
    /// bound port; an error loading the models ends the server with that error.
    ///
    /// Either way the server shuts down gracefully: the inference loop ends the requests it holds with an
    /// error event (a stream's last words before `[DONE]`), then the HTTP server finishes those responses.
    public func run(handleSignals: Bool = false, onListening: @escaping @Sendable (Int) async -> Void = { _ in })
        async throws
    {
        let host = ModelHost()
        let configuration = self.configuration
        let metrics = self.metrics
        let turnPause = self.turnPause
        let switcher = following.map { following in
            ModelSwitcher(host: host, following: following, name: configuration.modelName) { model in
                InferenceLoop(
                    model: model, width: configuration.parallel, queueCapacity: configuration.queueCapacity,
                    metrics: metrics, turnPause: turnPause)
            }
        }
        let application = Application(
            router: router(host: host, switcher: switcher),
            server: .http1(configuration: .init(additionalChannelHandlers: [ClientDisconnectHandler()])),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "orchestrate"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) })
        let models = ModelService(
            load: load, host: host, configuration: configuration, metrics: metrics, turnPause: turnPause,
            switcher: switcher, interval: following?.interval)
        // Shut down in reverse order: the models' loop first, so that the server's open streams can end.
        let group = ServiceGroup(
            services: [application, models], gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [])
        // The group runs in a task of its own: cancelling this one asks for a graceful shutdown instead of
        // cancelling the group outright, which would cut open streams mid-answer.
        let running = Task { try await group.run() }
        try await withTaskCancellationHandler {
            try await running.value
        } onCancel: {
            Task { await group.triggerGracefulShutdown() }
        }
    }

    func router(host: ModelHost, switcher: ModelSwitcher? = nil) -> Router<ServerRequestContext> {
        let router = Router(context: ServerRequestContext.self)
        router.middlewares.add(RequestMetricsMiddleware(metrics: metrics))
        router.middlewares.add(OpenAIErrorMiddleware())
        if let key = configuration.apiKey {
            let extraRoutes = extraRoutes
            router.middlewares.add(
                BearerTokenMiddleware(key: key, exempt: { path in extraRoutes.contains { $0.owns(path: path) } }))
        }
        let metrics = metrics
        let rag = retriever.map { RAGPipeline(retriever: $0, metrics: metrics) }
        let chat = CompletionRoute(kind: .chat, metrics: metrics, rag: rag)
        let text = CompletionRoute(kind: .text, metrics: metrics)
        router.post("/v1/chat/completions") { request, context in
            try await chat.respond(request, context: context, host: host)
        }
        router.post("/v1/completions") { request, context in
            try await text.respond(request, context: context, host: host)
        }
        if let rag {
            let route = RAGRoute(pipeline: rag, metrics: metrics)
            router.post("/rag") { request, context in try await route.respond(request, context: context, host: host) }
        }
        router.post("/v1/admin/reload") { _, _ in
            guard let switcher else {
                throw APIError(
                    .notFound, "this server's model does not follow a registry alias; start it with --model NAME@ALIAS",
                    code: "not_following")
            }
            _ = try host.ready()
            let outcome: ModelSwitcher.Outcome
            do {
                outcome = try await switcher.check()
            } catch let error as APIError {
                throw error
            } catch {
                throw APIError(.internalServerError, "cannot switch the model: \(error)", type: "server_error")
            }
            return JSONBody.response([
                "model": configuration.modelName, "revision": outcome.revision.map { $0 as Any } ?? NSNull(),
                "switched": outcome.switched,
            ])
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
            let names = [model.name] + (rag != nil ? [model.name + "-rag"] : []) + (encoder.map { [$0.name] } ?? [])
            var data: [[String: Any]] = names.map { ["id": $0, "object": "model", "created": 0, "owned_by": "orchestrate"] }
            if let revision = model.revision { data[0]["revision"] = revision }
            return JSONBody.response(["object": "list", "data": data])
        }
        router.get("/health") { _, _ in
            guard case .ready = host.current else {
                return JSONBody.response(["status": "loading"], status: .serviceUnavailable)
            }
            let revision = (try? host.ready().0.revision) ?? nil
            return JSONBody.response(["status": "ok", "revision": revision.map { $0 as Any } ?? NSNull()])
        }
        router.get("/metrics") { _, _ in
            let depth: (waiting: Int, active: Int)
            if case .ready(let model, _) = host.current { depth = model.loop.depth } else { depth = (0, 0) }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.prometheusText(queue: depth))))
        }
        addExtraRoutes(to: router)
        return router
    }

    private func addExtraRoutes(to router: Router<ServerRequestContext>) {
        for routes in extraRoutes { routes.addRoutes(to: router) }
    }
}
