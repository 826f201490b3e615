import ArtifactStore
import Foundation
import OrchestrateTesting
import Orchestrator
import Steps
import Testing

/// The crawl step against the example site on loopback, a local bare git repository, local notes
/// and a LinkedIn export: every misbehaving link is recorded with its reason, the good ones arrive.
@Suite("crawl step", .serialized)
struct CrawlStepTests {
    static let examples = ExampleSite.packageRoot.appendingPathComponent("examples/feature")

    /// A bare repository made from examples/feature/repository, as the demo makes it.
    static func makeRepository(in folder: URL) async throws -> URL {
        let destination = folder.appendingPathComponent("tiny-rag.git")
        let script = ExampleSite.packageRoot.appendingPathComponent("scripts/make_example_repository")
        let process = ChildProcess(
            executable: "/bin/bash", arguments: [script.path, destination.path], environment: ProcessInfo.processInfo.environment,
            workingDirectory: folder, outputFile: folder.appendingPathComponent("git.log"))
        let termination = try await process.run()
        let log = (try? String(contentsOf: folder.appendingPathComponent("git.log"), encoding: .utf8)) ?? ""
        #expect(termination == .exited(0), "\(log)")
        return destination
    }

    static func pipeline(_ links: [String], extra: String = "") -> String {
        let list = links.map { "\"\($0)\"" }.joined(separator: ", ")
        return """
            name: crawling
            steps:
              crawl:
                uses: crawl
                with:
                  author: Jordan Ellis
                  urls: [\(list)]
                  per_host_delay: 0
                  timeout: 2
                  retries: 2
                  max_retry_wait: 5
                  max_bytes: 1000000
                  \(extra)
            """
    }

    static func documents(_ fixture: PipelineFixture, _ run: RunRecord) throws -> [[String: JSONValue]] {
        try (fixture.text("crawl", "documents", in: run) ?? "").split(separator: "\n").map {
            try #require(JSONText.parse(String($0)).objectValue)
        }
    }

    @Test("good links arrive and every bad one is recorded with its reason, without failing the step")
    func mixedBatch() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let repository = try await Self.makeRepository(in: fixture.folder.url)
        let links = [
            site.url("/feed.xml").absoluteString,
            site.url("/posts/chunking-for-retrieval.html").absoluteString,
            site.url("/drafts/unfinished.html").absoluteString,
            site.url("/missing.html").absoluteString,
            site.url("/_/flaky?key=step&failures=1").absoluteString,
            site.url("/_/throttled?key=step&after=1").absoluteString,
            site.url("/_/loop").absoluteString,
            site.url("/_/huge?mb=50").absoluteString,
            site.url("/_/slow?seconds=10").absoluteString,
            site.url("/_/binary").absoluteString,
            site.url("/_/file?path=legacy/cafe-notes.html&type=none").absoluteString,
            site.url("/_/file?path=legacy/cafe-notes.html&type=text/html;%20charset=utf-8").absoluteString,
            "file://" + repository.path,
            Self.examples.appendingPathComponent("notes").path,
            Self.examples.appendingPathComponent("linkedin/Shares.csv").path,
            "ftp://example.com/file.txt",
        ]
        let run = try await fixture.run(Self.pipeline(links))
        #expect(try fixture.step("crawl", of: run)?.status == .succeeded)
        let documents = try Self.documents(fixture, run)
        let byTitle = Dictionary(documents.map { ($0["title"]?.stringValue ?? "", $0) }, uniquingKeysWith: { first, _ in first })

        // The feed: one item with full text, two whose pages were fetched; the direct link to a page is kept once.
        let twoCores = try #require(byTitle["A week of training on two CPU cores"])
        #expect(twoCores["content"]?.stringValue?.contains("nothing ran twice") == true)
        let lora = try #require(byTitle["LoRA in practice: rank, alpha and what to freeze"])
        #expect(lora["content"]?.stringValue?.contains("alpha divided by rank") == true)
        #expect(byTitle["How to tell whether your LLM twin sounds like you"] != nil)
        let chunking = try #require(byTitle["Chunk sizes are measured in tokens"])
        let chunkingText = try #require(chunking["content"]?.stringValue)
        #expect(chunkingText.contains("```python\ndef pack(sentences, limit):\n    chunk, size = [], 0"))
        #expect(!chunkingText.contains("cookies"))
        #expect(!chunkingText.contains("Great post"))
        #expect(chunking["platform"] == "127.0.0.1")
        #expect(documents.allSatisfy { $0["author"] == "Jordan Ellis" })

        #expect(byTitle["Flaky page"] != nil, "a 500 is retried until it passes")
        #expect(byTitle["Throttled page"] != nil, "a 429 waits for Retry-After, then passes")
        // Windows-1252 bytes, labelled wrongly or not at all, still read right.
        let cafes = documents.filter { $0["title"] == "Café notes" }
        #expect(cafes.count == 2)
        #expect(cafes.allSatisfy { $0["content"]?.stringValue?.contains("Malmö") == true })
        #expect(cafes.allSatisfy { $0["content"]?.stringValue?.contains("“quotes”") == true })

        let repositoryDocument = try #require(documents.first { $0["kind"] == "repository" })
        let code = try #require(repositoryDocument["content"]?.stringValue)
        #expect(code.contains("==> README.md <=="))
        #expect(code.contains("==> src/rag.py <=="))
        #expect(!code.contains("poetry.lock"))
        #expect(!code.contains("vendor/"))
        #expect(!code.contains("PNG"))
        #expect(repositoryDocument["title"] == "tiny-rag")

