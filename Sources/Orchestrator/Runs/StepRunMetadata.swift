import ArtifactStore

/// What a step run reported about itself. A cached step run did not run, so its own metadata is empty:
/// what it stands for is the metadata of the run it reused.
enum StepRunMetadata {
    static func of(_ record: StepRunRecord, in store: Store) throws -> JSONValue {
        var current = record
        // A cached run reuses a run that succeeded, never another cached one; the bound is for safety.
        for _ in 0..<8 {
            guard current.status == .cached, let original = current.cachedFrom, let next = try store.stepRun(id: original)
            else { break }
            current = next
        }
        return (try? JSONText.parse(current.metadata)) ?? .object([:])
    }
}
