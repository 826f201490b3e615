import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An `flock` on a lock file, held for the length of a closure and waited for when another process
/// holds it. The kernel drops it when its holder dies, so a crash never leaves the store locked.
enum FileLock {
    enum Mode {
        /// Any number of shared holders at once, none while an exclusive one holds it.
        case shared
        case exclusive
    }

    static func withLock<T>(at path: String, _ mode: Mode, _ body: () throws -> T) throws -> T {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError.io(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        while flock(fd, mode == .shared ? LOCK_SH : LOCK_EX) != 0 {
            guard errno == EINTR else { throw StoreError.io(path: path, reason: String(cString: strerror(errno))) }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
