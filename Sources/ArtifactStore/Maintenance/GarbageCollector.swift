import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
            if let changed = Self.statusChangeTime(location), now.timeIntervalSince1970 - changed < minimumAge {
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

    /// ctime in seconds since 1970; Foundation does not report it on Linux.
    static func statusChangeTime(_ url: URL) -> Double? {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        #if canImport(Darwin)
            return Double(info.st_ctimespec.tv_sec) + Double(info.st_ctimespec.tv_nsec) / 1e9
        #else
            return Double(info.st_ctim.tv_sec) + Double(info.st_ctim.tv_nsec) / 1e9
        #endif
    }
}
