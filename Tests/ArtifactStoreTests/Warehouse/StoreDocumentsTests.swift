import ArtifactStore
import Foundation
import Testing

@Suite("store documents (warehouse)")
struct StoreDocumentsTests {
    static func document(
        _ id: String, author: String = "Ada Lovelace", authorID: String = "a1", kind: String = "article",
        title: String? = nil, content: String = "text"
    ) -> WarehouseDocument {
        WarehouseDocument(
            id: id, kind: kind, platform: "blog", link: "https://example.com/\(id)", title: title ?? id,
            author: author, authorID: authorID, content: content, contentSHA256: Hashing.sha256(content))
    }

    @Test("a new id is inserted with its author; the same id and content hash again changes nothing")
    func idempotent() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let first = try fixture.store.upsert(documents: [Self.document("d1"), Self.document("d2")], sourceArtifactID: nil)
        #expect(first == WarehouseUpsertCounts(inserted: 2))
        let before = try fixture.store.documents()
        let again = try fixture.store.upsert(documents: [Self.document("d1"), Self.document("d2")], sourceArtifactID: nil)
        #expect(again == WarehouseUpsertCounts(unchanged: 2))
        #expect(try fixture.store.documents() == before)
        #expect(before.map(\.author) == ["Ada Lovelace", "Ada Lovelace"])
        #expect(before.allSatisfy { $0.crawledAt != nil })
    }

    @Test("the same id with new content replaces the row")
    func changedContent() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        try fixture.store.upsert(documents: [Self.document("d1", content: "old")], sourceArtifactID: nil)
        let counts = try fixture.store.upsert(documents: [Self.document("d1", content: "new")], sourceArtifactID: nil)
        #expect(counts == WarehouseUpsertCounts(updated: 1))
        let stored = try fixture.store.documents()
        #expect(stored.map(\.content) == ["new"])
        #expect(stored.first?.contentSHA256 == Hashing.sha256("new"))
    }

    @Test("documents filter by author name (any case) or id and by kind, ordered by author then title, with a limit")
    func filters() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        try fixture.store.upsert(
            documents: [
                Self.document("d1", title: "b"), Self.document("d2", kind: "post", title: "a"),
                Self.document("d3", author: "Blaise Pascal", authorID: "b1", title: "c"),
            ], sourceArtifactID: nil)
        #expect(try fixture.store.documents().map(\.id) == ["d2", "d1", "d3"])
        #expect(try fixture.store.documents(author: "ada lovelace").map(\.id) == ["d2", "d1"])
        #expect(try fixture.store.documents(author: "b1").map(\.id) == ["d3"])
        #expect(try fixture.store.documents(kind: "post").map(\.id) == ["d2"])
        #expect(try fixture.store.documents(author: "Ada Lovelace", kind: "article").map(\.id) == ["d1"])
        #expect(try fixture.store.documents(limit: 1).map(\.id) == ["d2"])
        #expect(try fixture.store.documents(author: "nobody").isEmpty)
    }

    @Test("documents published with a step's output name the artifact they came from")
    func publishedWithOutput() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let run = try fixture.makeRun()
        let row = try fixture.store.insert(
            stepRun: StepRunRecord(
                runId: run.id, pipeline: "demo", step: "import", stepType: "import", attempt: 1, status: .succeeded))
        let output = PublishedOutput(
            name: "documents", hash: try fixture.ingest("{}\n"), type: "documents", metadata: [:],
            documents: [Self.document("d1")])
        let artifacts = try fixture.store.complete(stepRun: row, outputs: [output])
        #expect(try fixture.store.documents().map(\.sourceArtifactID) == [artifacts["documents"]?.id])
    }
}
