import ArtifactStore
import Foundation

/// What an attempt offers an executor that runs the step in this process.
public struct InProcessStep: Sendable {
    public var implementation: any Step
    public var log: StepLog
    public var progress: @Sendable (StepProgress) -> Void
    public var warehouse: (any DocumentWarehouse)?
    /// The store's blob storage, where inputs are read from by digest.
    public var blobs: any BlobStorage

    public init(
        implementation: any Step, log: StepLog, progress: @escaping @Sendable (StepProgress) -> Void,
        warehouse: (any DocumentWarehouse)?, blobs: any BlobStorage
    ) {
        self.implementation = implementation
        self.log = log
        self.progress = progress
        self.warehouse = warehouse
        self.blobs = blobs
    }
}
