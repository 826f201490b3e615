import Foundation

/// The working memory of one graph search: reused from search to search so that a query allocates
/// nothing once its heaps have grown.
struct HNSWScratch {
    var visited: VisitedList
    var candidates = NodeHeap()
    var results = MaxNodeHeap()
    var neighbors: [UInt32] = []

    init(count: Int) { visited = VisitedList(count: count) }
}

/// Scratch memory lent to concurrent searches of one index.
final class HNSWScratchPool: @unchecked Sendable {
    // `free` is only touched under `lock`.
    private let lock = NSLock()
    private var free: [HNSWScratch] = []
    private let count: Int

    init(count: Int) { self.count = count }

    func withScratch<T>(_ body: (inout HNSWScratch) throws -> T) rethrows -> T {
        lock.lock()
        var scratch = free.popLast() ?? HNSWScratch(count: count)
        lock.unlock()
        defer {
            lock.lock()
            free.append(scratch)
            lock.unlock()
        }
        return try body(&scratch)
    }
}
