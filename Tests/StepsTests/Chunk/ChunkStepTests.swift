import ArtifactStore
import Foundation
import Orchestrator
import Testing

@testable import Steps

@Suite("chunk step")
struct ChunkStepTests {
    static let handbook = ChunkFixtures.packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/data/handbook/warehouse")

    static func lines(_ text: String?) throws -> [[String: JSONValue]] {
        try (text ?? "").split(separator: "\n").map { try #require(JSONText.parse(String($0)).objectValue) }
    }

    /// A project whose models/ is the package's, so the default model path resolves.
    static func fixture() throws -> PipelineFixture {
        let fixture = try PipelineFixture()
        try FileManager.default.createDirectory(
            at: fixture.project.appendingPathComponent("models"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: fixture.project.appendingPathComponent("models/all-MiniLM-L6-v2"), withDestinationURL: ChunkFixtures.model)
        return fixture
    }

    static func pipeline(source: String, with: String = "{}") -> String {
        """
        name: chunking
        steps:
          import: { uses: import, with: { path: "\(source)", publish: false } }
          clean: { uses: clean, inputs: { documents: import.documents } }
          chunk: { uses: chunk, inputs: { documents: clean.documents }, with: \(with) }
        """
    }

    @Test("import, clean and chunk the handbook export: every chunk fits, keeps its document's fields, and the metadata adds up")
    func handbookPipeline() async throws {
        let fixture = try Self.fixture()
        defer { fixture.remove() }
        let run = try await fixture.run(Self.pipeline(source: Self.handbook.path))
        let step = try fixture.step("chunk", of: run)
        #expect(step?.status == .succeeded, "\(step?.error ?? "")")
        let documents = try Self.lines(fixture.text("clean", "documents", in: run))
        let chunks = try Self.lines(fixture.text("chunk", "chunks", in: run))
        let byID = Dictionary(uniqueKeysWithValues: documents.map { ($0["id"]!.stringValue!, $0) })
        let tokenizer = try ChunkFixtures.tokenizer()
        #expect(chunks.count > documents.count)
        for chunk in chunks {
            #expect(
                Set(chunk.keys) == [
                    "id", "document_id", "index", "author", "author_id", "kind", "platform", "link", "title", "text", "tokens",
                ])
            let text = try #require(chunk["text"]?.stringValue)
            #expect(chunk["id"]?.stringValue == Hashing.sha256(text))
            #expect(chunk["tokens"]?.intValue == tokenizer.count(text[...]))
            #expect((chunk["tokens"]?.intValue ?? .max) <= 254)
            let document = try #require(byID[chunk["document_id"]?.stringValue ?? ""])
            for field in ["author", "author_id", "kind", "platform", "link", "title"] {
                #expect(chunk[field] == document[field], "\(field)")
            }
        }
        // Indexes count from 0 within each document, in order, and every document has chunks.
        for (id, group) in Dictionary(grouping: chunks, by: { $0["document_id"]!.stringValue! }) {
            #expect(group.map { $0["index"]!.intValue! } == Array(0..<group.count), "\(id)")
        }
        #expect(Set(chunks.map { $0["document_id"]!.stringValue! }) == Set(byID.keys))
        let metadata = try #require(try fixture.artifact("chunk", "chunks", in: run)).metadataValue
        #expect(metadata["count"] == .int(chunks.count))
        #expect(metadata["documents"] == 76)
        #expect(metadata["tokens"] == .int(chunks.reduce(0) { $0 + $1["tokens"]!.intValue! }))
        #expect(metadata["max_tokens"] == .int(chunks.map { $0["tokens"]!.intValue! }.max()!))
        #expect(metadata["model"] == "models/all-MiniLM-L6-v2")
        #expect(metadata["per_kind"] == ["article": .int(chunks.count)])
        #expect(metadata["sizes"] == ["article": ["max_tokens": 254, "overlap_tokens": 32]])
    }

    @Test("the same documents make the same bytes; a second run is cached; the model's tokenizer is in the key")
    func deterministic() async throws {
        let fixture = try Self.fixture()
        defer { fixture.remove() }
        let yaml = Self.pipeline(source: Self.handbook.path, with: "{ max_tokens: 100 }")
        let first = try await fixture.run(yaml, options: RunOptions(useCache: false, maxParallel: 2))
        let second = try await fixture.run(yaml, options: RunOptions(useCache: false, maxParallel: 2))
        let one = try #require(try fixture.artifact("chunk", "chunks", in: first))
        let two = try #require(try fixture.artifact("chunk", "chunks", in: second))
        #expect(one.sha256 == two.sha256)
        #expect(try fixture.text("chunk", "chunks", in: first) == fixture.text("chunk", "chunks", in: second))
        let cached = try await fixture.run(yaml)
        #expect(try fixture.step("chunk", of: cached)?.status == .cached)

        // Another tokenizer file, another fingerprint.
        let folder = fixture.folder.url.appendingPathComponent("other-model")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "{}".write(to: folder.appendingPathComponent("tokenizer.json"), atomically: true, encoding: .utf8)
        let before = try ChunkModel.fingerprint(folder.path, in: fixture.project)
        try "{ }".write(to: folder.appendingPathComponent("tokenizer.json"), atomically: true, encoding: .utf8)
        #expect(try ChunkModel.fingerprint(folder.path, in: fixture.project) != before)
        #expect(try ChunkModel.fingerprint("models/all-MiniLM-L6-v2", in: fixture.project) != before)
    }

    @Test("repositories are chunked file by file in whole lines, each chunk starting with its file's header")
    func codeByFile() async throws {
        let fixture = try Self.fixture()
        defer { fixture.remove() }
        let files = [
            ("src/alpha.py", (0..<60).map { "    value_\($0) = compute(\($0), factor=2)" }.joined(separator: "\n")),
            ("docs/README.md", (0..<30).map { "Line \($0) of the readme. It has two sentences." }.joined(separator: "\n")),
            ("empty.txt", ""),
        ]
        let content = files.map { CodeFiles.header($0.0) + "\n" + $0.1 }.joined(separator: "\n")
        let record: JSONValue = [
            "id": "r1", "kind": "repository", "author": "Ada", "content": .string(content), "link": "https://git/r1",
        ]
        try (JSONText.compact(record) + "\n").write(
            to: fixture.project.appendingPathComponent("repo.jsonl"), atomically: true, encoding: .utf8)
        let run = try await fixture.run(
            """
            name: chunking
            steps:
              import: { uses: import, with: { path: repo.jsonl, publish: false } }
              chunk: { uses: chunk, inputs: { documents: import.documents }, with: { max_tokens: 60, overlap_tokens: 30 } }
            """)
        let chunks = try Self.lines(fixture.text("chunk", "chunks", in: run))
        let tokenizer = try ChunkFixtures.tokenizer()
        var seen: [String: [String]] = [:]
        for chunk in chunks {
            let text = try #require(chunk["text"]?.stringValue)
            #expect(tokenizer.count(text[...]) <= 60)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let file = try #require(files.first { CodeFiles.header($0.0) == lines[0] }, "\(text)")
            #expect(lines.dropFirst().allSatisfy { !$0.hasPrefix("==> ") })
            let fileLines = file.1.split(separator: "\n").map(String.init)
            #expect(lines.dropFirst().allSatisfy(fileLines.contains), "whole lines of \(file.0)")
            seen[file.0, default: []] += lines.dropFirst()
            #expect(chunk["kind"] == "repository")
            #expect(chunk["link"] == "https://git/r1")
        }
        #expect(Set(seen["src/alpha.py"] ?? []) == Set(files[0].1.split(separator: "\n").map(String.init)))
        #expect(Set(seen["docs/README.md"] ?? []) == Set(files[1].1.split(separator: "\n").map(String.init)))
        #expect(seen["empty.txt"] == nil)
        #expect((seen["src/alpha.py"]?.count ?? 0) > 60, "consecutive chunks share lines")
    }

    @Test(
        "bad parameters fail with what is allowed",
        arguments: [
            (
                "{ max_tokens: 300 }",
                "parameter 'max_tokens' is 300, but models/all-MiniLM-L6-v2 embeds at most 254 tokens of text at once (max_seq_length 256 less [CLS] and [SEP]); use 254 or less"
            ),
            (
                "{ max_tokens: 64, overlap_tokens: 64 }",
                "parameter 'overlap_tokens' is 64, but it must be less than max_tokens (64)"
            ),
            (
                "{ overlap_tokens: 200 }",
                "parameter 'overlap_tokens' is 200, but it must be less than max_tokens (128 for kind 'post'; set max_tokens too)"
            ),
            ("{ max_tokens: 4 }", "parameter 'max_tokens' is 4; it must be at least 8"),
            ("{ overlap_tokens: -1 }", "parameter 'overlap_tokens' is -1; it must be 0 or more"),
            ("{ model: nowhere }", "no model folder at nowhere (parameter 'model', read from"),
            (
                "{ model: nowhere }",
                "run ./scripts/setup to fetch all-MiniLM-L6-v2, or set 'model' to a sentence-transformers folder"
            ),
            ("{ model: broken }", "model folder broken (parameter 'model') cannot be used:"),
        ])
    func badParameters(with: String, message: String) async throws {
        let fixture = try Self.fixture()
        defer { fixture.remove() }
        try FileManager.default.createDirectory(
            at: fixture.project.appendingPathComponent("broken"), withIntermediateDirectories: true)
        try "not json".write(to: fixture.project.appendingPathComponent("broken/modules.json"), atomically: true, encoding: .utf8)
        try #"{"content": "Some text.", "author": "Ada"}"#.write(
            to: fixture.project.appendingPathComponent("docs.jsonl"), atomically: true, encoding: .utf8)
        let run = try await fixture.run(Self.pipeline(source: "docs.jsonl", with: with))
        let step = try #require(try fixture.step("chunk", of: run))
        #expect(step.status == .failed)
        #expect(step.error?.contains(message) == true, "\(step.error ?? "no error")")
    }

    @Test("the step is in the catalog with its parameters and their defaults")
    func descriptor() throws {
        let descriptor = try #require(BuiltInSteps.catalog.step("chunk")).descriptor
        #expect(descriptor.parameters.map(\.name) == ["model", "max_tokens", "overlap_tokens"])
        #expect(descriptor.parameter("model")?.defaultValue == "models/all-MiniLM-L6-v2")
        #expect(descriptor.parameter("max_tokens")?.defaultValue == .null)
        #expect(descriptor.inputs.map(\.type) == ["documents"])
        #expect(descriptor.outputs.map(\.type) == ["chunks"])
    }
}
