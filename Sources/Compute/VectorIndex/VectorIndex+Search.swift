import COpenBLAS

/// Nearest-neighbour search by cosine similarity, optionally restricted by metadata.
extension VectorIndex {
    /// The `k` vectors most similar to `query`, most similar first; fewer when the index (or the filter)
    /// has fewer. An exact index returns the true top k; an HNSW index an approximation whose quality
    /// grows with `efSearch` (by default the one the index was built with, and never below k).
    ///
    /// A filter is applied during the search, not to its results, so a filter that few vectors pass
    /// still returns k of them. Throws `dimensionMismatch` for a query of another length,
    /// `invalidVector` for one that cannot be normalized, `invalidParameter` for a negative k.
    public func search(_ query: [Float], k: Int, filter: VectorFilter? = nil, efSearch: Int? = nil) throws
        -> [VectorSearchHit]
    {
        let unit = try checkedQuery(query, k: k, efSearch: efSearch)
        guard k > 0, count > 0 else { return [] }
        return unit.withUnsafeBufferPointer { search(unit: $0.baseAddress!, k: k, filter: filter, efSearch: efSearch) }
    }

    /// `search` with the way a filtered HNSW search finds its matches chosen by the caller, for tests.
    func search(_ query: [Float], k: Int, filter: VectorFilter, plan: FilteredSearchPlan) throws -> [VectorSearchHit] {
        let unit = try checkedQuery(query, k: k, efSearch: nil)
        guard k > 0, count > 0 else { return [] }
        return unit.withUnsafeBufferPointer { search(unit: $0.baseAddress!, k: k, filter: filter, efSearch: nil, plan: plan) }
    }

    /// `search` for each of `queries`. Without a filter, an exact index scores the whole batch with one
    /// matrix product per slice of queries, which is faster than one query at a time.
    public func search(batch queries: [[Float]], k: Int, filter: VectorFilter? = nil, efSearch: Int? = nil) throws
        -> [[VectorSearchHit]]
    {
        let units = try queries.map { try checkedQuery($0, k: k, efSearch: efSearch) }
        guard k > 0, count > 0 else { return units.map { _ in [] } }
        if kind == .exact && filter == nil { return exactBatch(units, k: k) }
        return units.map { unit in
            unit.withUnsafeBufferPointer { search(unit: $0.baseAddress!, k: k, filter: filter, efSearch: efSearch) }
        }
    }

    private func checkedQuery(_ query: [Float], k: Int, efSearch: Int?) throws -> [Float] {
        guard k >= 0 else { throw VectorIndexError(.invalidParameter, file: path, message: "k must not be negative, not \(k)") }
        if let efSearch, efSearch < 1 {
            throw VectorIndexError(.invalidParameter, file: path, message: "efSearch must be at least 1, not \(efSearch)")
        }
        return try VectorIndexBuilder.normalized(query, dimension: dimension, what: "the query", file: path)
    }

    private func search(
        unit query: UnsafePointer<Float>, k: Int, filter: VectorFilter?, efSearch: Int?,
        plan: FilteredSearchPlan = .automatic
    ) -> [VectorSearchHit] {
        guard let filter else {
            if kind == .exact { return exactScan(query, k: k) }
            return graphSearch(query, k: k, efSearch: efSearch, admission: AdmitAll())
        }
        let match = MetadataMatch(filter, index: self)
        if match.excludesEverything { return [] }
        let matches = match.matches(count: count)
        let ef = max(efSearch ?? parameters.efSearch, k)
        guard kind == .hnsw, !plan.scans(matches: matches.count, k: k, ef: ef, m0: parameters.m0, count: count) else {
            return exactScan(query, k: k, over: matches)
        }
        let hits = graphSearch(query, k: k, efSearch: efSearch, admission: match)
        // The graph walk can miss matches that lie beyond non-matching regions it never reached; the
        // promise is k results whenever k vectors match, so fall back to scanning them.
        return hits.count >= min(k, matches.count) ? hits : exactScan(query, k: k, over: matches)
    }

    /// Walks the graph from its entry point down to layer 0, then searches layer 0 with ef = max(efSearch, k).
    func graphSearch<Admission: NodeAdmission>(
        _ query: UnsafePointer<Float>, k: Int, efSearch: Int?, admission: Admission
    ) -> [VectorSearchHit] {
        guard let graph else { return [] }
        let ef = max(efSearch ?? parameters.efSearch, k)
        let found = scratchPool.withScratch { scratch in
            let start = graph.descend(to: query, from: entryPoint, top: maxLevel, bottom: 0, scratch: &scratch, locks: nil)
            return graph.searchLayer(
                query, entries: [start], ef: ef, level: 0, scratch: &scratch, locks: nil, admission: admission)
        }
        return found.prefix(k).map { hit(position: Int($0.node), score: 1 - $0.distance) }
    }

    /// Scores every vector with one matrix-vector product, then keeps the best k.
    func exactScan(_ query: UnsafePointer<Float>, k: Int) -> [VectorSearchHit] {
        var scores = [Float](repeating: 0, count: count)
        scores.withUnsafeMutableBufferPointer { scores in
            cblas_sgemv(
                CblasRowMajor, CblasNoTrans, Int32(count), Int32(dimension), 1, vectors, Int32(dimension), query, 1, 0,
                scores.baseAddress, 1)
        }
        var top = TopScores(k: k)
        for (position, score) in scores.enumerated() { top.offer(score, position) }
        return top.ranked().map { hit(position: $0.position, score: $0.score) }
    }

    /// Scores only `positions`, one inner product each.
    func exactScan(_ query: UnsafePointer<Float>, k: Int, over positions: [Int]) -> [VectorSearchHit] {
        var top = TopScores(k: k)
        for position in positions {
            top.offer(DotProduct.dot(query, vectors + position * dimension, count: dimension), position)
        }
        return top.ranked().map { hit(position: $0.position, score: $0.score) }
    }

    /// Scores slices of the batch with one matrix product each, sized to keep the score matrix near 64 MB.
    private func exactBatch(_ queries: [[Float]], k: Int) -> [[VectorSearchHit]] {
        let slice = max(1, min(queries.count, 16 * 1024 * 1024 / max(count, 1)))
        var results: [[VectorSearchHit]] = []
        results.reserveCapacity(queries.count)
        var scores = [Float](repeating: 0, count: slice * count)
        for first in stride(from: 0, to: queries.count, by: slice) {
            let rows = min(slice, queries.count - first)
            let block = queries[first..<first + rows].flatMap { $0 }
            block.withUnsafeBufferPointer { block in
                scores.withUnsafeMutableBufferPointer { scores in
                    cblas_sgemm(
                        CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(count), Int32(dimension), 1,
                        block.baseAddress, Int32(dimension), vectors, Int32(dimension), 0, scores.baseAddress, Int32(count))
                }
            }
            for row in 0..<rows {
                var top = TopScores(k: k)
                for position in 0..<count { top.offer(scores[row * count + position], position) }
                results.append(top.ranked().map { hit(position: $0.position, score: $0.score) })
            }
        }
        return results
    }
}
