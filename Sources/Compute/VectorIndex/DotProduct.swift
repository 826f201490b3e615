import COpenBLAS

/// Inner products of float vectors, the distance kernel of every search: an HNSW query computes a few
/// thousand of them, so the kernel is most of a query's time.
enum DotProduct {
    /// The kernel searches use. Timed in a release build on 384-dimensional vectors (x86-64),
    /// `cblas_sdot` took about 35-50 ns a product where the SIMD loop took 50-70 (in cache), and about
    /// 260-400 ns against 510-560 on rows scattered over 150 MB: Swift compiles for baseline x86-64, so
    /// its 16-lane vectors become SSE instructions, while OpenBLAS picks an AVX2/FMA kernel at run time.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        blas(a, b, count: count)
    }

    /// Two 16-lane accumulators, so that consecutive additions do not wait on each other, then one more
    /// 16-lane step and a scalar tail for lengths that are not multiples of 32.
    @inline(__always)
    static func simd(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        let rawA = UnsafeRawPointer(a)
        let rawB = UnsafeRawPointer(b)
        let stride = MemoryLayout<Float>.stride
        var first = SIMD16<Float>()
        var second = SIMD16<Float>()
        var index = 0
        while index + 32 <= count {
            first += rawA.loadUnaligned(fromByteOffset: index * stride, as: SIMD16<Float>.self)
                * rawB.loadUnaligned(fromByteOffset: index * stride, as: SIMD16<Float>.self)
            second += rawA.loadUnaligned(fromByteOffset: (index + 16) * stride, as: SIMD16<Float>.self)
                * rawB.loadUnaligned(fromByteOffset: (index + 16) * stride, as: SIMD16<Float>.self)
            index += 32
        }
        if index + 16 <= count {
            first += rawA.loadUnaligned(fromByteOffset: index * stride, as: SIMD16<Float>.self)
                * rawB.loadUnaligned(fromByteOffset: index * stride, as: SIMD16<Float>.self)
            index += 16
        }
        var sum = (first + second).sum()
        while index < count {
            sum += a[index] * b[index]
            index += 1
        }
        return sum
    }

    @inline(__always)
    static func blas(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        cblas_sdot(Int32(count), a, 1, b, 1)
    }
}
