import Crawler
import Foundation
import Orchestrator

/// How much of a crawl may fail before the crawl itself counts as failed.
///
/// A failed step is neither cached nor published, so a site that is down tonight is crawled again on
/// the next run, instead of an empty crawl being reused for `max_age` and firing the pipelines that
/// wait for new documents.
struct CrawlThresholds: Sendable, Equatable {
    /// The fewest documents a crawl that succeeds produces.
    var minDocuments: Int
    /// The largest share of the links that may fail (give no document) in a crawl that succeeds.
    var maxFailureRatio: Double

    /// How many failure reasons the step's error quotes; the log has them all.
    static let quotedReasons = 3

    init(minDocuments: Int = 1, maxFailureRatio: Double = 0.5) {
        self.minDocuments = minDocuments
        self.maxFailureRatio = maxFailureRatio
    }

    /// The thresholds a step's `min_documents` and `max_failure_ratio` set, checked for range.
    init(_ parameters: StepParameters) throws {
        let minimum = try parameters.int("min_documents")
        guard minimum >= 0 else {
            throw StepFailure("parameter 'min_documents' must be 0 or more, got \(minimum)")
        }
        let ratio = try parameters.double("max_failure_ratio")
        guard (0...1).contains(ratio) else {
            throw StepFailure(
                "parameter 'max_failure_ratio' must be between 0 and 1 (the share of links that may fail), got \(Self.number(ratio))"
            )
        }
        self.init(minDocuments: minimum, maxFailureRatio: ratio)
    }

    /// Throws a `StepFailure` when `batch`, the crawl of `links` links, has fewer documents than
    /// `minDocuments` or a larger share of failed links than `maxFailureRatio`. The message says how
    /// many links failed, quotes the first reasons and names the parameter that accepts such a crawl.
    func check(_ batch: CrawlBatch, links: Int) throws {
        let failed = batch.failedLinks.count
        let documents = batch.documents.count
        let share = links == 0 ? 0 : Double(failed) / Double(links)
        if documents < minDocuments {
            let found = "crawled \(documents) document\(documents == 1 ? "" : "s"), fewer than min_documents (\(minDocuments))"
            guard !batch.failures.isEmpty else {
                throw StepFailure(
                    "\(found): no link failed, but the \(links) link\(links == 1 ? "" : "s") held nothing to read; "
                        + "lower min_documents (0 accepts an empty crawl)")
            }
            throw StepFailure(
                "\(found): \(Self.failedLinks(failed, of: links)): \(Self.reasons(batch.failures)). "
                    + "Fix or remove the failing links, or lower min_documents (0 accepts an empty crawl)")
        }
        if share > maxFailureRatio {
            throw StepFailure(
                "\(Self.failedLinks(failed, of: links)), more than max_failure_ratio (\(Self.number(maxFailureRatio))) allows: "
                    + "\(Self.reasons(batch.failures)). "
                    + "Fix or remove the failing links, or raise max_failure_ratio (1 accepts any number of failures)")
        }
    }

    private static func failedLinks(_ failed: Int, of links: Int) -> String {
        let percent = links == 0 ? 0 : Int((Double(failed) * 100 / Double(links)).rounded())
        return "\(failed) of \(links) link\(links == 1 ? "" : "s") failed (\(percent)%)"
    }

    /// The first failures as `link: reason`, and how many more the log lists.
    private static func reasons(_ failures: [LinkFailure]) -> String {
        var text = failures.prefix(quotedReasons).map { "\($0.link): \($0.reason)" }.joined(separator: "; ")
        if failures.count > quotedReasons {
            text += "; and \(failures.count - quotedReasons) more in the step's log"
        }
        return text
    }

    private static func number(_ value: Double) -> String {
        String(format: "%g", value)
    }
}
