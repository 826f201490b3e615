import Orchestrator

/// Named DAG shapes shared by graph and validation tests.
enum GraphFixtures {
    /// a → b → c
    static let chain = PipelineGraph(nodes: ["a", "b", "c"], dependencies: ["a": [], "b": ["a"], "c": ["b"]])

    /// a → b, a → c, (b, c) → d
    static let diamond = PipelineGraph(
        nodes: ["a", "b", "c", "d"], dependencies: ["a": [], "b": ["a"], "c": ["a"], "d": ["b", "c"]])

    /// source → w1, w2, w3 → join
    static let fanOutFanIn = PipelineGraph(
        nodes: ["source", "w1", "w2", "w3", "join"],
        dependencies: ["source": [], "w1": ["source"], "w2": ["source"], "w3": ["source"], "join": ["w1", "w2", "w3"]])
}
