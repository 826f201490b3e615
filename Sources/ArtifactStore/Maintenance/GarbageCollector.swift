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

    /// - Parameter minimumAge: unreferenced blobs stored (or ingested again) more recently than this are
    ///   kept, because a run in another process may be about to commit the artifact that references them.
    public func collect(minimumAge: TimeInterval, dryRun: Bool) throws -> Result {
        var result = Result()
        let referenced = try store.referencedDigests()
        let cutoff = Date().timeIntervalSince1970 - minimumAge
        for digest in try store.blobs.allDigests() where !referenced.contains(digest) {
            guard let stored = store.blobs.storedAt(sha256: digest), stored < cutoff else {
                result.keptRecent += 1
                continue
            }
            let size = (try? ContentHash.of(store.blobs.location(ofSHA256: digest)).size) ?? 0
            // Checked again with the blob locked: an artifact committed since the scan began keeps it too.
            if !dryRun, !(try store.blobs.remove(sha256: digest, storedBefore: cutoff) { try store.isReferenced(sha256: digest) })
            {
                result.keptRecent += 1
                continue
            }
            result.freedBytes += size
            result.removedBlobs += 1
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
