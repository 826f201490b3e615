import Compute
import Foundation
import Testing

/// Exact search returns the true top k by cosine similarity.
@Suite("VectorIndex, exact search")
struct ExactSearchTests {
    static let vectors = VectorFixtures.gaussian(count: 300, dimension: 12, seed: 11)
    static let queries = VectorFixtures.gaussian(count: 25, dimension: 12, seed: 12)

    @Test("the top k match a plain loop over every vector, in order, with cosine scores")
    func trueTopK() throws {
        let index = try VectorFixtures.builder(Self.vectors).build(kind: .exact)
        for query in Self.queries {
            let hits = try index.search(query, k: 7)
            #expect(hits.map(\.position) == VectorFixtures.naiveTop(query, in: Self.vectors, k: 7))
            #expect(hits.map(\.id) == hits.map { "chunk-\($0.position)" })
            #expect(hits.map(\.metadata) == hits.map { VectorFixtures.metadata($0.position) })
            #expect(zip(hits, hits.dropFirst()).allSatisfy { $0.score >= $1.score })
            #expect(hits.allSatisfy { $0.score <= 1.0001 && $0.score >= -1.0001 })
        }
    }

    @Test("a vector's own direction scores 1, whatever its length")
    func selfSimilarity() throws {
        let index = try VectorFixtures.builder(Self.vectors).build(kind: .exact)
        let hit = try #require(try index.search(Self.vectors[42].map { $0 * 5 }, k: 1).first)
        #expect(hit.position == 42)
        #expect(abs(hit.score - 1) < 1e-5)
    }

    @Test("a batch answers as the queries one at a time do")
    func batch() throws {
        let index = try VectorFixtures.builder(Self.vectors).build(kind: .exact)
        let batch = try index.search(batch: Self.queries, k: 5)
        #expect(batch.count == Self.queries.count)
        for (query, hits) in zip(Self.queries, batch) {
            #expect(hits.map(\.position) == (try index.search(query, k: 5)).map(\.position))
        }
        let hnsw = try VectorFixtures.builder(Self.vectors).build(kind: .hnsw)
        #expect(try hnsw.search(batch: Self.queries, k: 3) == Self.queries.map { try hnsw.search($0, k: 3) })
    }
}
