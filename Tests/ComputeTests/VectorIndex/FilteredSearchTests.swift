import Foundation
import Testing

@testable import Compute

/// Filters apply during the search: a filter that few vectors pass still returns k of them, all passing.
@Suite("VectorIndex, filtered search")
struct FilteredSearchTests {
    static let vectors = VectorFixtures.gaussian(count: 5000, dimension: 32, seed: 21)
    static let queries = VectorFixtures.gaussian(count: 10, dimension: 32, seed: 22)
    static let hnsw = Result {
        try VectorFixtures.builder(vectors).build(kind: .hnsw, parameters: HNSWParameters(efConstruction: 64), threads: 2)
    }
    static let exact = Result { try VectorFixtures.builder(vectors).build(kind: .exact) }

    /// One document in 100: the fixtures give each document 50 vectors, so this is 50 of 5,000.
    static let onePercent = VectorFilter(documentIDs: ["doc-17"])

    @Test("a filter that 1% of 5,000 vectors pass returns k of them, the true top k", arguments: VectorIndexKind.allCases)
    func onePercent(kind: VectorIndexKind) throws {
        let index = try (kind == .hnsw ? Self.hnsw : Self.exact).get()
        for query in Self.queries {
            let hits = try index.search(query, k: 10, filter: Self.onePercent)
            #expect(hits.count == 10)
            #expect(hits.allSatisfy { $0.metadata.documentID == "doc-17" && Self.onePercent.matches($0.metadata) })
            let expected = VectorFixtures.naiveTop(query, in: Self.vectors, k: 10) {
                Self.onePercent.matches(VectorFixtures.metadata($0))
            }
            #expect(hits.map(\.position) == expected)
        }
    }

    @Test("walking the graph with a filter admits only matches, and still returns k of them")
    func graphWalk() throws {
        let index = try Self.hnsw.get()
        // One vector in twelve: author-1 (one in four) and mail (one in three).
        let filter = VectorFilter(authors: ["author-1"], platforms: ["mail"])
        let passing = (0..<Self.vectors.count).filter { filter.matches(VectorFixtures.metadata($0)) }
        #expect(passing.count == 417)
        var recalled = 0
        for query in Self.queries {
            for filter in [filter, Self.onePercent] {
                let hits = try index.search(query, k: 10, filter: filter, plan: .walkGraph)
                #expect(hits.count == 10)
                #expect(hits.allSatisfy { filter.matches($0.metadata) })
            }
            let hits = try index.search(query, k: 10, filter: filter, plan: .walkGraph)
            let truth = VectorFixtures.naiveTop(query, in: Self.vectors, k: 10) { filter.matches(VectorFixtures.metadata($0)) }
            recalled += Set(hits.map(\.position)).intersection(truth).count
        }
        #expect(recalled >= 90)
    }

    @Test("fields combine with AND, values within a field with OR")
    func combination() throws {
        let index = try Self.exact.get()
        let filter = VectorFilter(authors: ["author-0", "author-3"], kinds: ["comment"])
        let hits = try index.search(Self.queries[0], k: 5000, filter: filter)
        let expected = (0..<5000).filter { ($0 % 4 == 0 || $0 % 4 == 3) && $0 % 2 == 1 }
        #expect(Set(hits.map(\.position)) == Set(expected))
    }

    @Test("a filter no vector passes returns nothing; fewer matches than k return all of them")
    func fewMatches() throws {
        let index = try Self.hnsw.get()
        #expect(try index.search(Self.queries[0], k: 10, filter: VectorFilter(authors: ["nobody"])).isEmpty)
        #expect(try index.search(Self.queries[0], k: 10, filter: VectorFilter(authors: [])).isEmpty)
        let three = VectorFilter(kinds: ["post"], documentIDs: ["doc-0"])
        let hits = try index.search(Self.queries[0], k: 100, filter: three)
        #expect(hits.count == 25)
        #expect(hits.allSatisfy { three.matches($0.metadata) })
    }
}
