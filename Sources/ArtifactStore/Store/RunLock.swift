import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive lock on `locks/RUN.lock`, held for as long as a process executes the run.
///
/// The kernel releases it when the process dies, however it dies (kill -9 included), so any
/// other process can tell a live run from an interrupted one without trusting pids or clocks.
/// On Linux it is an open file description lock (`F_OFD_SETLK`), which another process can test
/// (`F_OFD_GETLK`) without taking it: probing a run's status never makes a concurrent `acquire` fail.
public final class RunLock: @unchecked Sendable {
    private var descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit { release() }

    static func acquire(runID: String, in folder: URL) throws -> RunLock {
        let path = folder.appendingPathComponent("\(runID).lock").path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError.io(path: path, reason: String(cString: strerror(errno))) }
        guard Self.lock(fd) else {
            let code = errno
            close(fd)
            guard code == EAGAIN || code == EACCES || code == EWOULDBLOCK else {
                throw StoreError.io(path: path, reason: "cannot lock: \(String(cString: strerror(code)))")
            }
            throw StoreError.io(path: path, reason: "run \(Identifier.short(runID)) is being executed by another process")
        }
        return RunLock(descriptor: fd)
    }

    static func isHeld(runID: String, in folder: URL) -> Bool {
        let path = folder.appendingPathComponent("\(runID).lock").path
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return Self.isLocked(fd)
    }

    public func release() {
        guard descriptor >= 0 else { return }
        // Closing the only descriptor of the open file description drops its lock.
        close(descriptor)
        descriptor = -1
    }

    #if os(Linux)
        // From <fcntl.h>; Swift's Glibc module exposes them only with _GNU_SOURCE.
        private static let getOFDLock: Int32 = 36
        private static let setOFDLock: Int32 = 37

        /// The whole file, for writing; `l_pid` must be 0 for open file description locks.
        private static func wholeFile() -> flock {
            var request = flock()
            request.l_type = Int16(F_WRLCK)
            request.l_whence = Int16(SEEK_SET)
            request.l_start = 0
            request.l_len = 0
            request.l_pid = 0
            return request
        }

        private static func lock(_ fd: Int32) -> Bool {
            var request = wholeFile()
            return fcntl(fd, setOFDLock, &request) == 0
        }

        private static func isLocked(_ fd: Int32) -> Bool {
            var request = wholeFile()
            guard fcntl(fd, getOFDLock, &request) == 0 else { return false }
            return request.l_type != Int16(F_UNLCK)
        }
    #else
        // No open file description locks: an `flock` that a probe must take to test, briefly.
        private static func lock(_ fd: Int32) -> Bool { flock(fd, LOCK_EX | LOCK_NB) == 0 }

        private static func isLocked(_ fd: Int32) -> Bool {
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return true }
            flock(fd, LOCK_UN)
            return false
        }
    #endif
}
