/// Read-only bytes that outlive the views into them: a file mapping, or a buffer filled in memory. Types
/// that read a binary format keep their storage alive and hand out pointers into it.
protocol ByteStorage: AnyObject, Sendable {
    var bytes: UnsafeRawBufferPointer { get }
}

/// Bytes allocated and filled in memory, aligned like a page-aligned mapping is (to 64 bytes, enough for
/// any SIMD load), so that a format reads the same from memory as from a mapped file.
final class OwnedBytes: ByteStorage, @unchecked Sendable {
    // Written only by whoever allocated it, before it is shared; read-only afterwards.
    let start: UnsafeMutableRawPointer
    let count: Int

    init(count: Int) {
        self.count = count
        start = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 64)
        start.initializeMemory(as: UInt8.self, repeating: 0, count: max(count, 1))
    }

    deinit { start.deallocate() }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: start, count: count) }
}
