import Foundation

/// Whether the server's models are loaded yet: routes that need them answer 503 until they are.
final class ModelHost: @unchecked Sendable {
    // `state` is guarded by `lock`.
    enum State {
        case loading
        case ready(ServedModel, ServedEncoder?)
    }

    private let lock = NSLock()
    private var state = State.loading

    func finishLoading(_ model: ServedModel, encoder: ServedEncoder?) {
        lock.withLock { state = .ready(model, encoder) }
    }

    var current: State { lock.withLock { state } }

    /// Serves `model` from now on and returns the one it replaces (nil while still loading).
    func replace(_ model: ServedModel) -> ServedModel? {
        lock.withLock {
            guard case .ready(let old, let encoder) = state else { return nil }
            state = .ready(model, encoder)
            return old
        }
    }

    /// The served model, or the 503 that says it is still loading.
    func ready() throws(APIError) -> (ServedModel, ServedEncoder?) {
        guard case .ready(let model, let encoder) = current else {
            throw APIError(
                .serviceUnavailable, "the model is still loading; try again shortly", type: "server_error",
                code: "model_loading", retryAfter: 2)
        }
        return (model, encoder)
    }
}
