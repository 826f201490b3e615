import CKernels

/// The two walks of Malkov & Yashunin's paper: the greedy descent through the upper layers, and the
/// best-first search of one layer (their Algorithm 2) that keeps the ef nearest nodes seen.
extension HNSWLayout {
    /// Collects `node`'s neighbours on `level` that `visited` has not seen into `fresh.nodes`, marking
    /// them seen, scores them all against `query` in one call into `fresh.scores`, and returns how many.
    /// Each collected node's first cache line is requested as it is found, so that the loads of the whole
    /// list are under way before the first product starts. Reads the list under the node's lock when
    /// other threads may be rewriting it.
    @inline(__always)
    func scoreUnvisitedNeighbors(
        of node: Int, level: Int, query: UnsafePointer<Float>, visited: VisitedList, fresh: NeighborScores,
        locks: NodeLocks?
    ) -> Int {
        locks?.lock(node)
        let list = links(node, level: level)
        let count = Int(list[0])
        var found = 0
        for index in 0..<count {
            let neighbor = list[1 + index]
            guard visited.insert(Int(neighbor)) else { continue }
            ck_prefetch(vector(Int(neighbor)))
            fresh.nodes[found] = neighbor
            found += 1
        }
        locks?.unlock(node)
        DotProduct.dots(query, rows: fresh.nodes, count: found, of: vectors, dimension: dimension, into: fresh.scores)
        return found
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
        let fresh = scratch.fresh
        // A node scored once never needs scoring again, on this layer or a lower one: it was no nearer
        // than the position then, and the position only gets nearer.
        scratch.visited.reset()
        _ = scratch.visited.insert(entry)
        while level > bottom {
            var moved = true
            while moved {
                moved = false
                let count = scoreUnvisitedNeighbors(
                    of: current, level: level, query: query, visited: scratch.visited, fresh: fresh, locks: locks)
                var next = current
                for index in 0..<count {
                    let candidate = 1 - fresh.scores[index]
                    if candidate < currentDistance {
                        currentDistance = candidate
                        next = Int(fresh.nodes[index])
                        moved = true
                    }
                }
                current = next
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
        let fresh = scratch.fresh
        while let nearest = scratch.candidates.pop() {
            if scratch.results.count >= ef && nearest.distance > scratch.results.farthest { break }
            // The next node to expand is most likely the nearest candidate left: start loading its links.
            if let next = scratch.candidates.top { ck_prefetch(links(Int(next.node), level: level)) }
            let count = scoreUnvisitedNeighbors(
                of: Int(nearest.node), level: level, query: query, visited: scratch.visited, fresh: fresh,
                locks: locks)
            for index in 0..<count {
                let candidate = 1 - fresh.scores[index]
                guard scratch.results.count < ef || candidate < scratch.results.farthest else { continue }
                let neighbor = fresh.nodes[index]
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
