import ArtifactStore
import Foundation
import Orchestrator
import Steps
import Testing

@Suite("clean step")
struct CleanStepTests {
    @Test("clean keeps ids and authorship, cleans content and title, updates content_sha256 and counts characters")
    func cleansDocuments() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        try """
        {"id": "d1", "author": "Ada", "author_id": "a1", "kind": "post", "title": "Hi 👋", "content": "Hello   🔧 [world](https://w.org)"}
        {"id": "d2", "author": "Bo", "content": "Plain."}
        """.write(to: fixture.project.appendingPathComponent("docs.jsonl"), atomically: false, encoding: .utf8)
        let run = try await fixture.run(
            """
            name: cleaning
            steps:
              import: { uses: import, with: { path: docs.jsonl, publish: false } }
              clean: { uses: clean, inputs: { documents: import.documents } }
            """)
        #expect(try fixture.step("clean", of: run)?.status == .succeeded)
        let lines = try (fixture.text("clean", "documents", in: run) ?? "").split(separator: "\n")
            .map { try #require(JSONText.parse(String($0)).objectValue) }
        #expect(lines.map { $0["id"] } == ["d1", "d2"])
        #expect(lines[0]["content"] == "Hello world")
        #expect(lines[0]["title"] == "Hi")
        #expect(lines[0]["author"] == "Ada")
        #expect(lines[0]["author_id"] == "a1")
        #expect(lines[0]["kind"] == "post")
        #expect(lines[0]["content_sha256"]?.stringValue == Hashing.sha256("Hello world"))
        let metadata = try #require(try fixture.artifact("clean", "documents", in: run)).metadataValue
        #expect(metadata["count"] == 2)
        #expect(metadata["characters"] == .int("Hello world".count + "Plain.".count))
        #expect(try fixture.store.documents().isEmpty)
    }

    @Test("a line that is not a document fails naming the input and the line")
    func badLine() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            """
            name: cleaning
            steps:
              make:
                uses: command
                run: |
                  printf '{"content": "x"}\\nbroken\\n' > "$OUTPUT_documents"
                outputs: { documents: documents }
              clean: { uses: clean, inputs: { documents: make.documents } }
            """)
        let error = try #require(try fixture.step("clean", of: run)?.error)
        #expect(error.contains("input 'documents' (make.documents v1):2: not a JSON object"), "\(error)")
    }
}
