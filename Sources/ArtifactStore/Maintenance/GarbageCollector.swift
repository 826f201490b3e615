import Foundation

/// Removes what no artifact or live run needs: unreferenced blobs, staging leftovers of crashed
/// writers, and working folders of runs that are no longer executing.
public struct GarbageCollector {
    public struct Result: Sendable {
        public var removedBlobs = 0
        public var freedBytes: Int64 = 0
        public var keptRecent = 0
        public var removedWorkFolders = 0
    }

    let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// - Parameter minimumAge: unreferenced blobs published more recently than this are kept,
    ///   because a run in another process may be about to commit the artifact that references them.
    public func collect(minimumAge: TimeInterval, dryRun: Bool) throws -> Result {
        var result = Result()
        let referenced = try store.referencedDigests()
        let now = Date()
        for digest in try store.blobs.allDigests() where !referenced.contains(digest) {
            let location = store.blobs.location(ofSHA256: digest)
            // rename() updates ctime, so it tells when the blob was published.
            let values = try? location.resourceValues(forKeys: [.attributeModificationDateKey])
            if let changed = values?.attributeModificationDate, now.timeIntervalSince(changed) < minimumAge {
                result.keptRecent += 1
                continue
            }
            result.freedBytes += (try? ContentHash.of(location).size) ?? 0
            result.removedBlobs += 1
            if !dryRun { try store.blobs.remove(sha256: digest) }
        }
        if !dryRun, let local = store.blobs as? LocalBlobStorage {
            _ = try local.removeStaleStaging(olderThan: max(minimumAge, 3600))
        }
        for runID in (try? FileManager.default.contentsOfDirectory(atPath: store.workDirectory.path)) ?? [] {
            guard !RunLock.isHeld(runID: runID, in: store.locksDirectory) else { continue }
            result.removedWorkFolders += 1
            if !dryRun { try FileSystem.removeTree(store.workDirectory.appendingPathComponent(runID)) }
        }
        return result
    }
}
