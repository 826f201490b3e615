import Foundation
import Testing

/// pipelines/handbook.yaml, run unchanged on the handbook's 76 articles: import, clean, chunk, embed and
/// index natively, then search what it indexed.
extension ExamplePipelines {
    @Suite("handbook pipeline")
    struct HandbookPipelineTests {
        @Test("runs end to end on the handbook; a search for LoRA fine-tuning finds its author's chunks; a re-run is all cached")
        func handbookPipeline() async throws {
            let project = try TestProject()
            let model = try TokenizeTests.model()
            try project.write(
                "pipelines/handbook.yaml",
                try String(contentsOf: CLI.packageRoot.appendingPathComponent("pipelines/handbook.yaml"), encoding: .utf8))
            try project.write(
                "scripts/summarize_chunks.py",
                try String(contentsOf: CLI.packageRoot.appendingPathComponent("scripts/summarize_chunks.py"), encoding: .utf8))
            let arguments = [
                "run", "pipelines/handbook.yaml", "--param", "warehouse=\(DocumentsTests.handbook.path)", "--param",
                "model=\(model.path)",
            ]
            let first = try CLI.run(arguments, in: project.root)
            #expect(first.status == 0, "\(first.stdout)\(first.stderr)")

            let search = try CLI.run(["search", "fine-tuning a model with LoRA adapters", "-k", "3", "--json"], in: project.root)
            #expect(search.status == 0, "\(search.stderr)")
            let results =
                (try JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [String: Any])?["results"]
                as? [[String: Any]]
            #expect(results?.count == 3)
            #expect(results?.allSatisfy { $0["author"] as? String == "Maxime Labonne" } == true, "\(search.stdout)")
            #expect(results?.contains { ($0["text"] as? String)?.contains("LoRA") == true } == true)

            let other = try CLI.run(
                ["search", "fine-tuning a model with LoRA adapters", "-k", "3", "--author", "Paul Iusztin", "--json"],
                in: project.root)
            let otherResults =
                (try JSONSerialization.jsonObject(with: Data(other.stdout.utf8)) as? [String: Any])?["results"]
                as? [[String: Any]]
            #expect(otherResults?.count == 3)
            #expect(otherResults?.allSatisfy { $0["author"] as? String == "Paul Iusztin" } == true)

            try await askTheTwin(project)

            let again = try CLI.run(arguments, in: project.root)
            #expect(again.status == 0)
            #expect(again.stdout.contains("(0 ran, 6 cached)"), "\(again.stdout)")
        }

        /// `/rag` on the handbook's index: a question that names an author is answered from that author's
        /// chunks alone, with them as sources; the same holds through the `NAME-rag` chat model.
        func askTheTwin(_ project: borrowing TestProject) async throws {
            let server = try ServedProcess(["serve", "--port", "0", "--model", ServeTests.tinyModel], in: project.root)
            defer { server.stop() }
            let base = "http://127.0.0.1:\(try server.port())"
            try await ServedProcess.waitForHealth(base)
            for author in ["Paul Iusztin", "Maxime Labonne"] {
                let answer = try await ServedProcess.post(
                    base + "/rag",
                    [
                        "question": "What does \(author) say about fine-tuning with LoRA?", "max_tokens": 8, "expand": 1,
                        "debug": true,
                    ])
                let sources = answer["sources"] as? [[String: Any]] ?? []
                #expect(sources.count == 3, "\(answer)")
                #expect(sources.allSatisfy { $0["author"] as? String == author }, "\(answer)")
                #expect(sources.allSatisfy { ($0["chunk_id"] as? String)?.isEmpty == false && $0["link"] is String })
                let debug = answer["debug"] as? [String: Any]
                #expect(debug?["authors"] as? [String] == [author])
                #expect((debug?["queries"] as? [String])?.first == "What does \(author) say about fine-tuning with LoRA?")
                #expect(answer["answer"] is String && answer["usage"] is [String: Any])
            }
            let chat = try await ServedProcess.post(
                base + "/v1/chat/completions",
                [
                    "model": "tiny-chat-model-rag", "max_tokens": 4,
                    "messages": [["role": "user", "content": "How does Maxime Labonne merge models?"]],
                ])
            #expect(chat["object"] as? String == "chat.completion", "\(chat)")
            let missing = try await ServedProcess.post(base + "/rag", ["k": 3])
            #expect((missing["error"] as? [String: Any])?["param"] as? String == "question")
        }
    }
}
