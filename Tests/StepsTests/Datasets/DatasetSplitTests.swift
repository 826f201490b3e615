import Testing

@testable import Steps

@Suite("dataset split")
struct DatasetSplitTests {
    let keys = (0..<1000).map { "example-\($0)" }

    @Test("about the fraction of the examples is held out, the same for the same seed in any order")
    func deterministic() {
        let test = DatasetSplit.testKeys(keys, fraction: 0.1, seed: 42)
        #expect((70...130).contains(test.count), "\(test.count) of 1000")
        #expect(DatasetSplit.testKeys(keys.reversed(), fraction: 0.1, seed: 42) == test)
        #expect(DatasetSplit.testKeys(keys, fraction: 0.1, seed: 43) != test)
    }

    @Test("data added one example at a time never moves an example from test to train, nor from train to test")
    func noLeakage() {
        var before = DatasetSplit.testKeys(keys.prefix(10), fraction: 0.1, seed: 42)
        for count in 11...keys.count {
            let after = DatasetSplit.testKeys(keys.prefix(count), fraction: 0.1, seed: 42)
            #expect(before.isSubset(of: after), "adding example \(count) moved \(before.subtracting(after)) to train")
            #expect(after.subtracting(before).isSubset(of: [keys[count - 1]]))
            before = after
        }
    }

    @Test("a dataset, then the same dataset and many new examples: every test example of the first stays in test")
    func grownDataset() {
        let first = DatasetSplit.testKeys(keys.prefix(100), fraction: 0.2, seed: 7)
        let grown = DatasetSplit.testKeys(keys.shuffled(), fraction: 0.2, seed: 7)
        #expect(!first.isEmpty && first.isSubset(of: grown))
        #expect(grown.intersection(keys.prefix(100)) == first)
    }

    @Test("a fraction of zero holds nothing out")
    func bounds() {
        #expect(DatasetSplit.testKeys(keys, fraction: 0, seed: 1).isEmpty)
        #expect(DatasetSplit.testKeys(keys, fraction: 0.999, seed: 1).count > 990)
    }

    @Test("request seeds depend on the step's seed and the request, not on the order of requests")
    func requestSeeds() {
        #expect(DatasetSplit.requestSeed(42, "x") == DatasetSplit.requestSeed(42, "x"))
        #expect(DatasetSplit.requestSeed(42, "x") != DatasetSplit.requestSeed(42, "y"))
        #expect(DatasetSplit.requestSeed(42, "x") != DatasetSplit.requestSeed(43, "x"))
    }
}
