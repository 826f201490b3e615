import Foundation
import OrchestrateTesting
import Testing

/// The README's first pipeline, unchanged, on the example corpus: the blog served on loopback, its
/// feed, a local git repository, local notes and a LinkedIn export.
extension ExamplePipelines {
    @Suite("feature pipeline")
    struct FeaturePipelineTests {
        @Test(
            "crawls the example corpus end to end; a LoRA search finds the LoRA post; the failed link is listed; a re-run is all cached"
        )
        func featurePipeline() throws {
            let site = try ExampleSite()
            defer { site.stop() }
            let project = try TestProject()
            let model = try TokenizeTests.model()
            for file in ["pipelines/feature.yaml", "scripts/summarize_chunks.py"] {
                try project.write(file, try String(contentsOf: CLI.packageRoot.appendingPathComponent(file), encoding: .utf8))
            }
            let script = CLI.packageRoot.appendingPathComponent("scripts/make_example_repository").path
            let repository = project.root.appendingPathComponent("runs/example/tiny-rag.git").path
            #expect(try CLI.shell("bash '\(script)' '\(repository)' >/dev/null") == 0)
            // The README's links, pointed at this test's port; relative paths are read from the project folder.
            var links = try String(
                contentsOf: CLI.packageRoot.appendingPathComponent("examples/feature/links.txt"), encoding: .utf8)
            links = links.replacingOccurrences(of: "http://127.0.0.1:8765", with: site.baseURL.absoluteString)
                .replacingOccurrences(
                    of: "examples/feature/", with: CLI.packageRoot.appendingPathComponent("examples/feature").path + "/")
            try project.write("examples/feature/links.txt", links)

            let arguments = ["run", "pipelines/feature.yaml", "--param", "model=\(model.path)"]
            let first = try CLI.run(arguments, in: project.root)
            #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
            #expect(
                first.stdout.contains("failed \(site.baseURL.absoluteString)/drafts/unfinished.html: disallowed by robots.txt"),
                "\(first.stdout)")

            let documents = try CLI.run(["documents", "list", "--author", "Jordan Ellis", "--json"], in: project.root)
            let listed = try JSONSerialization.jsonObject(with: Data(documents.stdout.utf8)) as? [[String: Any]] ?? []
            let kinds = Dictionary(grouping: listed, by: { $0["kind"] as? String ?? "" }).mapValues(\.count)
            #expect(kinds == ["article": 7, "post": 2, "repository": 1], "\(documents.stdout)")

            let search = try CLI.run(
                ["search", "fine-tuning with LoRA: which rank and alpha", "-k", "3", "--json"], in: project.root)
            #expect(search.status == 0, "\(search.stderr)")
            let results =
                (try JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [String: Any])?["results"]
                as? [[String: Any]]
            #expect(
                results?.contains { ($0["link"] as? String)?.hasSuffix("/posts/lora-in-practice.html") == true } == true,
                "\(search.stdout)")

            let again = try CLI.run(arguments, in: project.root)
            #expect(again.status == 0)
            #expect(again.stdout.contains("(0 ran, 6 cached)"), "\(again.stdout)")
        }
    }
}
