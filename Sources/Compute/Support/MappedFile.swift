import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A read-only memory mapping of a whole file. Model weights are tens or hundreds of megabytes and are
/// read tensor by tensor, so mapping lets the kernel page in only what is read and share the pages
/// between processes, where reading into a `Data` would copy everything up front.
final class MappedFile: ByteStorage, @unchecked Sendable {
    // Immutable after init and only ever read, so sharing between threads is safe.
    let bytes: UnsafeRawBufferPointer

    /// Maps `url`; throws `SafetensorsError.unreadable` naming `displayPath` when it cannot.
    convenience init(_ url: URL, displayPath: String) throws {
        try self.init(url) { SafetensorsError(.unreadable, file: displayPath, message: $0) }
    }

    /// Maps `url`; throws the error that `unreadable` makes from a message when it cannot, so that each
    /// file format reports failures with its own error type.
    init(_ url: URL, unreadable: (String) -> any Error) throws {
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else { throw unreadable("cannot open: \(Self.lastError())") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw unreadable("cannot stat: \(Self.lastError())") }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw unreadable("not a regular file") }
        let size = Int(status.st_size)
        guard size > 0 else {
            // mmap refuses a zero length; an empty file has no bytes to map.
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let start = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), start != MAP_FAILED else {
            throw unreadable("cannot map into memory: \(Self.lastError())")
        }
        bytes = UnsafeRawBufferPointer(start: start, count: size)
    }

    /// Lets the kernel drop the pages read so far from this process's resident memory (they are read
    /// again from the file if touched), for callers that have copied out what they need.
    func releaseResidentPages() {
        guard let start = bytes.baseAddress else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: start), bytes.count, MADV_DONTNEED)
    }

    deinit {
        if let start = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: start), bytes.count) }
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
