import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Blobs in a local folder: `sha256/ab/cd/<digest>`, each a read-only file or folder.
///
/// Content is staged under `tmp/`, fsynced, and renamed into place, so a crash can leave stray
/// staging folders (which `gc` removes) but never a half-written blob under its real name.
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

    public func contains(sha256: String) -> Bool {
        FileManager.default.fileExists(atPath: location(ofSHA256: sha256).path)
    }

    public func ingest(_ source: URL, consuming: Bool) throws -> ContentHash {
        let hash = try ContentHash.of(source)
        let destination = location(ofSHA256: hash.sha256)
        if FileManager.default.fileExists(atPath: destination.path) {
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
            if rename(staging.path, destination.path) == 0 {
                try FileSystem.makeReadOnly(destination, includingTop: true, recursive: false)
            } else {
                let code = errno
                // Another process stored the same content first: theirs is identical, keep it.
                guard code == EEXIST || code == ENOTEMPTY || FileManager.default.fileExists(atPath: destination.path) else {
                    throw StoreError.io(path: destination.path, reason: String(cString: strerror(code)))
                }
                try? FileSystem.removeTree(staging)
            }
            FileSystem.syncFolder(parent)
        } catch {
            try? FileSystem.removeTree(staging)
            throw error
        }
        return hash
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

    /// Staging folders older than `age` are left by crashed writers; nothing references them.
    public func removeStaleStaging(olderThan age: TimeInterval) throws -> Int {
        let tmp = root.appendingPathComponent("tmp")
        var removed = 0
        for name in (try? FileManager.default.contentsOfDirectory(atPath: tmp.path)) ?? [] {
            let url = tmp.appendingPathComponent(name)
            let modified = (try? url.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate
            if let modified, Date().timeIntervalSince(modified) >= age {
                try FileSystem.removeTree(url)
                removed += 1
            }
        }
        return removed
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
