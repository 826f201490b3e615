import Crawler
import Foundation

/// Crawls a links file with the crawl step's machinery (robots.txt, gates, libcurl, charset
/// detection, article extraction) with no per-host delay, and prints pages per second.
enum CrawlBenchmark {
    static func run(links url: URL, concurrency: Int) async throws {
        let links = try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        let policy = CrawlPolicy(concurrency: concurrency, perHostConcurrency: concurrency, perHostDelay: 0)
        let crawl = Crawl(policy: policy, base: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        let clock = ContinuousClock()
        let start = clock.now
        let (batch, requests) = await crawl.run(links)
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let characters = batch.documents.reduce(0) { $0 + $1.content.count }
        print(
            String(
                format: "orchestrate pages=%d failed=%d requests=%d seconds=%.3f pages_per_s=%.1f characters=%d",
                batch.documents.count, batch.failures.count, requests, seconds, Double(batch.documents.count) / seconds,
                characters))
        for failure in batch.failures.prefix(3) { print("  failed \(failure.link): \(failure.reason)") }
    }
}
