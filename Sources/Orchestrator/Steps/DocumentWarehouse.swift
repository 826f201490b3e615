import ArtifactStore

/// Where a source step publishes documents to the data warehouse without opening the store.
///
/// Publishing only queues: the engine upserts the documents when it stores the named output,
/// in the same transaction, so a failed or cancelled attempt leaves the warehouse untouched and
/// every row names the artifact it came from. A cached step does not run and publishes nothing:
/// its documents were upserted when it first ran.
public protocol DocumentWarehouse: Sendable {
    /// Queues `documents` to be upserted with the output `output` (a name the step declares).
    func publish(_ documents: [WarehouseDocument], from output: String)
}
