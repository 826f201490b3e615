/// The lineage around one artifact, a few hops up and down, cut at a node limit so that a graph of
/// thousands of artifacts answers at once. A hop is artifact → step run → artifact.
public struct LineageNeighborhood: Sendable {
    public struct Edge: Sendable, Hashable {
        public var artifactID: String
        public var stepRunID: Int64
        /// The step run read the artifact (true) or produced it (false).
        public var isInput: Bool
        /// The input or output name.
        public var port: String
    }

    public var root: ArtifactRecord
    public var artifacts: [String: ArtifactRecord]
    public var stepRuns: [Int64: StepRunRecord]
    public var edges: [Edge]
    /// Nodes left out because of the limit: the artifact or step run whose neighbours were not all taken.
    public var truncatedAt: Set<String>

    public var isTruncated: Bool { !truncatedAt.isEmpty }
}
