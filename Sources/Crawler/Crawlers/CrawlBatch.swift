/// What crawling one link produced: documents (a feed gives many) and failed links (a feed's
/// items can fail one by one).
public struct CrawlBatch: Sendable, Equatable {
    public var documents: [CrawledDocument] = []
    public var failures: [LinkFailure] = []
    /// Files of repositories and folders left out, by reason (binary, lock file, too large, ...).
    public var skippedFiles: [String: Int] = [:]
    /// The links given to the crawl that produced no document and failed, in the links' order (a
    /// feed whose items fail one by one is not among them while one item arrives).
    public var failedLinks: [String] = []

    public init(documents: [CrawledDocument] = [], failures: [LinkFailure] = [], skippedFiles: [String: Int] = [:]) {
        self.documents = documents
        self.failures = failures
        self.skippedFiles = skippedFiles
    }

    init(failure: LinkFailure) {
        self.init(failures: [failure])
    }

    mutating func merge(_ other: CrawlBatch) {
        documents += other.documents
        failures += other.failures
        skippedFiles.merge(other.skippedFiles, uniquingKeysWith: +)
        failedLinks += other.failedLinks
    }
}
