import Foundation
import Testing

/// `orchestrate search`: embeds the query with the index's model and prints the closest chunks.
@Suite("search")
struct SearchTests {
    static let pipeline = """
        name: knowledge
        steps:
          chunks:
            uses: command
            run: cp chunks.jsonl "$OUTPUT_chunks"
            outputs: { chunks: chunks }
          embed: { uses: embed, inputs: { chunks: chunks.chunks }, with: { model: MODEL } }
          index: { uses: index, inputs: { embeddings: embed.embeddings } }
        """

    static let chunks = """
        {"id": "c1", "document_id": "d1", "author": "Ada", "platform": "medium", "kind": "article", "link": "https://a/lora", "text": "LoRA fine-tunes a large language model by training small low-rank adapter matrices."}
        {"id": "c2", "document_id": "d2", "author": "Ada", "platform": "medium", "kind": "article", "link": "https://a/rag", "text": "Retrieval-augmented generation looks up relevant passages in a vector database."}
        {"id": "c3", "document_id": "d3", "author": "Bo", "platform": "substack", "kind": "post", "link": "https://b/qlora", "text": "QLoRA quantizes the base model to 4 bits before training adapters, to fine-tune on one GPU."}
        {"id": "c4", "document_id": "d4", "author": "Bo", "platform": "linkedin", "kind": "post", "link": "https://b/bread", "text": "Knead the dough for ten minutes and let the bread rise overnight."}
        """

    func project() throws -> TestProject {
        let project = try TestProject()
        try project.write("chunks.jsonl", Self.chunks)
        try project.write(
            "pipelines/knowledge.yaml", Self.pipeline.replacingOccurrences(of: "MODEL", with: try modelPath()))
        let run = try CLI.run(["run", "pipelines/knowledge.yaml"], in: project.root)
        #expect(run.status == 0, "\(run.stderr)")
        return project
    }

    func modelPath() throws -> String { try TokenizeTests.model().path }

    @Test("the top chunks come with score, author, source, link and snippet; --author and --platform filter while searching")
    func searches() throws {
        let project = try project()
        let result = try CLI.run(["search", "fine-tuning with LoRA adapters", "-k", "2"], in: project.root)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("1. ") == true)
        #expect(lines.first?.contains("Ada  (medium article)") == true, "\(result.stdout)")
        #expect(lines.contains { $0.contains("https://a/lora") })
        #expect(lines.contains { $0.contains("LoRA fine-tunes a large language model") })
        #expect(!result.stdout.contains("bread"))

        let filtered = try CLI.run(
            ["search", "fine-tuning with LoRA adapters", "-k", "5", "--author", "Bo", "--json"], in: project.root)
        #expect(filtered.status == 0, "\(filtered.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(filtered.stdout.utf8)) as? [String: Any]
        let results = try #require(object?["results"] as? [[String: Any]])
        #expect(results.count == 2)
        #expect(results.allSatisfy { $0["author"] as? String == "Bo" })
        #expect(results.first?["link"] as? String == "https://b/qlora")
        #expect((results.first?["score"] as? Double ?? 0) > (results.last?["score"] as? Double ?? 1))

        let platform = try CLI.run(["search", "bread", "--platform", "linkedin", "--json"], in: project.root)
        let platformResults =
            (try JSONSerialization.jsonObject(with: Data(platform.stdout.utf8)) as? [String: Any])?["results"]
            as? [[String: Any]]
        #expect(platformResults?.map { $0["id"] as? String } == ["c4"])
    }

    @Test("without a store, without an index, or with --index naming another kind of artifact, it says what to do")
    func errors() throws {
        let empty = try TestProject()
        let noStore = try CLI.run(["search", "anything"], in: empty.root)
        #expect(noStore.status == 2)
        #expect(noStore.stderr.contains("no store at runs/"))

        try empty.write(
            "pipelines/p.yaml", "name: p\nsteps:\n  a: { uses: command, run: echo hi > \"$OUTPUT_o\", outputs: [o] }\n")
        #expect(try CLI.run(["run", "pipelines/p.yaml"], in: empty.root).status == 0)
        let noIndex = try CLI.run(["search", "anything"], in: empty.root)
        #expect(noIndex.status == 2)
        #expect(noIndex.stderr.contains("no vector index in the store"))
        let wrongType = try CLI.run(["search", "anything", "--index", "a.o"], in: empty.root)
        #expect(wrongType.status == 2)
        #expect(wrongType.stderr.contains("not a vector-index"), "\(wrongType.stderr)")
        let emptyQuery = try CLI.run(["search", "  "], in: empty.root)
        #expect(emptyQuery.status == 2)
    }
}
