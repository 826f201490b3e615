import ArtifactStore
import Foundation
import OrchestrateTesting
import Orchestrator
import Steps
import Testing

/// A crawl that found (almost) nothing is a failure: it is not stored, not cached and publishes no
/// documents, and its error says how many links failed, why, and which parameter accepts such a crawl.
@Suite("crawl thresholds", .serialized)
struct CrawlThresholdsTests {
    /// A crawl of `links` without retries; `settings` are further `with:` lines.
    func pipeline(_ links: [String], _ settings: String...) -> String {
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
                  retries: 0

            """ + settings.map { "      \($0)\n" }.joined()
    }

    @Test("a crawl whose every link failed fails the step with the reasons; a re-run crawls again")
    func everyLinkFailed() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let missing = site.url("/missing.html").absoluteString
        let gone = site.url("/gone.html").absoluteString
        let yaml = pipeline([missing, gone])
        let run = try await fixture.run(yaml)
        let step = try #require(try fixture.step("crawl", of: run))
        #expect(step.status == .failed)
        #expect(
            step.error
                == "crawled 0 documents, fewer than min_documents (1): 2 of 2 links failed (100%): "
                + "\(missing): HTTP 404 Not Found; \(gone): HTTP 404 Not Found. "
                + "Fix or remove the failing links, or lower min_documents (0 accepts an empty crawl)")
        #expect(try fixture.artifact("crawl", "documents", in: run) == nil)

        let again = try await fixture.run(yaml)
        #expect(try fixture.step("crawl", of: again)?.status == .failed, "a failed crawl is never reused")
        #expect(try site.requests().filter { $0.path == "/missing.html" }.count == 2)
    }

    @Test("more failed links than max_failure_ratio fail the step even when some documents arrived")
    func tooManyFailures() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let links = [
            site.url("/posts/lora-in-practice.html").absoluteString, site.url("/missing.html").absoluteString,
            site.url("/drafts/unfinished.html").absoluteString, site.url("/_/binary").absoluteString,
            site.url("/_/loop").absoluteString,
        ]
        let run = try await fixture.run(pipeline(links))
        let error = try #require(try fixture.step("crawl", of: run)?.error)
        #expect(
            error.hasPrefix(
                "4 of 5 links failed (80%), more than max_failure_ratio (0.5) allows: \(links[1]): HTTP 404 Not Found; "
                    + "\(links[2]): disallowed by robots.txt (Disallow: /drafts/); \(links[3]): unsupported content type"),
            "\(error)")
        #expect(
            error.hasSuffix(
                "; and 1 more in the step's log. Fix or remove the failing links, or raise max_failure_ratio (1 accepts any number of failures)"
            ), "\(error)")
        #expect(try fixture.store.documents(author: "Jordan Ellis").isEmpty, "nothing is published")

        let accepted = try await fixture.run(pipeline(links, "max_failure_ratio: 0.8"))
        #expect(try fixture.step("crawl", of: accepted)?.status == .succeeded)
        #expect(try fixture.artifact("crawl", "documents", in: accepted)?.metadataValue["failed_count"] == 4)
    }

    @Test("min_documents 0 and max_failure_ratio 1 accept a crawl that found nothing")
    func acceptedEmptyCrawl() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let nowhere = fixture.project.appendingPathComponent("nowhere.md").path
        let run = try await fixture.run(pipeline([nowhere], "min_documents: 0", "max_failure_ratio: 1"))
        #expect(try fixture.step("crawl", of: run)?.status == .succeeded)
        let artifact = try #require(try fixture.artifact("crawl", "documents", in: run))
        #expect(artifact.metadataValue["count"] == 0)
    }

    @Test("links that fail within the ratio do not fail the step")
    func failuresWithinTheRatio() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let notes = CrawlStepTests.examples.appendingPathComponent("notes").path
        let nowhere = fixture.project.appendingPathComponent("nowhere.md").path
        let run = try await fixture.run(pipeline([notes, nowhere]))
        #expect(try fixture.step("crawl", of: run)?.status == .succeeded, "1 of 2 failed: exactly the 0.5 allowed")
    }

    @Test(
        "thresholds out of range are reported by validation, before any step runs",
        arguments: [
            ("min_documents: -1", "parameter 'min_documents' must be 0 or more, got -1"),
            (
                "max_failure_ratio: 1.5",
                "parameter 'max_failure_ratio' must be between 0 and 1 (the share of links that may fail), got 1.5"
            ),
        ])
    func validation(extra: String, message: String) throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        do {
            _ = try fixture.plan(pipeline(["notes"], extra))
            Issue.record("the pipeline was accepted")
        } catch {
            #expect("\(error)".contains("step 'crawl': " + message), "\(error)")
        }
    }
}
