import ArtifactStore

/// Splits examples into train and test by a seeded hash of their ids: the same seed gives the same split
/// whatever order the examples came in, and one new example does not move the others.
enum DatasetSplit {
    /// The ids to hold out for testing: `fraction` of them, rounded, at least one when there are two or more
    /// examples and the fraction is above zero, and never all.
    static func testIDs(_ ids: [String], fraction: Double, seed: Int) -> Set<String> {
        guard fraction > 0, ids.count >= 2 else { return [] }
        let count = min(ids.count - 1, max(1, Int((Double(ids.count) * fraction).rounded())))
        let ranked = ids.map { (key: Hashing.sha256("split/v1\n\(seed)\n\($0)"), id: $0) }.sorted { $0.key < $1.key }
        return Set(ranked.prefix(count).map(\.id))
    }

    /// A request seed for one extract and attempt, derived from the step's seed so that answers do not
    /// depend on the order in which concurrent requests finish.
    static func requestSeed(_ seed: Int, _ key: String) -> UInt64 {
        let digest = Hashing.sha256("seed/v1\n\(seed)\n\(key)")
        return UInt64(digest.prefix(16), radix: 16)!
    }
}
