/// Which nodes one graph search has reached. Clearing n flags for every query would cost as much as a
/// small search, so each node keeps the number of the last search that reached it instead, and a new
/// search only bumps the number.
struct VisitedList {
    private var marks: [UInt32]
    private var generation: UInt32 = 0

    init(count: Int) { marks = Array(repeating: 0, count: count) }

    var capacity: Int { marks.count }

    /// Starts a new search: nothing is visited.
    mutating func reset() {
        generation &+= 1
        if generation == 0 {
            // After 2^32 searches the numbers wrap; clear once so old marks cannot match.
            for index in marks.indices { marks[index] = 0 }
            generation = 1
        }
    }

    /// Marks `node` visited; returns false when it already was.
    @inline(__always)
    mutating func insert(_ node: Int) -> Bool {
        marks.withUnsafeMutableBufferPointer { marks in
            if marks[node] == generation { return false }
            marks[node] = generation
            return true
        }
    }
}
