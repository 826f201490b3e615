/// The dependency graph of a pipeline's steps: data edges (inputs), control edges (`after`) and
/// the steps a `when` guard reads.
public struct PipelineGraph: Sendable {
    /// Step names in file order.
    public let nodes: [String]
    /// For each step, the steps it waits for.
    public let dependencies: [String: Set<String>]

    public init(nodes: [String], dependencies: [String: Set<String>]) {
        self.nodes = nodes
        self.dependencies = dependencies
    }

    /// The steps that wait for each step.
    public var dependents: [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        for (node, upstream) in dependencies {
            for dependency in upstream { result[dependency, default: []].insert(node) }
        }
        return result
    }

    /// A cycle, as the list of steps around it (first step repeated at the end), if there is one.
    public func findCycle() -> [String]? {
        enum Mark { case visiting, done }
        var marks: [String: Mark] = [:]
        var stack: [String] = []

        func visit(_ node: String) -> [String]? {
            if marks[node] == .done { return nil }
            if marks[node] == .visiting {
                let start = stack.firstIndex(of: node) ?? 0
                return Array(stack[start...]) + [node]
            }
            marks[node] = .visiting
            stack.append(node)
            for dependency in (dependencies[node] ?? []).sorted() where nodes.contains(dependency) {
                if let cycle = visit(dependency) { return cycle }
            }
            stack.removeLast()
            marks[node] = .done
            return nil
        }

        for node in nodes {
            if let cycle = visit(node) {
                // The walk follows dependencies backwards; print the cycle in execution order.
                return Array(cycle.reversed())
            }
        }
        return nil
    }

    /// Steps in an order where every step comes after what it depends on; ties keep file order.
    public func topologicalOrder() -> [String] {
        var remaining = Dictionary(
            uniqueKeysWithValues: nodes.map { ($0, (dependencies[$0] ?? []).filter(nodes.contains).count) })
        let dependents = self.dependents
        var order: [String] = []
        var ready = nodes.filter { remaining[$0] == 0 }
        while !ready.isEmpty {
            let node = ready.removeFirst()
            order.append(node)
            for dependent in nodes where dependents[node]?.contains(dependent) == true {
                remaining[dependent]! -= 1
                if remaining[dependent] == 0 { ready.append(dependent) }
            }
        }
        return order
    }
}
