import Foundation

/// The part of the lineage graph reachable from one artifact, in one direction.
///
/// Nodes are artifacts and the step runs that produced them; an edge says that a step run read
/// an artifact under an input name. Upstream answers "where did this come from", downstream
/// "what was made from this".
public struct LineageGraph: Sendable {
    public enum Direction: String, Sendable, CaseIterable {
        case upstream, downstream
    }

    public struct Edge: Sendable, Hashable {
        public var artifactID: String
        public var stepRunID: Int64
        public var input: String
    }

    public var root: ArtifactRecord
    public var direction: Direction
    public var artifacts: [String: ArtifactRecord]
    public var stepRuns: [Int64: StepRunRecord]
    /// Inputs read by each step run in the graph.
    public var edges: [Edge]

    /// The step run that produced an artifact, when it is part of the graph.
    public func producer(of artifact: ArtifactRecord) -> StepRunRecord? {
        artifact.producerStepRunId.flatMap { stepRuns[$0] }
    }

    /// (input name, artifact) pairs a step run read, sorted by input name.
    public func inputs(of stepRunID: Int64) -> [(String, ArtifactRecord)] {
        edges.filter { $0.stepRunID == stepRunID }.compactMap { edge in
            artifacts[edge.artifactID].map { (edge.input, $0) }
        }.sorted { $0.0 < $1.0 }
    }

    /// Step runs in the graph that read an artifact, oldest first.
    public func consumers(of artifactID: String) -> [StepRunRecord] {
        Set(edges.filter { $0.artifactID == artifactID }.map(\.stepRunID)).compactMap { stepRuns[$0] }
            .sorted { ($0.id ?? 0) < ($1.id ?? 0) }
    }

    /// Artifacts in the graph that a step run produced, by name.
    public func products(of stepRunID: Int64) -> [ArtifactRecord] {
        artifacts.values.filter { $0.producerStepRunId == stepRunID }.sorted { $0.name < $1.name }
    }
}
