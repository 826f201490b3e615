/// Floats at a fixed, 64-byte aligned address for the buffer's lifetime, so that the decoder's kernels can
/// take pointers into weights, caches and scratch memory without nesting a closure per array.
final class FloatBuffer: @unchecked Sendable {
    // The pointer never changes; what is written through it is guarded by the owner's rules (weights are
    // written once before they are shared, caches and scratch memory are used by one call at a time).
    let base: UnsafeMutablePointer<Float>
    let count: Int

    init(count: Int) {
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.stride, alignment: 64)
        base = raw.initializeMemory(as: Float.self, repeating: 0, count: max(count, 1))
    }

    convenience init(_ values: [Float]) {
        self.init(count: values.count)
        values.withUnsafeBufferPointer { base.update(from: $0.baseAddress!, count: values.count) }
    }

    /// A new buffer holding the same floats.
    func copy() -> FloatBuffer {
        let copy = FloatBuffer(count: count)
        copy.base.update(from: base, count: count)
        return copy
    }

    deinit { base.deallocate() }
}
