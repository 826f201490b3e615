/// A binary min-heap of (distance, node) pairs, the candidate and result queues of an HNSW search. A
/// max-heap is the same heap over negated distances (see `MaxNodeHeap`), which keeps one implementation.
struct NodeHeap {
    struct Entry {
        var distance: Float
        var node: UInt32
    }

    private(set) var entries: [Entry] = []

    init(capacity: Int = 0) { entries.reserveCapacity(capacity) }

    var count: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty }
    var top: Entry? { entries.first }

    mutating func removeAll() { entries.removeAll(keepingCapacity: true) }

    mutating func push(_ distance: Float, _ node: UInt32) {
        entries.append(Entry(distance: distance, node: node))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].distance < entries[parent].distance else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    @discardableResult
    mutating func pop() -> Entry? {
        guard let first = entries.first else { return nil }
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries[0] = last
            var parent = 0
            let count = entries.count
            while true {
                let left = 2 * parent + 1
                guard left < count else { break }
                let right = left + 1
                let smaller = right < count && entries[right].distance < entries[left].distance ? right : left
                guard entries[smaller].distance < entries[parent].distance else { break }
                entries.swapAt(smaller, parent)
                parent = smaller
            }
        }
        return first
    }
}

/// The farthest-first heap of an HNSW search's results, bounded by ef: it evicts its farthest entry.
struct MaxNodeHeap {
    private var heap: NodeHeap

    init(capacity: Int = 0) { heap = NodeHeap(capacity: capacity) }

    var count: Int { heap.count }
    var isEmpty: Bool { heap.isEmpty }
    /// The largest distance held, or infinity when empty.
    var farthest: Float { heap.top.map { -$0.distance } ?? .infinity }

    mutating func removeAll() { heap.removeAll() }

    mutating func push(_ distance: Float, _ node: UInt32) { heap.push(-distance, node) }

    @discardableResult
    mutating func pop() -> NodeHeap.Entry? {
        heap.pop().map { NodeHeap.Entry(distance: -$0.distance, node: $0.node) }
    }

    /// The entries nearest first, emptying the heap.
    mutating func drainNearestFirst() -> [NodeHeap.Entry] {
        var result: [NodeHeap.Entry] = []
        result.reserveCapacity(count)
        while let entry = pop() { result.append(entry) }
        return result.reversed()
    }
}
