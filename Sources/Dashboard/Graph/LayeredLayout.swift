/// A layered (Sugiyama-style) layout, left to right: each node's layer is the longest path to it from
/// a source, nodes within a layer are ordered by the mean position of their neighbours (a few sweeps
/// down and up, which untangles most crossings of pipeline-sized graphs), then placed on a grid.
public struct LayeredLayout: Sendable {
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
    }

    public var nodeWidth: Double = 168
    public var nodeHeight: Double = 44
    public var layerGap: Double = 64
    public var rowGap: Double = 20
    public var margin: Double = 12

    public init() {}

    /// Top-left corner of each node, and the drawing's size.
    public func place(_ graph: GraphModel) -> (positions: [String: Point], width: Double, height: Double) {
        let ids = graph.nodes.map(\.id)
        let known = Set(ids)
        let edges = graph.edges.filter { known.contains($0.from) && known.contains($0.to) && $0.from != $0.to }
        var successors: [String: [String]] = [:]
        var predecessors: [String: [String]] = [:]
        for edge in edges {
            successors[edge.from, default: []].append(edge.to)
            predecessors[edge.to, default: []].append(edge.from)
        }
        let layer = layers(ids: ids, successors: successors, predecessors: predecessors)
        let depth = (layer.values.max() ?? 0) + 1
        var rows: [[String]] = Array(repeating: [], count: depth)
        for id in ids { rows[layer[id] ?? 0].append(id) }
        order(&rows, predecessors: predecessors, successors: successors)

        let tallest = rows.map(\.count).max() ?? 0
        let height = 2 * margin + Double(tallest) * nodeHeight + Double(max(0, tallest - 1)) * rowGap
        var positions: [String: Point] = [:]
        for (column, row) in rows.enumerated() {
            let used = Double(row.count) * nodeHeight + Double(max(0, row.count - 1)) * rowGap
            let top = (height - used) / 2
            for (index, id) in row.enumerated() {
                positions[id] = Point(
                    x: margin + Double(column) * (nodeWidth + layerGap), y: top + Double(index) * (nodeHeight + rowGap))
            }
        }
        let width = 2 * margin + Double(depth) * nodeWidth + Double(depth - 1) * layerGap
        return (positions, width, height)
    }

    /// Longest path from a source, in topological order; nodes on a cycle (which validation rules out
    /// for pipelines, but a drawing must not hang on) keep the layer they had when the order ran out.
    private func layers(ids: [String], successors: [String: [String]], predecessors: [String: [String]]) -> [String: Int] {
        var remaining = Dictionary(uniqueKeysWithValues: ids.map { ($0, predecessors[$0]?.count ?? 0) })
        var queue = ids.filter { remaining[$0] == 0 }
        var layer: [String: Int] = [:]
        var index = 0
        while index < queue.count {
            let id = queue[index]
            index += 1
            let own = layer[id] ?? 0
            layer[id] = own
            for next in successors[id] ?? [] {
                layer[next] = max(layer[next] ?? 0, own + 1)
                remaining[next, default: 0] -= 1
                if remaining[next] == 0 { queue.append(next) }
            }
        }
        for id in ids where layer[id] == nil { layer[id] = 0 }
        return layer
    }

    private func order(_ rows: inout [[String]], predecessors: [String: [String]], successors: [String: [String]]) {
        guard rows.count > 1 else { return }
        for sweep in 0..<4 {
            let downward = sweep % 2 == 0
            let columns = downward ? Array(1..<rows.count) : Array((0..<rows.count - 1).reversed())
            for column in columns {
                let reference = rows[downward ? column - 1 : column + 1]
                let position = Dictionary(uniqueKeysWithValues: reference.enumerated().map { ($1, Double($0)) })
                let neighbours = downward ? predecessors : successors
                let current = rows[column]
                let keys = current.enumerated().map { index, id -> (Double, Int, String) in
                    let places = (neighbours[id] ?? []).compactMap { position[$0] }
                    let centre = places.isEmpty ? Double(index) : places.reduce(0, +) / Double(places.count)
                    return (centre, index, id)
                }
                rows[column] = keys.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
            }
        }
    }
}
