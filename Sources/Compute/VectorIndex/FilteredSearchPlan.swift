/// How a filtered search of an HNSW index finds its matches: by scanning the matching vectors, or by
/// walking the graph and admitting only matches into the results.
enum FilteredSearchPlan {
    /// Chooses by cost (`automatic`); tests force each path.
    case automatic, scanMatches, walkGraph

    /// Whether to scan the `matches` matching vectors rather than walk the graph.
    ///
    /// A scan costs one inner product per match. A filtered walk must reach about ef matches, so it
    /// expands about ef × n / matches nodes, with up to 2M inner products each. The scan is cheaper when
    /// matches² < ef × 2M × n: below about 13% of 100,000 vectors at the defaults, or 57% of 5,000.
    /// With k or fewer matches there is nothing to choose: they are the answer.
    func scans(matches: Int, k: Int, ef: Int, m0: Int, count: Int) -> Bool {
        guard matches > k else { return true }
        switch self {
        case .scanMatches: return true
        case .walkGraph: return false
        case .automatic: return Double(matches) * Double(matches) < Double(ef) * Double(m0) * Double(count)
        }
    }
}
