import Foundation

/// A step's log file (`runs/logs/RUN/STEP.log`), shared by its attempts and safe to write from
/// several threads. Child processes write to the same file through `path`.
public final class StepLog: @unchecked Sendable {
    public let path: URL
    private let lock = NSLock()

    public init(path: URL) throws {
        self.path = path
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: path.path) {
            // A log that cannot be created is skipped by `write`: a step never fails for its log.
            _ = FileManager.default.createFile(atPath: path.path, contents: nil)
        }
    }

    public func write(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        guard let handle = try? FileHandle(forWritingTo: path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data((line.hasSuffix("\n") ? line : line + "\n").utf8))
    }
}
