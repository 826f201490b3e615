/// Which nodes one graph search has reached. Clearing n flags for every query would cost as much as a
/// small search, so each node keeps the number of the last search that reached it instead, and a new
/// search only bumps the number. Sixteen-bit numbers, as hnswlib uses, keep the marks of 100,000 nodes
/// in 200 KB, within a core's L2 cache beside the search's other data.
///
/// The marks live in memory this list's storage object owns: copies of a list share it, which is how a
/// scratch pool hands the same marks from search to search.
struct VisitedList {
    private let storage: Storage
    private let marks: UnsafeMutablePointer<UInt16>
    private var generation: UInt16 = 0

    init(count: Int) {
        storage = Storage(count: count)
        marks = storage.marks
    }

    var capacity: Int { storage.count }

    /// Starts a new search: nothing is visited.
    mutating func reset() {
        generation &+= 1
        if generation == 0 {
            // After 65,535 searches the numbers wrap; clear once so old marks cannot match.
            marks.update(repeating: 0, count: storage.count)
            generation = 1
        }
    }

    /// Marks `node` visited; returns false when it already was.
    @inline(__always)
    func insert(_ node: Int) -> Bool {
        if marks[node] == generation { return false }
        marks[node] = generation
        return true
    }

    private final class Storage {
        let count: Int
        let marks: UnsafeMutablePointer<UInt16>

        init(count: Int) {
            self.count = count
            marks = .allocate(capacity: max(1, count))
            marks.initialize(repeating: 0, count: max(1, count))
        }

        deinit { marks.deallocate() }
    }
}
