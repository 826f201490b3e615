import Foundation
import Testing

/// A crawl whose links all failed, run as a user runs it: the run fails, nothing is cached or
/// published, and the pipeline waiting for new documents is not triggered.
@Suite("crawl thresholds")
struct CrawlThresholdTests {
    static let crawling = """
        name: crawling
        parameters: { min_documents: 1, max_failure_ratio: 0.5 }
        steps:
          crawl:
            uses: crawl
            with:
              author: Jordan Ellis
              urls: [notes/gone.md, notes/moved.md]
              min_documents: "${params.min_documents}"
              max_failure_ratio: "${params.max_failure_ratio}"
        """

    static let downstream = """
        name: downstream
        triggers:
          - on_artifact: { pipeline: crawling, name: documents }
        steps:
          count:
            uses: command
            inputs: { documents: trigger.artifact }
            run: wc -l < "$INPUT_documents" > "$OUTPUT_count"
            outputs: [count]
        """

    func downstreamRuns(_ project: borrowing TestProject) throws -> Int {
        try #require(try project.json("runs", "list", "--pipeline", "downstream") as? [[String: Any]]).count
    }

    @Test("every link failed: the run exits 1 with the reasons, a re-run crawls again, and no trigger fires")
    func everyLinkFailed() throws {
        let project = try TestProject()
        try project.write("pipelines/crawling.yaml", Self.crawling)
        try project.write("pipelines/downstream.yaml", Self.downstream)
        // The scheduler watches the trigger from when it first sees it.
        #expect(try project.run("scheduler", "--pipelines", "pipelines", "--once").status == 0)

        let first = try project.run("run", "pipelines/crawling.yaml")
        #expect(first.status == 1, "\(first.stdout)\(first.stderr)")
        let gone = project.root.appendingPathComponent("notes/gone.md").path
        #expect(
            first.stdout.contains(
                "failed: crawled 0 documents, fewer than min_documents (1): 2 of 2 links failed (100%): "
                    + "notes/gone.md: no such file or folder: \(gone); "), "\(first.stdout)")
        #expect(first.stdout.contains("or lower min_documents (0 accepts an empty crawl)"), "\(first.stdout)")

        let again = try project.run("run", "pipelines/crawling.yaml")
        #expect(again.status == 1)
        #expect(again.stdout.contains("(0 ran, 0 cached, 1 failed)"), "a failed crawl is not reused: \(again.stdout)")

        #expect(try project.run("scheduler", "--pipelines", "pipelines", "--once").status == 0)
        #expect(try downstreamRuns(project) == 0, "a failed crawl publishes nothing to trigger on")
        let documents = try project.run("documents", "list", "--author", "Jordan Ellis")
        #expect(documents.stdout.hasPrefix("no documents by 'Jordan Ellis'"), "\(documents.stdout)")

        // Accepting an empty crawl makes it a success like any other, which does fire the trigger.
        let accepted = try project.run(
            "run", "pipelines/crawling.yaml", "--param", "min_documents=0", "--param", "max_failure_ratio=1")
        #expect(accepted.status == 0, "\(accepted.stdout)\(accepted.stderr)")
        #expect(try project.run("scheduler", "--pipelines", "pipelines", "--once").status == 0)
        #expect(try downstreamRuns(project) == 1)
    }
}
