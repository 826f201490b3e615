import Dispatch
import Foundation

/// Builds an HNSW graph in place, in the link sections of an index file being written (Malkov &
/// Yashunin, Algorithm 1). Every node's top layer is drawn beforehand (see `drawLevels`), so the layout
/// of the links is fixed before the first insertion and the vectors are all in place: an insertion only
/// writes neighbour lists.
///
/// With more than one thread, nodes are inserted concurrently as hnswlib does: each neighbour list has its
/// own lock, and an insertion that raises the top layer holds the graph's lock until it is done, so the
/// entry point never moves to a node that is not linked yet. One thread gives the same graph every time.
final class HNSWConstruction: @unchecked Sendable {
    // Shared between the inserting threads: `layout`'s lists are guarded by `locks`, and `entryPoint`
    // and `maxLevel` by `graphLock`; the rest is read-only.
    let layout: HNSWLayout
    let efConstruction: Int
    private let locks: NodeLocks?
    private let graphLock = NSLock()
    private(set) var entryPoint = -1
    private(set) var maxLevel = 0

    init(layout: HNSWLayout, efConstruction: Int, threads: Int) {
        self.layout = layout
        self.efConstruction = efConstruction
        locks = threads > 1 ? NodeLocks(count: layout.count) : nil
    }

    /// Top layers for `count` nodes: floor(-ln(u) * mL) with mL = 1/ln(M), so each layer holds about
    /// 1/M of the nodes of the layer below. Capped well below the 255 a byte stores.
    static func drawLevels(count: Int, m: Int, seed: UInt64) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        let multiplier = 1 / log(Double(m))
        return (0..<count).map { _ in
            // A uniform draw in (0, 1]: 53 random bits, never zero.
            let uniform = Double((generator.next() >> 11) + 1) * 0x1p-53
            return UInt8(min(Int(-log(uniform) * multiplier), 60))
        }
    }

    /// Inserts every node, the first alone and the rest spread over `threads` threads.
    func build(threads: Int) {
        guard layout.count > 0 else { return }
        entryPoint = 0
        maxLevel = layout.level(of: 0)
        let workers = max(1, min(threads, layout.count - 1))
        guard layout.count > 1 else { return }
        if workers == 1 {
            var scratch = HNSWScratch(count: layout.count, width: layout.m0)
            for node in 1..<layout.count { insert(node, scratch: &scratch) }
            return
        }
        // Interleaved shares keep the workers on nodes of similar ages, so they contend little.
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var scratch = HNSWScratch(count: layout.count, width: layout.m0)
            var node = 1 + worker
            while node < layout.count {
                insert(node, scratch: &scratch)
                node += workers
            }
        }
    }

    private func insert(_ node: Int, scratch: inout HNSWScratch) {
        let level = layout.level(of: node)
        graphLock.lock()
        let entry = entryPoint
        let top = maxLevel
        let raisesTop = level > top
        if !raisesTop { graphLock.unlock() }
        defer {
            if raisesTop {
                entryPoint = node
                maxLevel = level
                graphLock.unlock()
            }
        }
        let query = layout.vector(node)
        var entries = [layout.descend(to: query, from: entry, top: top, bottom: level, scratch: &scratch, locks: locks)]
        for layer in stride(from: min(level, top), through: 0, by: -1) {
            let found = layout.searchLayer(
                query, entries: entries, ef: efConstruction, level: layer, scratch: &scratch, locks: locks,
                admission: AdmitAll())
            let chosen = layout.selectNeighbors(found, limit: layout.m)
            setNeighbors(of: node, level: layer, to: chosen)
            for neighbor in chosen {
                link(Int(neighbor.node), to: node, level: layer, distance: neighbor.distance, scores: scratch.fresh.scores)
            }
            entries = found
        }
    }

    private func setNeighbors(of node: Int, level: Int, to neighbors: [NodeHeap.Entry]) {
        locks?.lock(node)
        let list = layout.links(node, level: level)
        list[0] = UInt32(neighbors.count)
        for (index, neighbor) in neighbors.enumerated() { list[1 + index] = neighbor.node }
        locks?.unlock(node)
    }

    /// Adds `newNode` to `node`'s list; a full list is re-chosen with the heuristic from its members and
    /// the new node, which may drop the new node or an old neighbour. `scores` has room for a full list.
    private func link(_ node: Int, to newNode: Int, level: Int, distance: Float, scores: UnsafeMutablePointer<Float>) {
        let capacity = layout.capacity(level: level)
        locks?.lock(node)
        defer { locks?.unlock(node) }
        let list = layout.links(node, level: level)
        let count = Int(list[0])
        if count < capacity {
            list[1 + count] = UInt32(newNode)
            list[0] = UInt32(count + 1)
            return
        }
        var candidates = [NodeHeap.Entry(distance: distance, node: UInt32(newNode))]
        candidates.reserveCapacity(count + 1)
        DotProduct.dots(
            layout.vector(node), rows: list + 1, count: count, of: layout.vectors, dimension: layout.dimension,
            into: scores)
        for index in 0..<count { candidates.append(NodeHeap.Entry(distance: 1 - scores[index], node: list[1 + index])) }
        candidates.sort { ($0.distance, $0.node) < ($1.distance, $1.node) }
        let kept = layout.selectNeighbors(candidates, limit: capacity)
        list[0] = UInt32(kept.count)
        for (index, neighbor) in kept.enumerated() { list[1 + index] = neighbor.node }
    }
}
