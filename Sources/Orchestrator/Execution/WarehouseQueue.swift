import ArtifactStore
import Foundation

/// The `DocumentWarehouse` an attempt hands its step: it keeps what the step publishes until
/// `StepAttempt` attaches it to the stored outputs.
final class WarehouseQueue: DocumentWarehouse, @unchecked Sendable {
    private let lock = NSLock()
    private var queued: [String: [WarehouseDocument]] = [:]

    func publish(_ documents: [WarehouseDocument], from output: String) {
        lock.withLock { queued[output, default: []].append(contentsOf: documents) }
    }

    /// Everything published so far, by output name.
    var documents: [String: [WarehouseDocument]] {
        lock.withLock { queued }
    }
}
