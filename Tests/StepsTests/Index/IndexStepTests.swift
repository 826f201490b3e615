import ArtifactStore
import Compute
import Foundation
import Orchestrator
import Steps
import Testing

@Suite("index step")
struct IndexStepTests {
    static let chunks = """
        {"id": "lora", "document_id": "d1", "author": "Ada", "platform": "medium", "kind": "article", "link": "https://a/1", "text": "LoRA fine-tunes a large language model by training small low-rank adapter matrices."}
        {"id": "rag", "document_id": "d1", "author": "Ada", "platform": "medium", "kind": "article", "link": "https://a/1", "text": "Retrieval-augmented generation looks up relevant passages in a vector database."}
        {"id": "bread", "document_id": "d2", "author": "Bo", "platform": "substack", "kind": "post", "link": "https://b/2", "text": "Knead the dough for ten minutes and let the bread rise overnight."}
        {"id": "cycling", "document_id": "d3", "author": "Bo", "platform": "linkedin", "kind": "post", "link": "https://b/3", "text": "A long bike ride through the hills on a sunny morning."}
        """

    func pipeline(kind: String) -> String {
        """
        name: indexing
        steps:
          chunks:
            uses: command
            run: cp chunks.jsonl "$OUTPUT_chunks"
            outputs: { chunks: chunks }
          embed:
            uses: embed
            inputs: { chunks: chunks.chunks }
            with: { model: "\(EmbedStepTests.model.path)" }
          index:
            uses: index
            inputs: { embeddings: embed.embeddings }
            with: { kind: \(kind) }
        """
    }

    @Test(
        "builds an index whose search finds the chunk on the query's topic, for every kind", arguments: ["exact", "hnsw", "auto"])
    func buildsSearchableIndex(kind: String) async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        try Self.chunks.write(to: fixture.project.appendingPathComponent("chunks.jsonl"), atomically: false, encoding: .utf8)
        let run = try await fixture.run(pipeline(kind: kind))
        let step = try fixture.step("index", of: run)
        #expect(step?.status == .succeeded, "\(step?.error ?? "")")
        let artifact = try #require(try fixture.artifact("index", "index", in: run))
        #expect(artifact.type == "vector-index")
        #expect(artifact.metadataValue["kind"] == .string(kind == "hnsw" ? "hnsw" : "exact"))
        #expect(artifact.metadataValue["count"] == 4)
        let folder = fixture.store.blobs.location(ofSHA256: artifact.sha256)
        let index = try VectorIndex(contentsOf: folder.appendingPathComponent(VectorIndexRecord.indexFile))
        #expect(index.count == 4)
        let records = try String(contentsOf: folder.appendingPathComponent(VectorIndexRecord.recordsFile), encoding: .utf8)
        #expect(records.split(separator: "\n").count == 4)
        let encoder = try BertEncoder(try SentenceTransformerFolder(EmbedStepTests.model))
        let query = encoder.embed(["how do I fine-tune an LLM cheaply with adapters?"])[0]
        #expect(try index.search(query, k: 1).first?.id == "lora")
        let bos = try index.search(query, k: 4, filter: VectorFilter(authors: ["Bo"]))
        #expect(bos.count == 2)
        #expect(bos.allSatisfy { $0.metadata.author == "Bo" && $0.metadata.documentID != "d1" })
        #expect(bos.first?.metadata.platform != nil)
    }

    @Test("an unknown kind or a zero HNSW parameter fails with the parameter's name")
    func badParameters() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        try Self.chunks.write(to: fixture.project.appendingPathComponent("chunks.jsonl"), atomically: false, encoding: .utf8)
        let run = try await fixture.run(pipeline(kind: "annoy"))
        let error = try #require(try fixture.step("index", of: run)?.error)
        #expect(error.contains("parameter 'kind' must be exact, hnsw or auto, got 'annoy'"), "\(error)")
        let zero = try await fixture.run(
            pipeline(kind: "hnsw").replacingOccurrences(of: "{ kind: hnsw }", with: "{ kind: hnsw, m: 0 }"))
        let zeroError = try #require(try fixture.step("index", of: zero)?.error)
        #expect(zeroError.contains("parameter 'm' must be at least 1"), "\(zeroError)")
    }
}
