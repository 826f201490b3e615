import ArtifactStore
import Compute
import Foundation
import Orchestrator
import Steps
import Testing

@Suite("embed step")
struct EmbedStepTests {
    /// all-MiniLM-L6-v2 as `./scripts/setup` fetches it; the tests fail, not skip, without it.
    static let model = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("models/all-MiniLM-L6-v2")

    static let chunks = """
        {"id": "c1", "document_id": "d1", "author": "Ada", "platform": "medium", "kind": "article", "link": "https://a/1", "text": "Fine-tuning with LoRA trains small adapter matrices."}
        {"id": "c2", "document_id": "d1", "author": "Ada", "platform": "medium", "kind": "article", "link": "https://a/1", "text": "A vector database stores embeddings for retrieval."}
        {"id": "c3", "document_id": "d2", "author": "Bo", "platform": "github", "kind": "repository", "link": "https://b/2", "text": "func main() { print(\\"hi\\") }"}
        """

    func pipeline(model: String) -> String {
        """
        name: embedding
        steps:
          chunks:
            uses: command
            run: cp chunks.jsonl "$OUTPUT_chunks"
            outputs: { chunks: chunks }
          embed:
            uses: embed
            inputs: { chunks: chunks.chunks }
            with: { model: "\(model)", batch_size: 2 }
        """
    }

    @Test("writes one float32 row per record, the records in the same order, and a manifest; vectors are the encoder's")
    func embedsChunks() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        try Self.chunks.write(to: fixture.project.appendingPathComponent("chunks.jsonl"), atomically: false, encoding: .utf8)
        let run = try await fixture.run(pipeline(model: Self.model.path))
        let step = try fixture.step("embed", of: run)
        #expect(step?.status == .succeeded, "\(step?.error ?? "")")
        let artifact = try #require(try fixture.artifact("embed", "embeddings", in: run))
        #expect(artifact.type == "embeddings")
        #expect(artifact.metadataValue["count"] == 3)
        #expect(artifact.metadataValue["dimension"] == 384)
        let folder = fixture.store.blobs.location(ofSHA256: artifact.sha256)
        let vectors = try Data(contentsOf: folder.appendingPathComponent("vectors.f32"))
        #expect(vectors.count == 3 * 384 * 4)
        let records = try String(contentsOf: folder.appendingPathComponent("records.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try JSONText.parse(String($0)).objectValue?["id"] }
        #expect(records == ["c1", "c2", "c3"])
        let encoder = try BertEncoder(try SentenceTransformerFolder(Self.model))
        let expected = encoder.embed([
            "Fine-tuning with LoRA trains small adapter matrices.", "A vector database stores embeddings for retrieval.",
            "func main() { print(\"hi\") }",
        ])
        let stored = vectors.withUnsafeBytes { raw in
            (0..<3).map { row in (0..<384).map { raw.loadUnaligned(fromByteOffset: (row * 384 + $0) * 4, as: Float.self) } }
        }
        for (a, b) in zip(stored, expected) {
            #expect(zip(a, b).allSatisfy { abs($0 - $1) < 1e-5 })
        }
        let again = try await fixture.run(pipeline(model: Self.model.path))
        #expect(try fixture.step("embed", of: again)?.status == .cached)
    }

    @Test("a missing model folder fails the step naming the folder; a record without text names the record")
    func errors() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        try Self.chunks.write(to: fixture.project.appendingPathComponent("chunks.jsonl"), atomically: false, encoding: .utf8)
        let missing = try await fixture.run(pipeline(model: "nowhere/model"))
        let error = try #require(try fixture.step("embed", of: missing)?.error)
        #expect(error.contains("no model folder at"), "\(error)")
        #expect(error.contains("nowhere/model"), "\(error)")
        try #"{"id": "x", "body": "no text field"}"#.write(
            to: fixture.project.appendingPathComponent("chunks.jsonl"), atomically: false, encoding: .utf8)
        let broken = try await fixture.run(pipeline(model: Self.model.path))
        let brokenError = try #require(try fixture.step("embed", of: broken)?.error)
        #expect(brokenError.contains("record 1 has no text field 'text'"), "\(brokenError)")
    }
}
