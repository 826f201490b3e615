import CKernels

/// Inner products of float vectors, the distance kernel of every search: an HNSW query computes a few
/// thousand of them, so the kernel is most of a query's time.
///
/// Both run in CKernels, compiled for AVX2 and FMA where the processor has them. Swift compiles for the
/// x86-64 baseline, so its SIMD loop used SSE only, and OpenBLAS's `sdot` spends about as long on its
/// per-call checks and dispatch as on 384 multiply-adds.
enum DotProduct {
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        ck_dot(a, b, count)
    }

    /// `scores[i] = dot(query, vectors + rows[i] * dimension)` for `count` rows scattered over `vectors`,
    /// requesting each next row's cache lines while the current one is multiplied.
    @inline(__always)
    static func dots(
        _ query: UnsafePointer<Float>, rows: UnsafePointer<UInt32>, count: Int, of vectors: UnsafePointer<Float>,
        dimension: Int, into scores: UnsafeMutablePointer<Float>
    ) {
        ck_dots(query, vectors, dimension, rows, count, scores)
    }
}
