import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Blobs in a local folder: `sha256/ab/cd/<digest>`, each a read-only file or folder.
///
/// Content is staged under `tmp/`, fsynced, and renamed into place, so a crash can leave stray
/// staging folders (which `gc` removes) but never a half-written blob under its real name. `lock`
/// is the file ingest and garbage collection take turns on.
public struct LocalBlobStorage: BlobStorage {
    public let root: URL

    public init(root: URL) throws {
        self.root = root
        try FileManager.default.createDirectory(at: root.appendingPathComponent("tmp"), withIntermediateDirectories: true)
    }

    public func location(ofSHA256 sha256: String) -> URL {
        let chars = Array(sha256)
        let first = chars.count >= 2 ? String(chars[0..<2]) : "xx"
        let second = chars.count >= 4 ? String(chars[2..<4]) : "xx"
        return root.appendingPathComponent("sha256").appendingPathComponent(first)
            .appendingPathComponent(second).appendingPathComponent(sha256)
    }

    public var address: String { root.standardizedFileURL.path }

    public func uri(ofSHA256 sha256: String) -> String { location(ofSHA256: sha256).standardizedFileURL.absoluteString }

    public func contains(sha256: String) -> Bool {
        FileManager.default.fileExists(atPath: location(ofSHA256: sha256).path)
    }

    public func ingest(_ source: URL, consuming: Bool) throws -> ContentHash {
        let hash = try ContentHash.of(source)
        let destination = location(ofSHA256: hash.sha256)
        if try withLock(.shared, { try markStored(destination) }) {
            if consuming { try? FileSystem.removeTree(source) }
            return hash
        }
        let staging = root.appendingPathComponent("tmp").appendingPathComponent(UUID().uuidString)
        do {
            try stage(source, at: staging, consuming: consuming)
            try FileSystem.syncTree(staging)
            // The top folder stays writable until after the rename: Linux moves a folder to
            // another parent only if it may rewrite the folder's '..' entry.
            try FileSystem.makeReadOnly(staging, includingTop: false)
            let parent = destination.deletingLastPathComponent()
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            try withLock(.shared) {
                if rename(staging.path, destination.path) == 0 {
                    try FileSystem.makeReadOnly(destination, includingTop: true, recursive: false)
                    return
                }
                let code = errno
                // Another process stored the same content first: theirs is identical, keep it, as ours.
                guard code == EEXIST || code == ENOTEMPTY || FileManager.default.fileExists(atPath: destination.path) else {
                    throw StoreError.io(path: destination.path, reason: String(cString: strerror(code)))
                }
                try? FileSystem.removeTree(staging)
                _ = try markStored(destination)
            }
            FileSystem.syncFolder(parent)
        } catch {
            try? FileSystem.removeTree(staging)
            throw error
        }
        return hash
    }

    public func storedAt(sha256: String) -> Double? {
        FileSystem.statusChangeTime(location(ofSHA256: sha256))
    }

    public func allDigests() throws -> [String] {
        let base = root.appendingPathComponent("sha256")
        guard FileManager.default.fileExists(atPath: base.path) else { return [] }
        var digests: [String] = []
        for first in try FileManager.default.contentsOfDirectory(atPath: base.path) {
            let firstURL = base.appendingPathComponent(first)
            for second in (try? FileManager.default.contentsOfDirectory(atPath: firstURL.path)) ?? [] {
                let secondURL = firstURL.appendingPathComponent(second)
                digests += (try? FileManager.default.contentsOfDirectory(atPath: secondURL.path)) ?? []
            }
        }
        return digests.sorted()
    }

    public func remove(sha256: String) throws {
        try FileSystem.removeTree(location(ofSHA256: sha256))
    }

    public func remove(sha256: String, storedBefore cutoff: Double, unless keep: () throws -> Bool) throws -> Bool {
        let blob = location(ofSHA256: sha256)
        let doomed = root.appendingPathComponent("tmp").appendingPathComponent("removed-\(UUID().uuidString)")
        let taken = try withLock(.exclusive) { () throws -> Bool in
            guard let stored = FileSystem.statusChangeTime(blob), stored < cutoff, try !keep() else { return false }
            // Out of its digest's place at once, so no ingest can find it half removed; the tree goes after.
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: blob.path, isDirectory: &isFolder), isFolder.boolValue {
                chmod(blob.path, 0o755)
            }
            guard rename(blob.path, doomed.path) == 0 else {
                throw StoreError.io(path: blob.path, reason: "cannot remove the blob: \(String(cString: strerror(errno)))")
            }
            return true
        }
        if taken { try FileSystem.removeTree(doomed) }
        return taken
    }

    /// Staging folders older than `age` are left by crashed writers; nothing references them.
    public func removeStaleStaging(olderThan age: TimeInterval) throws -> Int {
        let tmp = root.appendingPathComponent("tmp")
        var removed = 0
        for name in (try? FileManager.default.contentsOfDirectory(atPath: tmp.path)) ?? [] {
            let url = tmp.appendingPathComponent(name)
            // ctime, not mtime: a step's output renamed into staging keeps the mtime of when it was written.
            if let changed = FileSystem.statusChangeTime(url), Date().timeIntervalSince1970 - changed >= age {
                try FileSystem.removeTree(url)
                removed += 1
            }
        }
        return removed
    }

    /// Ingest holds this shared while it finds or places a blob, garbage collection exclusively while it
    /// checks and takes one away: a blob ingest has just confirmed cannot be removed under it.
    private func withLock<T>(_ mode: FileLock.Mode, _ body: () throws -> T) throws -> T {
        try FileLock.withLock(at: root.appendingPathComponent("lock").path, mode, body)
    }

    /// Dates a stored blob to now (its ctime, which `storedAt` reads); false when it is not stored.
    private func markStored(_ blob: URL) throws -> Bool {
        if utimensat(AT_FDCWD, blob.path, nil, 0) == 0 { return true }
        let code = errno
        if code == ENOENT { return false }
        throw StoreError.io(
            path: blob.path, reason: "cannot mark the stored blob as in use: \(String(cString: strerror(code)))")
    }

    private func stage(_ source: URL, at staging: URL, consuming: Bool) throws {
        if consuming, rename(source.path, staging.path) == 0 { return }
        do {
            try FileManager.default.copyItem(at: source, to: staging)
        } catch {
            throw StoreError.io(path: source.path, reason: "could not copy into the blob store: \(error.localizedDescription)")
        }
        if consuming { try? FileSystem.removeTree(source) }
    }
}
