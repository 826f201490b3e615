import Compute
import Foundation
import Testing

/// The graph finds nearly all of the true nearest neighbours.
@Suite("VectorIndex, HNSW recall")
struct HNSWRecallTests {
    /// Recall@10 of `hnsw` against `exact` over `queries`.
    static func recall(_ hnsw: VectorIndex, _ exact: VectorIndex, _ queries: [[Float]], efSearch: Int? = nil) throws -> Double {
        var found = 0
        for query in queries {
            let truth = Set(try exact.search(query, k: 10).map(\.position))
            found += truth.intersection(try hnsw.search(query, k: 10, efSearch: efSearch).map(\.position)).count
        }
        return Double(found) / Double(10 * queries.count)
    }

    @Test("recall@10 is at least 0.95 at the default efSearch on 3,000 embedding-like 64-dimensional vectors")
    func embeddingLike() throws {
        let vectors = VectorFixtures.lowRank(count: 3000, dimension: 64, rank: 12, seed: 31)
        let queries = VectorFixtures.lowRank(count: 50, dimension: 64, rank: 12, seed: 32)
        let builder = try VectorFixtures.builder(vectors)
        // efConstruction below the default keeps the build quick in debug builds.
        let hnsw = try builder.build(kind: .hnsw, parameters: HNSWParameters(efConstruction: 100), threads: 2)
        let recall = try Self.recall(hnsw, builder.build(kind: .exact), queries)
        #expect(recall >= 0.95, "recall@10 was \(recall)")
    }

    @Test("on uniformly random 64-dimensional vectors, the hardest case, recall@10 reaches 0.95 at efSearch 100")
    func uniformlyRandom() throws {
        let vectors = VectorFixtures.gaussian(count: 3000, dimension: 64, seed: 33)
        let queries = VectorFixtures.gaussian(count: 50, dimension: 64, seed: 34)
        let builder = try VectorFixtures.builder(vectors)
        let hnsw = try builder.build(kind: .hnsw, parameters: HNSWParameters(efConstruction: 100), threads: 2)
        let recall = try Self.recall(hnsw, builder.build(kind: .exact), queries, efSearch: 100)
        #expect(recall >= 0.95, "recall@10 was \(recall)")
    }
}
