/// Pointers into an HNSW graph laid out as in the index file (see `VectorIndexFormat`), used both while
/// the graph is built, in memory that will become the file, and when searching a loaded file.
///
/// Node i's links on layer 0 are `m0 + 1` 32-bit words at `layer0 + i * (m0 + 1)`: a count, then that
/// many neighbours. A node whose top layer is L > 0 has L more blocks of `m + 1` words in `upperLinks`,
/// for layers 1...L, starting at block `upperOffsets[i]`.
struct HNSWLayout: @unchecked Sendable {
    // Plain pointers into storage that the owner (the builder or the index) keeps alive. The links are
    // only written while the graph is built, into memory the builder owns, never into a mapped file.
    let vectors: UnsafePointer<Float>
    let dimension: Int
    let count: Int
    let m: Int
    let levels: UnsafePointer<UInt8>
    let upperOffsets: UnsafePointer<UInt32>
    let layer0: UnsafeMutablePointer<UInt32>
    let upperLinks: UnsafeMutablePointer<UInt32>

    var m0: Int { 2 * m }

    /// How many neighbours a node may keep on `level`.
    @inline(__always)
    func capacity(level: Int) -> Int { level == 0 ? m0 : m }

    @inline(__always)
    func vector(_ node: Int) -> UnsafePointer<Float> { vectors + node * dimension }

    @inline(__always)
    func level(of node: Int) -> Int { Int(levels[node]) }

    /// The count word of `node`'s links on `level`; the neighbours follow it.
    @inline(__always)
    func links(_ node: Int, level: Int) -> UnsafeMutablePointer<UInt32> {
        level == 0 ? layer0 + node * (m0 + 1) : upperLinks + (Int(upperOffsets[node]) + level - 1) * (m + 1)
    }

    /// Cosine distance: one minus the inner product of unit vectors, so nearer is smaller.
    @inline(__always)
    func distance(_ query: UnsafePointer<Float>, _ node: Int) -> Float {
        1 - DotProduct.dot(query, vector(node), count: dimension)
    }

    @inline(__always)
    func distance(between a: Int, _ b: Int) -> Float {
        1 - DotProduct.dot(vector(a), vector(b), count: dimension)
    }
}
