import Compute
import Foundation
import OrchestrateTesting
import Testing

/// An index written to a file and mapped back holds the same vectors, ids and metadata, and answers
/// every search exactly as the index built in memory does.
@Suite("VectorIndex, save and load")
struct VectorIndexRoundTripTests {
    @Test("ids, metadata, vectors and search results survive a round trip", arguments: VectorIndexKind.allCases)
    func roundTrip(kind: VectorIndexKind) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let vectors = VectorFixtures.gaussian(count: 600, dimension: 24, seed: 7)
        let builder = try VectorFixtures.builder(vectors)
        let url = folder.url.appendingPathComponent("chunks.vix")
        let parameters = HNSWParameters(m: 8, efConstruction: 60, efSearch: 30, seed: 99)
        try builder.write(to: url, kind: kind, parameters: parameters)
        let loaded = try VectorIndex(contentsOf: url)
        let built = try builder.build(kind: kind, parameters: parameters)

        #expect(loaded.kind == kind)
        #expect(loaded.count == 600)
        #expect(loaded.dimension == 24)
        #expect(loaded.path == url.path)
        if kind == .hnsw { #expect(loaded.parameters == parameters) }
        for position in [0, 1, 299, 599] {
            #expect(loaded.id(at: position) == "chunk-\(position)")
            #expect(loaded.metadata(at: position) == VectorFixtures.metadata(position))
            #expect(loaded.vector(at: position) == built.vector(at: position))
            let norm = loaded.vector(at: position).reduce(0) { $0 + $1 * $1 }
            #expect(abs(norm - 1) < 1e-5)
        }
        let filter = VectorFilter(authors: ["author-1", "author-2"], kinds: ["post"])
        for query in VectorFixtures.gaussian(count: 20, dimension: 24, seed: 8) {
            #expect(try loaded.search(query, k: 10) == built.search(query, k: 10))
            #expect(try loaded.search(query, k: 5, filter: filter) == built.search(query, k: 5, filter: filter))
        }
    }

    @Test("one build thread gives the same file every time")
    func deterministic() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let builder = try VectorFixtures.builder(VectorFixtures.gaussian(count: 400, dimension: 16, seed: 3))
        let first = folder.url.appendingPathComponent("a.vix")
        let second = folder.url.appendingPathComponent("b.vix")
        try builder.write(to: first, kind: .hnsw)
        try builder.write(to: second, kind: .hnsw)
        #expect(try Data(contentsOf: first) == Data(contentsOf: second))
    }

    @Test("a graph built on two threads is searchable and keeps every vector reachable")
    func twoThreads() throws {
        let vectors = VectorFixtures.gaussian(count: 800, dimension: 16, seed: 4)
        let index = try VectorFixtures.builder(vectors).build(kind: .hnsw, threads: 2)
        var found = 0
        for position in stride(from: 0, to: 800, by: 40) {
            found += try index.search(vectors[position], k: 1).first?.position == position ? 1 : 0
        }
        #expect(found >= 19)
    }
}
