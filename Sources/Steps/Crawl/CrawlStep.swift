import ArtifactStore
import Crawler
import Foundation
import Networking
import Orchestrator

/// Crawls an author's links (web articles, feeds, git repositories, local files, LinkedIn's
/// export) into a `documents` artifact and the warehouse. Failed links are listed in the output's
/// metadata and the log; they fail the step only past its thresholds (`min_documents`,
/// `max_failure_ratio`), so a crawl that found (almost) nothing is neither cached nor published.
public struct CrawlStep: Step {
    public init() {}

    public var descriptor: StepDescriptor {
        StepDescriptor(
            type: "crawl", version: 2,
            summary:
                "Crawls links (web pages, RSS/Atom feeds, git repositories, local files, LinkedIn's Shares.csv) into documents, politely.",
            parameters: [
                ParameterDescriptor(
                    "links", .string, default: "",
                    "A file of links, one per line (URLs or paths; # starts a comment); relative to the project folder."),
                ParameterDescriptor("urls", .list, default: [], "Links given inline, crawled after those of the links file."),
                ParameterDescriptor(
                    "author", .string, "The author whose writing the links are: every document is filed under this name."),
                ParameterDescriptor(
                    "max_age", .duration, default: "1h",
                    "A re-run within this long of the last crawl reuses it; 0 crawls on every run."),
                ParameterDescriptor("concurrency", .int, default: 8, "Requests in flight across all hosts."),
                ParameterDescriptor("per_host_concurrency", .int, default: 2, "Requests in flight to one host."),
                ParameterDescriptor(
                    "per_host_delay", .duration, default: 1,
                    "Seconds between request starts to one host (robots.txt Crawl-delay may raise it)."),
                ParameterDescriptor("timeout", .duration, default: 30, "Seconds one request may take."),
                ParameterDescriptor(
                    "retries", .int, default: 3, "Further attempts after 429, 5xx or a timeout, with exponential back-off."),
                ParameterDescriptor(
                    "max_retry_wait", .duration, default: 60,
                    "The longest wait between attempts (Retry-After included) before the link is given up."),
                ParameterDescriptor("max_redirects", .int, default: 5, "Redirects followed per request."),
                ParameterDescriptor("max_bytes", .int, default: 10_000_000, "The largest response body accepted."),
                ParameterDescriptor(
                    "max_file_bytes", .int, default: 256_000, "Repository and folder files larger than this are skipped."),
                ParameterDescriptor("respect_robots", .bool, default: true, "Obey robots.txt (turn off only for sites you own)."),
                ParameterDescriptor(
                    "user_agent", .string, default: .string(HTTPLimits.defaultUserAgent), "The User-Agent header sent."),
                ParameterDescriptor(
                    "publish", .bool, default: true, "Also upsert the documents into the store's warehouse (documents list)."),
                ParameterDescriptor(
                    "min_documents", .int, default: 1,
                    "The step fails (is not cached, fires no trigger) when the crawl gives fewer documents; 0 accepts none."),
                ParameterDescriptor(
                    "max_failure_ratio", .number, default: 0.5,
                    "The step fails when a larger share of the links give no document (0 to 1; 1 accepts any failures)."),
            ],
            outputs: [PortDescriptor("documents", type: "documents", "One document per line (JSONL).")],
            isSource: true)
    }

