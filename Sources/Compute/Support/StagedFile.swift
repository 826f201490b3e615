import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file written beside its destination under a temporary name and renamed onto it once complete, so
/// that a reader never sees half a model: an interrupted export leaves the old file (or none), not a
/// truncated one. Writes are buffered; `commit` flushes, syncs and renames, and a file never committed is
/// removed when the value goes away.
final class StagedFile {
    let destination: URL
    private let temporary: URL
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private(set) var position = 0
    private var committed = false

    static let bufferSize = 1 << 20

    /// Creates the temporary file next to `destination`, whose folder must exist.
    init(_ destination: URL) throws {
        self.destination = destination
        let name = ".\(destination.lastPathComponent).\(UUID().uuidString.prefix(8)).partial"
        temporary = destination.deletingLastPathComponent().appendingPathComponent(name)
        descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else {
            throw FileWriteError(file: destination.relativePath, message: "cannot be created: \(Self.lastError())")
        }
        buffer.reserveCapacity(Self.bufferSize)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        if !committed { unlink(temporary.path) }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        position += bytes.count
        if buffer.count + bytes.count > Self.bufferSize {
            try flush()
            if bytes.count >= Self.bufferSize {
                try writeAll(bytes)
                return
            }
        }
        buffer.append(contentsOf: bytes)
    }

    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Zero bytes up to the next multiple of `alignment`.
    func pad(to alignment: Int) throws {
        let padding = (alignment - position % alignment) % alignment
        if padding > 0 { try write([UInt8](repeating: 0, count: padding)) }
    }

    /// Flushes, syncs and renames the file onto its destination, replacing what was there.
    func commit() throws {
        try flush()
        guard fsync(descriptor) == 0 else {
            throw FileWriteError(file: destination.relativePath, message: "cannot be synced: \(Self.lastError())")
        }
        close(descriptor)
        descriptor = -1
        guard rename(temporary.path, destination.path) == 0 else {
            throw FileWriteError(file: destination.relativePath, message: "cannot be put in place: \(Self.lastError())")
        }
        committed = true
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let written = Self.systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0, errno == EINTR { continue }
            guard written > 0 else {
                throw FileWriteError(file: destination.relativePath, message: "cannot be written: \(Self.lastError())")
            }
            offset += written
        }
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }

    private static func systemWrite(_ descriptor: Int32, _ start: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.write(descriptor, start, count)
        #else
            Darwin.write(descriptor, start, count)
        #endif
    }
}
