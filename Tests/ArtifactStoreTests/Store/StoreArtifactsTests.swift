import ArtifactStore
import Foundation
import Testing

/// `Store.resolveArtifact`: every way users point at an artifact.
@Suite("Store artifact references")
struct StoreArtifactsTests {
    /// etl/chunk.chunks@1 and @2, etl/clean.documents@1 and other/clean.documents@1.
    struct Catalog {
        let fixture: StoreFixture
        let chunks1: ArtifactRecord
        let chunks2: ArtifactRecord
        let etlDocuments: ArtifactRecord
        let otherDocuments: ArtifactRecord

        init() throws {
            fixture = try StoreFixture()
            chunks1 = try fixture.produce(step: "chunk", in: try fixture.makeRun(pipeline: "etl"), outputs: ["chunks": "c1"])
                .artifacts["chunks"]!
            chunks2 = try fixture.produce(step: "chunk", in: try fixture.makeRun(pipeline: "etl"), outputs: ["chunks": "c2"])
                .artifacts["chunks"]!
            etlDocuments = try fixture.produce(
                step: "clean", in: try fixture.makeRun(pipeline: "etl"), outputs: ["documents": "d1"]
            ).artifacts["documents"]!
            otherDocuments = try fixture.produce(
                step: "clean", in: try fixture.makeRun(pipeline: "other"), outputs: ["documents": "d2"]
            ).artifacts["documents"]!
        }

        func resolve(_ text: String) throws -> ArtifactRecord {
            try fixture.store.resolveArtifact(text)
        }
    }

    @Test("a full name resolves to its latest version")
    func fullName() throws {
        let catalog = try Catalog()
        defer { catalog.fixture.remove() }
        #expect(try catalog.resolve("chunk.chunks") == catalog.chunks2)
    }

    @Test("an output name alone resolves when only one artifact has it")
    func outputPart() throws {
        let catalog = try Catalog()
        defer { catalog.fixture.remove() }
        #expect(try catalog.resolve("chunks") == catalog.chunks2)
    }

    @Test("name@N picks a version")
    func version() throws {
        let catalog = try Catalog()
        defer { catalog.fixture.remove() }
        #expect(try catalog.resolve("chunk.chunks@1") == catalog.chunks1)
        #expect(try catalog.resolve("chunks@2") == catalog.chunks2)
        #expect(try catalog.resolve("chunks@latest") == catalog.chunks2)
    }

    @Test("pipeline/name narrows the search to one pipeline")
    func pipelineScoped() throws {
        let catalog = try Catalog()
        defer { catalog.fixture.remove() }
        #expect(try catalog.resolve("etl/chunks@latest") == catalog.chunks2)
        #expect(try catalog.resolve("other/documents") == catalog.otherDocuments)
        #expect(try catalog.resolve("etl/clean.documents@1") == catalog.etlDocuments)
    }

    @Test("a name shared by two pipelines is ambiguous and lists both")
    func ambiguousName() throws {
        let catalog = try Catalog()
        defer { catalog.fixture.remove() }
        let error = #expect(throws: StoreError.self) { try catalog.resolve("documents") }
        #expect(
            error?.description
                == "'documents' matches 2 artifacts (etl/clean.documents, other/clean.documents): give more characters")
    }

    @Test("sha256:PREFIX finds the artifact with that content, in any case")
    func digestPrefix() throws {
        let catalog = try Catalog()
        defer { catalog.fixture.remove() }
        let digest = catalog.chunks1.sha256
        #expect(try catalog.resolve("sha256:" + digest.prefix(10)) == catalog.chunks1)
        #expect(try catalog.resolve("sha256:" + digest.prefix(10).uppercased()) == catalog.chunks1)
        #expect(try catalog.resolve("sha256:" + digest) == catalog.chunks1)
    }

    @Test("a digest prefix that matches nothing is not found")
    func digestNotFound() throws {
        let catalog = try Catalog()
        defer { catalog.fixture.remove() }
        let unused = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f"].map {
            String(repeating: $0, count: 12)
        }
        .first { prefix in
            [catalog.chunks1, catalog.chunks2, catalog.etlDocuments, catalog.otherDocuments].allSatisfy {
                !$0.sha256.hasPrefix(prefix)
            }
        }!
        let error = #expect(throws: StoreError.self) { try catalog.resolve("sha256:" + unused) }
        #expect(
            error?.description
                == "no artifact matches 'sha256:\(unused)' (no stored content has a digest starting with \(unused))")
    }

    @Test("a unique prefix of an artifact id resolves to that artifact")
    func idPrefix() throws {
        let catalog = try Catalog()
        defer { catalog.fixture.remove() }
        #expect(try catalog.resolve(String(catalog.chunks1.id.prefix(10))) == catalog.chunks1)
        #expect(try catalog.resolve(catalog.otherDocuments.id) == catalog.otherDocuments)
    }

    @Test("an unknown name is not found, with a hint")
    func unknownName() throws {
        let catalog = try Catalog()
        defer { catalog.fixture.remove() }
        let error = #expect(throws: StoreError.self) { try catalog.resolve("embeddings") }
        #expect(error?.description == "no artifact matches 'embeddings' (`orchestrate artifacts list` shows what is stored)")
        #expect(throws: StoreError.self) { try catalog.resolve("nope/chunks") }
    }

    @Test("a version that does not exist is not found and says so")
    func unknownVersion() throws {
        let catalog = try Catalog()
        defer { catalog.fixture.remove() }
        let error = #expect(throws: StoreError.self) { try catalog.resolve("chunks@9") }
        #expect(error?.description == "no artifact matches 'chunks@9' (etl/chunk.chunks has no such version)")
    }

    @Test("a malformed reference is rejected before the store is searched")
    func invalidReference() throws {
        let catalog = try Catalog()
        defer { catalog.fixture.remove() }
        let error = #expect(throws: StoreError.self) { try catalog.resolve("chunks@0") }
        #expect(error?.description == "'chunks@0' is not a valid reference: a version is a positive number or 'latest'")
    }

    @Test("listing returns the newest first and filters by pipeline and name")
    func listing() throws {
        let catalog = try Catalog()
        defer { catalog.fixture.remove() }
        let store = catalog.fixture.store
        #expect(try store.listArtifacts().count == 4)
        #expect(try store.listArtifacts(pipeline: "etl").count == 3)
        #expect(try store.listArtifacts(name: "chunks").map(\.version) == [2, 1])
        #expect(try store.listArtifacts(name: "chunk.chunks", limit: 1) == [catalog.chunks2])
        #expect(try store.listArtifacts(pipeline: "other", name: "documents") == [catalog.otherDocuments])
        #expect(
            try store.allArtifacts().map(\.qualifiedName)
                == ["etl/chunk.chunks@1", "etl/chunk.chunks@2", "etl/clean.documents@1", "other/clean.documents@1"])
    }
}
