import Foundation
import ServiceLifecycle

/// Loads the server's models once the HTTP server listens, starts the inference loop on them, and stops
/// the loop when the server shuts down.
struct ModelService: Service {
    let load: @Sendable () throws -> ServerModels
    let host: ModelHost
    let configuration: ServerConfiguration
    let metrics: ServerMetrics
    let turnPause: Duration

    func run() async throws {
        let load = self.load
        // Loading reads hundreds of megabytes and blocks: on a thread of its own, not Swift's shared pool.
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
        await withGracefulShutdownHandler {
            try? await gracefulShutdown()
        } onGracefulShutdown: {
            loop.stop()
        }
        loop.stop()
    }
}
