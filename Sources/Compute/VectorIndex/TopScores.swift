/// The k best (score, position) pairs of a scan, kept in a min-heap of size k so a scan over n vectors
/// costs n log k. Equal scores rank the earlier position first, so exact search is deterministic.
struct TopScores {
    let k: Int
    private var heap: [(score: Float, position: Int)] = []

    init(k: Int) {
        self.k = k
        heap.reserveCapacity(k)
    }

    /// Whether `a` ranks below `b`: a lower score, or the same score at a later position.
    @inline(__always)
    private static func worse(_ a: (score: Float, position: Int), _ b: (score: Float, position: Int)) -> Bool {
        a.score < b.score || (a.score == b.score && a.position > b.position)
    }

    mutating func offer(_ score: Float, _ position: Int) {
        let entry = (score: score, position: position)
        if heap.count < k {
            heap.append(entry)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard Self.worse(heap[child], heap[parent]) else { break }
                heap.swapAt(child, parent)
                child = parent
            }
        } else if k > 0, Self.worse(heap[0], entry) {
            heap[0] = entry
            var parent = 0
            while true {
                let left = 2 * parent + 1
                guard left < k else { break }
                let right = left + 1
                let lower = right < k && Self.worse(heap[right], heap[left]) ? right : left
                guard Self.worse(heap[lower], heap[parent]) else { break }
                heap.swapAt(lower, parent)
                parent = lower
            }
        }
    }

    /// Best first.
    func ranked() -> [(score: Float, position: Int)] {
        heap.sorted { Self.worse($1, $0) }
    }
}
