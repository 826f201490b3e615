/// The two walks of Malkov & Yashunin's paper: the greedy descent through the upper layers, and the
/// best-first search of one layer (their Algorithm 2) that keeps the ef nearest nodes seen.
extension HNSWLayout {
    /// Copies `node`'s neighbours on `level` into `buffer`, under the node's lock when other threads may
    /// be rewriting the list.
    @inline(__always)
    func copyNeighbors(of node: Int, level: Int, into buffer: inout [UInt32], locks: NodeLocks?) {
        buffer.removeAll(keepingCapacity: true)
        locks?.lock(node)
        let list = links(node, level: level)
        let count = Int(list[0])
        for index in 0..<count { buffer.append(list[1 + index]) }
        locks?.unlock(node)
    }

    /// Walks from `entry` towards `query` on each layer from `top` down to `bottom + 1`, moving to any
    /// nearer neighbour until none is nearer (the paper's search with ef = 1), and returns where it stopped.
    func descend(
        to query: UnsafePointer<Float>, from entry: Int, top: Int, bottom: Int, scratch: inout HNSWScratch,
        locks: NodeLocks?
    ) -> NodeHeap.Entry {
        var current = entry
        var currentDistance = distance(query, entry)
        var level = top
        while level > bottom {
            var moved = true
            while moved {
                moved = false
                copyNeighbors(of: current, level: level, into: &scratch.neighbors, locks: locks)
                for neighbor in scratch.neighbors {
                    let candidate = distance(query, Int(neighbor))
                    if candidate < currentDistance {
                        currentDistance = candidate
                        current = Int(neighbor)
                        moved = true
                    }
                }
            }
            level -= 1
        }
        return NodeHeap.Entry(distance: currentDistance, node: UInt32(current))
    }

    /// The ef nearest admitted nodes to `query` on `level` that a best-first walk from `entries` finds,
    /// nearest first.
    ///
    /// The walk expands the nearest unexpanded candidate and stops once that candidate is farther than
    /// the farthest of ef results. Nodes that `admission` refuses are walked through but never become
    /// results, so while fewer than ef results are found the walk goes on: a filtered search widens
    /// by itself until it has ef matches or has run out of graph.
    func searchLayer<Admission: NodeAdmission>(
        _ query: UnsafePointer<Float>, entries: [NodeHeap.Entry], ef: Int, level: Int, scratch: inout HNSWScratch,
        locks: NodeLocks?, admission: Admission
    ) -> [NodeHeap.Entry] {
        scratch.visited.reset()
        scratch.candidates.removeAll()
        scratch.results.removeAll()
        for entry in entries where scratch.visited.insert(Int(entry.node)) {
            scratch.candidates.push(entry.distance, entry.node)
            if admission.admits(Int(entry.node)) { scratch.results.push(entry.distance, entry.node) }
        }
        while scratch.results.count > ef { scratch.results.pop() }
        while let nearest = scratch.candidates.pop() {
            if scratch.results.count >= ef && nearest.distance > scratch.results.farthest { break }
            copyNeighbors(of: Int(nearest.node), level: level, into: &scratch.neighbors, locks: locks)
            for neighbor in scratch.neighbors where scratch.visited.insert(Int(neighbor)) {
                let candidate = distance(query, Int(neighbor))
                guard scratch.results.count < ef || candidate < scratch.results.farthest else { continue }
                scratch.candidates.push(candidate, neighbor)
                if admission.admits(Int(neighbor)) {
                    scratch.results.push(candidate, neighbor)
                    if scratch.results.count > ef { scratch.results.pop() }
                }
            }
        }
        return scratch.results.drainNearestFirst()
    }

    /// The paper's neighbour selection heuristic (Algorithm 4): take candidates nearest first, keeping
    /// one only when it is nearer to the base than to every neighbour already kept. Links then point in
    /// diverse directions instead of all into the nearest cluster, which keeps the graph navigable.
    /// `candidates` must be nearest first, with distances to the base.
    func selectNeighbors(_ candidates: [NodeHeap.Entry], limit: Int) -> [NodeHeap.Entry] {
        guard candidates.count > limit else { return candidates }
        var kept: [NodeHeap.Entry] = []
        kept.reserveCapacity(limit)
        for candidate in candidates {
            guard kept.count < limit else { break }
            let diverse = kept.allSatisfy { distance(between: Int(candidate.node), Int($0.node)) >= candidate.distance }
            if diverse { kept.append(candidate) }
        }
        return kept
    }
}
