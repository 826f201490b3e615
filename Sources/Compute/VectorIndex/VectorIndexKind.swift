/// How an index finds neighbours.
public enum VectorIndexKind: String, Sendable, CaseIterable {
    /// Brute force: every vector is scored against the query with a BLAS matrix-vector product. Exact,
    /// and linear in the number of vectors.
    case exact
    /// A hierarchical navigable small world graph (Malkov & Yashunin): approximate, and roughly
    /// logarithmic in the number of vectors.
    case hnsw

    /// The number stored in the file header.
    var code: UInt32 {
        switch self {
        case .exact: 0
        case .hnsw: 1
        }
    }

    init?(code: UInt32) {
        switch code {
        case 0: self = .exact
        case 1: self = .hnsw
        default: return nil
        }
    }
}
