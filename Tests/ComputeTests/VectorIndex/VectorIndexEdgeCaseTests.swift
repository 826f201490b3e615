import Compute
import Foundation
import OrchestrateTesting
import Testing

/// Vectors and queries that do not fit, and indexes too small for the question.
@Suite("VectorIndex, edge cases")
struct VectorIndexEdgeCaseTests {
    @Test("adding a vector of another dimension, or one with no direction, throws")
    func badVectors() throws {
        var builder = try VectorIndexBuilder(dimension: 4)
        let wrong = #expect(throws: VectorIndexError.self) { try builder.add(vector: [1, 2, 3], id: "a") }
        #expect(wrong?.kind == .dimensionMismatch)
        #expect(wrong?.message == "vector 'a' has 3 dimensions, but the index has 4")
        #expect(throws: VectorIndexError.self) { try builder.add(vector: [0, 0, 0, 0], id: "zero") }
        #expect(throws: VectorIndexError.self) { try builder.add(vector: [1, .nan, 0, 0], id: "nan") }
        #expect(builder.count == 0)
        #expect(throws: VectorIndexError.self) { try VectorIndexBuilder(dimension: 0) }
    }

    @Test("a query of another dimension throws, naming the index", arguments: VectorIndexKind.allCases)
    func badQuery(kind: VectorIndexKind) throws {
        let index = try VectorFixtures.builder(VectorFixtures.gaussian(count: 20, dimension: 6, seed: 51)).build(kind: kind)
        let error = #expect(throws: VectorIndexError.self) { try index.search([1, 2], k: 3) }
        #expect(error?.kind == .dimensionMismatch)
        #expect(error?.description == "in-memory index: the query has 2 dimensions, but the index has 6")
        #expect(throws: VectorIndexError.self) { try index.search(batch: [[1, 2, 3, 4, 5, 6], [1]], k: 3) }
        #expect(throws: VectorIndexError.self) { try index.search([1, 2, 3, 4, 5, 6], k: -1) }
        #expect(try index.search([1, 2, 3, 4, 5, 6], k: 0).isEmpty)
    }

    @Test("k larger than the index returns every vector, best first", arguments: VectorIndexKind.allCases)
    func kBeyondCount(kind: VectorIndexKind) throws {
        let vectors = VectorFixtures.gaussian(count: 30, dimension: 6, seed: 52)
        let index = try VectorFixtures.builder(vectors).build(kind: kind)
        let hits = try index.search(vectors[3], k: 100)
        #expect(hits.count == 30)
        #expect(Set(hits.map(\.position)) == Set(0..<30))
        #expect(hits.first?.position == 3)
        #expect(zip(hits, hits.dropFirst()).allSatisfy { $0.score >= $1.score })
    }

    @Test("an empty index saves, loads and returns no hits", arguments: VectorIndexKind.allCases)
    func empty(kind: VectorIndexKind) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("empty.vix")
        try VectorIndexBuilder(dimension: 5).write(to: url, kind: kind)
        let index = try VectorIndex(contentsOf: url)
        #expect(index.count == 0)
        #expect(index.dimension == 5)
        #expect(try index.search([1, 0, 0, 0, 0], k: 10).isEmpty)
        #expect(try index.search([1, 0, 0, 0, 0], k: 10, filter: VectorFilter(authors: ["x"])).isEmpty)
        #expect(try index.search(batch: [[1, 0, 0, 0, 0]], k: 10) == [[]])
    }

    @Test("parameters out of range are refused when building")
    func badParameters() throws {
        let builder = try VectorFixtures.builder(VectorFixtures.gaussian(count: 5, dimension: 3, seed: 53))
        let error = #expect(throws: VectorIndexError.self) { try builder.build(kind: .hnsw, parameters: HNSWParameters(m: 1)) }
        #expect(error?.kind == .invalidParameter)
    }
}
