import Testing

@testable import Steps

@Suite("dataset split")
struct DatasetSplitTests {
    let ids = (0..<50).map { "example-\($0)" }

    @Test("the test split is the fraction of the examples, the same for the same seed in any order")
    func deterministic() {
        let test = DatasetSplit.testIDs(ids, fraction: 0.1, seed: 42)
        #expect(test.count == 5)
        #expect(DatasetSplit.testIDs(ids.reversed(), fraction: 0.1, seed: 42) == test)
        #expect(DatasetSplit.testIDs(ids, fraction: 0.1, seed: 43) != test)
    }

    @Test("one new example leaves the other examples where they were, or moves one out of test")
    func stable() {
        let before = DatasetSplit.testIDs(ids, fraction: 0.1, seed: 42)
        let after = DatasetSplit.testIDs(ids + ["example-new"], fraction: 0.1, seed: 42)
        #expect(before.subtracting(after).count <= 1)
    }

    @Test("two examples or more keep at least one for testing and never all; zero keeps none")
    func bounds() {
        #expect(DatasetSplit.testIDs(["a", "b"], fraction: 0.1, seed: 1).count == 1)
        #expect(DatasetSplit.testIDs(["a", "b"], fraction: 0.99, seed: 1).count == 1)
        #expect(DatasetSplit.testIDs(["a"], fraction: 0.5, seed: 1).isEmpty)
        #expect(DatasetSplit.testIDs(ids, fraction: 0, seed: 1).isEmpty)
    }

    @Test("request seeds depend on the step's seed and the request, not on the order of requests")
    func requestSeeds() {
        #expect(DatasetSplit.requestSeed(42, "x") == DatasetSplit.requestSeed(42, "x"))
        #expect(DatasetSplit.requestSeed(42, "x") != DatasetSplit.requestSeed(42, "y"))
        #expect(DatasetSplit.requestSeed(42, "x") != DatasetSplit.requestSeed(43, "x"))
    }
}
