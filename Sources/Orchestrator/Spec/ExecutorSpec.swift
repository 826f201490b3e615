/// Where a step runs: `executor: { kind: slurm, partition: gpu, account: ml }`, written for the whole
/// pipeline or for one step (the step's wins). Where a step runs never joins its cache key: the same
/// work gives the same outputs on a laptop and on a cluster.
public struct ExecutorSpec: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// In this process (built-in steps) or a child process of it (`command`).
        case local
        /// A Slurm batch job per attempt, running `orchestrate step-exec`.
        case slurm
    }

    public var kind: Kind
    /// `sbatch --partition`; the cluster's default partition when nil.
    public var partition: String?
    /// `sbatch --account`; the submitting user's default account when nil.
    public var account: String?

    public init(kind: Kind, partition: String? = nil, account: String? = nil) {
        self.kind = kind
        self.partition = partition
        self.account = account
    }

    public static let local = ExecutorSpec(kind: .local)
}