    /// The links file's content joins the cache key: an edited links file crawls again.
    public func externalFingerprints(_ parameters: StepParameters, projectDirectory: URL) throws -> [JSONValue] {
        var fingerprints: [JSONValue] = []
        let links = try parameters.string("links")
        if !links.isEmpty {
            let url = Self.resolve(links, in: projectDirectory)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw StepFailure(
                    "\(url.path): no such links file (parameter 'links'; relative paths are read from the project folder)")
            }
            fingerprints.append(.array(["links", .string(Hashing.sha256(data))]))
        }
        return fingerprints
    }

    public func checkParameters(_ parameters: StepParameters) throws {
        _ = try CrawlThresholds(parameters)
    }

    /// A crawl is reused for `max_age` after it finished, so a re-run a second later never crawls again
    /// because a clock boundary passed; a nightly schedule still crawls afresh.
    public func cacheLifetime(_ parameters: StepParameters) throws -> Double? {
        try Self.seconds(parameters, "max_age")
    }

    public func run(_ context: StepContext) async throws -> StepResult {
        let parameters = context.parameters
        let author = try parameters.string("author").trimmingCharacters(in: .whitespaces)
        guard !author.isEmpty else { throw StepFailure("parameter 'author' is empty: name the author whose writing is crawled") }
        var links: [String] = []
        let linksPath = try parameters.string("links")
        if !linksPath.isEmpty { links = try LinksFile.read(Self.resolve(linksPath, in: context.projectDirectory)) }
        for (index, value) in (parameters["urls"]?.arrayValue ?? []).enumerated() {
            guard let link = value.stringValue else {
                throw StepFailure("parameter 'urls', item \(index + 1): must be text, got \(value.typeName)")
            }
            if !links.contains(link) { links.append(link) }
        }
        guard !links.isEmpty else {
            throw StepFailure("nothing to crawl: set parameter 'links' to a links file or 'urls' to a list of links")
        }
        let thresholds = try CrawlThresholds(parameters)

        let crawl = Crawl(
            policy: try Self.policy(parameters), files: RepositoryFiles(maxFileBytes: try parameters.int("max_file_bytes")),
            cloneTimeout: max(60, try Self.seconds(parameters, "timeout") * 10), base: context.projectDirectory)
        let (log, progress, total) = (context.log, context.progress, links.count)
        let done = LinkCounter()
        let (batch, requests) = await crawl.run(links) { link, result in
            for failure in result.failures {
                log.write("failed \(failure.link): \(failure.reason)")
                progress(StepProgress(fraction: nil, message: "failed \(failure.link): \(failure.reason)"))
            }
            log.write("crawled \(link): \(result.documents.count) document\(result.documents.count == 1 ? "" : "s")")
            let finished = done.increment()
            progress(StepProgress(fraction: Double(finished) / Double(total), message: "\(finished) of \(total) links"))
        }
        try Task.checkCancellation()
        context.log.write(
            "crawled \(links.count) links into \(batch.documents.count) documents (\(batch.failures.count) failed, \(requests) HTTP requests)"
        )
        try thresholds.check(batch, links: links.count)

        let documents = batch.documents.map { Self.warehouseDocument($0, author: author) }
        let output = context.outputURL("documents")
        try DocumentsFile.write(documents, to: output)
        if try parameters.bool("publish") { context.warehouse?.publish(documents, from: "documents") }
        let failed: [JSONValue] = batch.failures.map { .object(["link": .string($0.link), "reason": .string($0.reason)]) }
        let perKind = Dictionary(grouping: documents, by: \.kind).mapValues { JSONValue.int($0.count) }
        return StepResult(
            outputs: [
                "documents": StepOutput(
                    url: output,
                    metadata: [
                        "count": .int(documents.count), "per_kind": .object(perKind), "links": .int(links.count),
                        "failed_count": .int(batch.failures.count), "failed": .array(failed),
                        "skipped_files": .object(batch.skippedFiles.mapValues(JSONValue.int)),
                    ])
            ],
            metadata: ["failed": .array(failed), "requests": .int(requests)])
    }

    static func warehouseDocument(_ document: CrawledDocument, author: String) -> WarehouseDocument {
        WarehouseDocument(
            id: Hashing.digest(tag: "document-id/v1", [.string(author), .string(document.link)]), kind: document.kind,
            platform: document.platform, link: document.link, title: document.title, author: author,
            authorID: Hashing.digest(tag: "author-id/v1", [.string(author)]), content: document.content,
            contentSHA256: Hashing.sha256(document.content))
    }

    static func policy(_ parameters: StepParameters) throws -> CrawlPolicy {
        let limits = HTTPLimits(
            timeout: try seconds(parameters, "timeout"), connectTimeout: min(10, try seconds(parameters, "timeout")),
            maxRedirects: try parameters.int("max_redirects"), maxBytes: try parameters.int("max_bytes"),
            userAgent: try parameters.string("user_agent"))
        for name in ["concurrency", "per_host_concurrency"] where try parameters.int(name) < 1 {
            throw StepFailure("parameter '\(name)' must be at least 1")
        }
        return CrawlPolicy(
            limits: limits, concurrency: try parameters.int("concurrency"),
            perHostConcurrency: try parameters.int("per_host_concurrency"),
            perHostDelay: try seconds(parameters, "per_host_delay"),
            retries: max(0, try parameters.int("retries")), maxRetryWait: try seconds(parameters, "max_retry_wait"),
            respectRobots: try parameters.bool("respect_robots"))
    }

    /// A duration parameter in seconds: a number, or text such as `30s`, `15m`, `1h`.
    static func seconds(_ parameters: StepParameters, _ name: String) throws -> Double {
        switch parameters[name] {
        case .int(let value)?: return Double(value)
        case .double(let value)?: return value
        case .string(let text)?:
            guard let seconds = DurationParser.seconds(text) else {
                throw StepFailure("parameter '\(name)' must be a duration such as 30s, 15m or 1h, got '\(text)'")
            }
            return seconds
        default:
            throw StepFailure("parameter '\(name)' must be a duration such as 30s, 15m or 1h")
        }
    }

    static func resolve(_ path: String, in projectDirectory: URL) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : projectDirectory.appendingPathComponent(path)
    }
}
