import Orchestrator
import Testing

@Suite("PipelineGraph")
struct PipelineGraphTests {
    @Test("a chain runs in order")
    func chain() {
        #expect(GraphFixtures.chain.findCycle() == nil)
        #expect(GraphFixtures.chain.topologicalOrder() == ["a", "b", "c"])
    }

    @Test("a diamond runs its source first, its join last and its branches in file order")
    func diamond() {
        #expect(GraphFixtures.diamond.findCycle() == nil)
        #expect(GraphFixtures.diamond.topologicalOrder() == ["a", "b", "c", "d"])
    }

    @Test("a fan-out/fan-in runs the workers between the source and the join")
    func fanOutFanIn() {
        #expect(GraphFixtures.fanOutFanIn.findCycle() == nil)
        #expect(GraphFixtures.fanOutFanIn.topologicalOrder() == ["source", "w1", "w2", "w3", "join"])
    }

    @Test("ties keep file order, whatever order the file lists the steps in")
    func tiesKeepFileOrder() {
        let graph = PipelineGraph(
            nodes: ["join", "w3", "w1", "source", "w2"], dependencies: GraphFixtures.fanOutFanIn.dependencies)
        #expect(graph.topologicalOrder() == ["source", "w3", "w1", "w2", "join"])
        let independent = PipelineGraph(nodes: ["z", "y", "x"], dependencies: [:])
        #expect(independent.topologicalOrder() == ["z", "y", "x"])
    }

    @Test("every step comes after all it depends on")
    func respectsEdges() {
        for graph in [GraphFixtures.chain, GraphFixtures.diamond, GraphFixtures.fanOutFanIn] {
            let order = graph.topologicalOrder()
            #expect(Set(order) == Set(graph.nodes))
            for (node, upstream) in graph.dependencies {
                for dependency in upstream {
                    #expect(order.firstIndex(of: dependency)! < order.firstIndex(of: node)!)
                }
            }
        }
    }

    @Test("dependents are the reverse edges")
    func dependents() {
        #expect(GraphFixtures.diamond.dependents == ["a": ["b", "c"], "b": ["d"], "c": ["d"]])
        #expect(GraphFixtures.fanOutFanIn.dependents["source"] == ["w1", "w2", "w3"])
    }

    @Test("a cycle is reported in execution order with its first step repeated")
    func cycle() {
        let graph = PipelineGraph(nodes: ["a", "b", "c"], dependencies: ["a": ["c"], "b": ["a"], "c": ["b"]])
        #expect(graph.findCycle() == ["a", "b", "c", "a"])
    }

    @Test("a cycle behind other steps is found, without the steps leading to it")
    func cycleBehindAChain() {
        let graph = PipelineGraph(
            nodes: ["start", "x", "y", "end"], dependencies: ["x": ["start", "y"], "y": ["x"], "end": ["y"]])
        #expect(graph.findCycle() == ["x", "y", "x"])
    }

    @Test("a step that depends on itself is a cycle")
    func selfLoop() {
        #expect(PipelineGraph(nodes: ["a"], dependencies: ["a": ["a"]]).findCycle() == ["a", "a"])
    }

    @Test("steps on a cycle never become ready; the rest are ordered")
    func orderWithCycle() {
        let graph = PipelineGraph(nodes: ["free", "a", "b", "after"], dependencies: ["a": ["b"], "b": ["a"], "after": ["b"]])
        #expect(graph.topologicalOrder() == ["free"])
    }

    @Test("dependencies on steps that are not in the graph are ignored")
    func unknownDependencies() {
        let graph = PipelineGraph(nodes: ["a", "b"], dependencies: ["a": ["ghost"], "b": ["a"]])
        #expect(graph.findCycle() == nil)
        #expect(graph.topologicalOrder() == ["a", "b"])
    }
}
