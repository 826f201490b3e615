import ArtifactStore

/// Splits examples into train and test by a seeded hash of each example's split key alone: a key whose
/// hash falls below `fraction` is in test, whatever else the dataset holds. Adding examples therefore
/// never moves one from test to train (or back), so a model trained on a later version was never trained
/// on an earlier version's test examples. The price is that the test share is `fraction` only on average:
/// a small dataset may hold no test example at all.
enum DatasetSplit {
    /// The keys to hold out for testing.
    static func testKeys(_ keys: some Sequence<String>, fraction: Double, seed: Int) -> Set<String> {
        Set(keys.filter { isTest($0, fraction: fraction, seed: seed) })
    }

    /// Whether the example with this split key belongs to the test split.
    static func isTest(_ key: String, fraction: Double, seed: Int) -> Bool {
        guard fraction > 0 else { return false }
        let digest = Hashing.sha256("split/v2\n\(seed)\n\(key)")
        // The first 52 bits, as many as a Double holds exactly, give a point of [0, 1).
        let point = Double(UInt64(digest.prefix(13), radix: 16)!) / Double(UInt64(1) << 52)
        return point < fraction
    }

    /// A request seed for one extract and attempt, derived from the step's seed so that answers do not
    /// depend on the order in which concurrent requests finish.
    static func requestSeed(_ seed: Int, _ key: String) -> UInt64 {
        let digest = Hashing.sha256("seed/v1\n\(seed)\n\(key)")
        return UInt64(digest.prefix(16), radix: 16)!
    }
}