        let notes = documents.filter { $0["platform"] == "local" && $0["kind"] == "article" }
        #expect(
            Set(notes.compactMap { $0["title"]?.stringValue }) == [
                "Reading list: retrieval-augmented generation", "on-feature-stores",
            ])
        let posts = documents.filter { $0["kind"] == "post" }
        #expect(posts.count == 2, "the share without text is skipped")
        #expect(posts.first?["content"]?.stringValue?.contains("loss curves are not enough") == true)
        #expect(posts.dropFirst().first?["content"]?.stringValue?.contains("\"Fine-tuning changes how the model writes") == true)

        let artifact = try #require(try fixture.artifact("crawl", "documents", in: run))
        let failed = Dictionary(
            (artifact.metadataValue["failed"]?.arrayValue ?? []).compactMap { entry -> (String, String)? in
                guard let link = entry["link"]?.stringValue, let reason = entry["reason"]?.stringValue else { return nil }
                return (link, reason)
            }, uniquingKeysWith: { first, _ in first })
        func reason(_ path: String) -> String { failed[site.url(path).absoluteString] ?? "(not failed)" }
        #expect(reason("/drafts/unfinished.html") == "disallowed by robots.txt (Disallow: /drafts/)")
        #expect(reason("/missing.html") == "HTTP 404 Not Found")
        #expect(reason("/_/loop") == "more than 5 redirects (a redirect loop?)")
        #expect(reason("/_/huge?mb=50") == "response larger than the 1 MB limit (raise max_bytes to accept it)")
        #expect(reason("/_/slow?seconds=10") == "timed out after 2 s after 3 attempts")
        #expect(
            reason("/_/binary") == "unsupported content type application/octet-stream (expected an HTML page or an RSS/Atom feed)"
        )
        #expect(failed["ftp://example.com/file.txt"] == "unsupported link scheme 'ftp' (use http, https, file or a path)")
        #expect(failed.count == 7)
        #expect(artifact.metadataValue["failed_count"] == 7)
        #expect(artifact.metadataValue["count"] == .int(documents.count))
        #expect(try site.requests().allSatisfy { $0.agent.hasPrefix("orchestrate-crawler/") })
        #expect(try !site.requests().contains { $0.path.hasPrefix("/drafts/") })
    }

    @Test("re-crawling links whose content did not change adds nothing: same artifact, no warehouse change")
    func recrawlUnchanged() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let yaml = Self.pipeline([site.url("/feed.xml").absoluteString], extra: "max_age: 0")
        let first = try await fixture.run(yaml)
        let second = try await fixture.run(yaml)
        #expect(try fixture.step("crawl", of: second)?.status == .succeeded, "max_age 0 crawls again")
        let before = try #require(try fixture.artifact("crawl", "documents", in: first))
        let after = try #require(try fixture.artifact("crawl", "documents", in: second))
        #expect(before.id == after.id)
        #expect(before.version == after.version)
        let stored = try fixture.store.documents(author: "Jordan Ellis")
        #expect(stored.count == 3)
        #expect(Set(stored.compactMap(\.sourceArtifactID)) == [before.id])
    }

    @Test("within max_age a re-run reuses the last crawl without a request")
    func cachedWithinWindow() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let yaml = Self.pipeline([site.url("/posts/lora-in-practice.html").absoluteString], extra: "max_age: 1h")
        _ = try await fixture.run(yaml)
        let requests = try site.requests().count
        let second = try await fixture.run(yaml)
        #expect(try fixture.step("crawl", of: second)?.status == .cached)
        #expect(try site.requests().count == requests)
    }

    @Test("a crawl older than max_age is not reused: the clock since the last crawl counts, not a calendar window")
    func expiredCrawl() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let yaml = Self.pipeline([site.url("/posts/lora-in-practice.html").absoluteString], extra: "max_age: 3s")
        _ = try await fixture.run(yaml)
        try await Task.sleep(for: .milliseconds(3500))
        let later = try await fixture.run(yaml)
        #expect(try fixture.step("crawl", of: later)?.status == .succeeded)
        let again = try await fixture.run(yaml)
        #expect(try fixture.step("crawl", of: again)?.status == .cached, "the crawl just made is reused")
    }

    @Test("a links file is read from the project folder, comments and blank lines ignored")
    func linksFile() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let notes = Self.examples.appendingPathComponent("notes/reading-list.md").path
        try FileManager.default.createDirectory(at: fixture.project, withIntermediateDirectories: true)
        try Data("# my writing\n\n\(notes)   # a note\n".utf8).write(to: fixture.project.appendingPathComponent("links.txt"))
        let run = try await fixture.run(
            """
            name: crawling
            steps:
              crawl: { uses: crawl, with: { author: Jordan Ellis, links: links.txt } }
            """)
        let documents = try Self.documents(fixture, run)
        #expect(documents.map { $0["link"]?.stringValue } == [notes])
    }

    @Test("no links, a missing links file or no author are errors that say what to set")
    func badParameters() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            """
            name: crawling
            steps:
              crawl: { uses: crawl, with: { author: Jordan Ellis } }
            """)
        let step = try #require(try fixture.step("crawl", of: run))
        #expect(step.status == .failed)
        #expect(step.error?.contains("nothing to crawl: set parameter 'links'") == true)
        let missing = try await fixture.run(
            """
            name: crawling
            steps:
              crawl: { uses: crawl, with: { author: Jordan Ellis, links: nowhere.txt } }
            """)
        let failedStep = try #require(try fixture.step("crawl", of: missing))
        #expect(failedStep.status == .failed)
        #expect(failedStep.error?.contains("nowhere.txt: no such links file (parameter 'links'") == true)
    }
}
