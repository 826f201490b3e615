import Compute
import Foundation
import ServiceLifecycle

/// Loads the server's models once the HTTP server listens, starts the inference loop on them, follows
/// the model's source when it can change, and stops the loop when the server shuts down.
struct ModelService: Service {
    let load: @Sendable () throws -> ServerModels
    let host: ModelHost
    let configuration: ServerConfiguration
    let metrics: ServerMetrics
    let turnPause: Duration
    let switcher: ModelSwitcher?
    let interval: Duration?

    func run() async throws {
        let load = self.load
        let models = try await ModelSwitcher.onThread { try load() }
        let loop = newLoop(models.model)
        let encoder = models.encoder.map {
            ServedEncoder(name: configuration.embeddingModelName ?? $0.folder.url.lastPathComponent, encoder: $0)
        }
        host.finishLoading(
            ServedModel(name: configuration.modelName, revision: models.revision, model: models.model, loop: loop),
            encoder: encoder)
        let host = self.host
        await withGracefulShutdownHandler {
            if let switcher, let interval {
                try? await cancelWhenGracefulShutdown {
                    while true {
                        try await Task.sleep(for: interval)
                        // A source that cannot be read now (a locked store, a version still being written)
                        // is asked again next time; the model being served stays.
                        _ = try? await switcher.check()
                    }
                }
            } else {
                try? await gracefulShutdown()
            }
        } onGracefulShutdown: {
            if case .ready(let model, _) = host.current { model.loop.stop() }
        }
        if case .ready(let model, _) = host.current { model.loop.stop() }
    }

    func newLoop(_ model: LanguageModel) -> InferenceLoop {
        InferenceLoop(
            model: model, width: configuration.parallel, queueCapacity: configuration.queueCapacity, metrics: metrics,
            turnPause: turnPause)
    }
}
