import ArtifactStore
import Foundation
import Orchestrator
import Steps
import Testing

@Suite("import step")
struct ImportStepTests {
    /// The book's warehouse export, beside the package: ../shared/data/handbook/warehouse.
    static let handbook = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/data/handbook/warehouse")

    static func pipeline(path: String, format: String = "auto") -> String {
        """
        name: imports
        steps:
          import: { uses: import, with: { path: "\(path)", format: \(format) } }
        """
    }

    static func lines(_ text: String?) throws -> [[String: JSONValue]] {
        try (text ?? "").split(separator: "\n").map { try #require(JSONText.parse(String($0)).objectValue) }
    }

    @Test("the handbook warehouse export yields 76 articles by Maxime Labonne and Paul Iusztin, with stable fields")
    func handbook() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(Self.pipeline(path: Self.handbook.path))
        #expect(try fixture.step("import", of: run)?.status == .succeeded)
        let documents = try Self.lines(fixture.text("import", "documents", in: run))
        #expect(documents.count == 76)
        #expect(Set(documents.compactMap { $0["author"]?.stringValue }) == ["Maxime Labonne", "Paul Iusztin"])
        #expect(documents.allSatisfy { $0["kind"] == "article" })
        for document in documents {
            #expect(
                Set(document.keys) == [
                    "id", "kind", "platform", "link", "title", "author", "author_id", "content", "content_sha256",
                ])
            let content = try #require(document["content"]?.stringValue)
            #expect(document["content_sha256"]?.stringValue == Hashing.sha256(content))
            #expect(!content.isEmpty)
        }
        let first = try #require(documents.first)
        #expect(first["id"] == "a964f3ac-e92f-4fcb-847a-a46da3d697d9")
        #expect(first["platform"] == "mlabonne.github.io")
        #expect(first["title"] == "Maxime Labonne - Fine-tune Llama 3.1 Ultra-Efficiently with Unsloth")
        #expect(
            first["content"]?.stringValue?.hasPrefix("Maxime Labonne - Fine-tune Llama 3.1 Ultra-Efficiently with Unsloth\n\n")
                == true)

        let artifact = try #require(try fixture.artifact("import", "documents", in: run))
        let metadata = artifact.metadataValue
        #expect(metadata["count"] == 76)
        #expect(metadata["per_kind"] == ["article": 76])
        #expect(metadata["authors"] == 2)
    }

    @Test("imported documents are upserted into the warehouse, naming the artifact they came from")
    func publishes() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(Self.pipeline(path: Self.handbook.path))
        let artifact = try #require(try fixture.artifact("import", "documents", in: run))
        let stored = try fixture.store.documents()
        #expect(stored.count == 76)
        #expect(stored.allSatisfy { $0.sourceArtifactID == artifact.id })
        #expect(try fixture.store.documents(author: "paul iusztin").allSatisfy { $0.author == "Paul Iusztin" })
    }

    @Test("a JSONL file of documents is read relative to the project folder; missing ids are derived stably")
    func jsonl() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        try """
        {"content": "First text.", "author": "Ada", "kind": "post", "platform": "blog", "link": "https://a/1", "title": "One"}

        {"content": "Second text.", "author": "Ada", "id": "two"}
        """.write(to: fixture.project.appendingPathComponent("docs.jsonl"), atomically: false, encoding: .utf8)
        let run = try await fixture.run(Self.pipeline(path: "docs.jsonl"))
        let documents = try Self.lines(fixture.text("import", "documents", in: run))
        #expect(documents.count == 2)
        #expect(documents[0]["id"]?.stringValue == Hashing.digest(tag: "document-id/v1", ["Ada", "https://a/1"]))
        #expect(documents[0]["kind"] == "post")
        #expect(documents[1]["id"] == "two")
        #expect(documents[1]["kind"] == "article")
        #expect(documents[1]["platform"] == .null)
        #expect(documents[0]["author_id"] == documents[1]["author_id"])
    }

    @Test(
        "malformed input fails naming the file, the record and the field",
        arguments: [
            ("docs.json", #"{"not": "a list"}"#, "docs.json: expected a JSON list of documents, got map"),
            (
                "docs.json", #"[{"content": "x", "author": "A"}, {"content": 3, "author": "A"}]"#,
                "docs.json: record 1, field 'content': must be text or an object of texts, got int"
            ),
            ("docs.json", #"[{"content": "x"}]"#, "docs.json: record 0, field 'author': is missing or empty"),
            ("docs.json", #"[{"content": "x", "author": "A", "#, "docs.json: not valid JSON"),
            ("docs.jsonl", "{\"content\": \"x\", \"author\": \"A\"}\nnope\n", "docs.jsonl:2: not a JSON object"),
            ("docs.txt", "", "cannot tell the format from the extension; set parameter 'format' to json or jsonl"),
        ])
    func malformed(file: String, text: String, message: String) async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        try text.write(to: fixture.project.appendingPathComponent(file), atomically: false, encoding: .utf8)
        let run = try await fixture.run(Self.pipeline(path: file))
        let step = try #require(try fixture.step("import", of: run))
        #expect(step.status == .failed)
        #expect(step.error?.contains(message) == true, "\(step.error ?? "no error")")
        #expect(try fixture.store.documents().isEmpty)
    }

    @Test("a warehouse article whose author is unknown names the file, the record and author_id")
    func unknownAuthor() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let folder = fixture.project.appendingPathComponent("warehouse")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try #"[{"_id": "u1", "first_name": "Ada", "last_name": "L"}]"#
            .write(to: folder.appendingPathComponent("UserDocument.json"), atomically: false, encoding: .utf8)
        try
            #"[{"_id": "d1", "author_id": "u1", "content": {"Title": "T", "Content": "Body"}}, {"_id": "d2", "author_id": "u9", "content": "x"}]"#
            .write(to: folder.appendingPathComponent("ArticleDocument.json"), atomically: false, encoding: .utf8)
        let run = try await fixture.run(Self.pipeline(path: "warehouse"))
        let step = try #require(try fixture.step("import", of: run))
        #expect(
            step.error?.contains("ArticleDocument.json: record 1, field 'author_id': 'u9' is not in UserDocument.json") == true,
            "\(step.error ?? "no error")")
    }

    @Test("a path that does not exist says so and where relative paths are read from")
    func missingPath() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(Self.pipeline(path: "nowhere"))
        let error = try #require(try fixture.step("import", of: run)?.error)
        #expect(error.contains("nowhere: no such file or folder"))
        #expect(error.contains("relative paths are read from the project folder"))
    }
}

@Suite("import step, repositories")
struct ImportRepositoryTests {
    @Test("a repository's files become one text, each file after a '==> path <==' line, by path")
    func repositoryFiles() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let folder = fixture.project.appendingPathComponent("warehouse")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try #"[{"_id": "u1", "first_name": "Ada", "last_name": "L"}]"#
            .write(to: folder.appendingPathComponent("UserDocument.json"), atomically: true, encoding: .utf8)
        try ##"""
        [{"_id": "r1", "author_id": "u1", "name": "tool", "link": "https://git/tool",
          "content": {"src/main.py": "def main():\n    pass\n", "README.md": "# Tool"}}]
        """##
        .write(to: folder.appendingPathComponent("RepositoryDocument.json"), atomically: true, encoding: .utf8)
        let run = try await fixture.run(ImportStepTests.pipeline(path: "warehouse"))
        let documents = try ImportStepTests.lines(fixture.text("import", "documents", in: run))
        #expect(documents.count == 1)
        #expect(documents.first?["kind"] == "repository")
        #expect(documents.first?["title"] == "tool")
        #expect(documents.first?["content"] == "==> README.md <==\n# Tool\n==> src/main.py <==\ndef main():\n    pass\n")
    }
}
