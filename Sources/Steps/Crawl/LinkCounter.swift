import Foundation

/// Counts finished links across the crawl's concurrent tasks, for progress.
final class LinkCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func increment() -> Int {
        lock.withLock {
            count += 1
            return count
        }
    }
}
