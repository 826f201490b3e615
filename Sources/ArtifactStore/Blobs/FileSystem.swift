import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few filesystem operations that Foundation does not offer durably.
public enum FileSystem {
    /// fsyncs every file and folder below `url`, so a rename that publishes it is durable.
    static func syncTree(_ url: URL) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { return }
        if isFolder.boolValue {
            for name in try FileManager.default.contentsOfDirectory(atPath: url.path) {
                try syncTree(url.appendingPathComponent(name))
            }
            syncFolder(url)
        } else {
            let fd = open(url.path, O_RDONLY)
            guard fd >= 0 else { throw StoreError.io(path: url.path, reason: String(cString: strerror(errno))) }
            defer { close(fd) }
            guard fsync(fd) == 0 else { throw StoreError.io(path: url.path, reason: String(cString: strerror(errno))) }
        }
    }

    static func syncFolder(_ url: URL) {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// Blobs are read-only so that a step cannot edit an input in place and corrupt the store.
    static func makeReadOnly(_ url: URL, includingTop: Bool = true, recursive: Bool = true) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { return }
        if isFolder.boolValue {
            if recursive {
                for name in try FileManager.default.contentsOfDirectory(atPath: url.path) {
                    try makeReadOnly(url.appendingPathComponent(name))
                }
            }
            if includingTop { chmod(url.path, 0o555) }
        } else if includingTop {
            chmod(url.path, 0o444)
        }
    }

    /// ctime in seconds since 1970 (Foundation does not report it on Linux): it moves with every
    /// rename, permission change and time update, and cannot be set back by hand.
    static func statusChangeTime(_ url: URL) -> Double? {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        #if canImport(Darwin)
            return Double(info.st_ctimespec.tv_sec) + Double(info.st_ctimespec.tv_nsec) / 1e9
        #else
            return Double(info.st_ctim.tv_sec) + Double(info.st_ctim.tv_nsec) / 1e9
        #endif
    }

    /// Removes a file or folder, read-only ones included.
    public static func removeTree(_ url: URL) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { return }
        if isFolder.boolValue { makeWritable(url) }
        try FileManager.default.removeItem(at: url)
    }

    private static func makeWritable(_ url: URL) {
        chmod(url.path, 0o755)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [] {
            let child = url.appendingPathComponent(name)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: child.path, isDirectory: &isFolder), isFolder.boolValue {
                makeWritable(child)
            }
        }
    }

    /// Copies a file or folder to `destination`, which must not exist; copies are writable.
    public static func copy(_ source: URL, to destination: URL) throws {
        try FileManager.default.copyItem(at: source, to: destination)
        chmodTree(destination)
    }

    private static func chmodTree(_ url: URL) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { return }
        if isFolder.boolValue {
            chmod(url.path, 0o755)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [] {
                chmodTree(url.appendingPathComponent(name))
            }
        } else {
            chmod(url.path, 0o644)
        }
    }
}
