import Compute
import Foundation

/// Switches the served model to a new revision without failing a request: the new model is loaded beside
/// the old one, new requests go to it from the moment it is ready, and the old one's loop finishes the
/// requests it holds and then ends, which frees it. One switch at a time: a reload asked for while
/// another is loading waits for it, then finds the revision already current.
actor ModelSwitcher {
    struct Outcome: Sendable {
        var revision: String?
        var switched: Bool
    }

    private let host: ModelHost
    private let following: ModelFollowing
    private let makeLoop: @Sendable (LanguageModel) -> InferenceLoop
    private let name: String

    init(host: ModelHost, following: ModelFollowing, name: String, makeLoop: @escaping @Sendable (LanguageModel) -> InferenceLoop)
    {
        self.host = host
        self.following = following
        self.name = name
        self.makeLoop = makeLoop
    }

    /// Asks where the model should come from now and switches if that is another revision.
    func check() async throws -> Outcome {
        let following = self.following
        let target = try await Self.onThread { try following.resolve() }
        let current = try host.ready().0
        guard target.revision != current.revision else { return Outcome(revision: current.revision, switched: false) }
        // Loading reads hundreds of megabytes and blocks: on a thread of its own, not Swift's shared pool.
        let model = try await Self.onThread { try target.load() }
        let served = ServedModel(name: name, revision: target.revision, model: model, loop: makeLoop(model))
        let old = host.replace(served)
        old?.loop.retire()
        return Outcome(revision: target.revision, switched: true)
    }

    static func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
        }
    }
}
