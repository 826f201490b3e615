import Foundation

/// The working memory of one graph search: reused from search to search so that a query allocates
/// nothing once its heaps have grown.
struct HNSWScratch {
    var visited: VisitedList
    var candidates = NodeHeap()
    var results = MaxNodeHeap()
    /// The not yet visited neighbours of the node being expanded, and their inner products with the query.
    let fresh: NeighborScores

    /// For a graph of `count` nodes whose lists hold at most `width` neighbours.
    init(count: Int, width: Int) {
        visited = VisitedList(count: count)
        fresh = NeighborScores(capacity: width)
    }
}

/// Room for one neighbour list's nodes and a score for each, so that a search scores a whole list in one
/// call. Shared by copies of the scratch that holds it, like the visited marks.
final class NeighborScores {
    let nodes: UnsafeMutablePointer<UInt32>
    let scores: UnsafeMutablePointer<Float>

    init(capacity: Int) {
        nodes = .allocate(capacity: max(1, capacity))
        scores = .allocate(capacity: max(1, capacity))
    }

    deinit {
        nodes.deallocate()
        scores.deallocate()
    }
}

/// Scratch memory lent to concurrent searches of one index.
final class HNSWScratchPool: @unchecked Sendable {
    // `free` is only touched under `lock`.
    private let lock = NSLock()
    private var free: [HNSWScratch] = []
    private let count: Int
    private let width: Int

    init(count: Int, width: Int) {
        self.count = count
        self.width = width
    }

    func withScratch<T>(_ body: (inout HNSWScratch) throws -> T) rethrows -> T {
        lock.lock()
        var scratch = free.popLast() ?? HNSWScratch(count: count, width: width)
        lock.unlock()
        defer {
            lock.lock()
            free.append(scratch)
            lock.unlock()
        }
        return try body(&scratch)
    }
}
