import ArtifactStore
import Foundation
import Orchestrator
import Testing

@testable import Steps

@Suite("dataset thresholds")
struct DatasetThresholdsTests {
    let folder = URL(fileURLWithPath: "/work/run/outputs/dataset")
    let thresholds = DatasetThresholds(maxFailureRatio: 0.5, minExamples: 1)

    func rejection(_ extract: String, _ kind: Rejection.Kind, _ reason: String) -> Rejection {
        Rejection(extract: extract, kind: kind, reason: reason, item: .null)
    }

    @Test("the defaults let half of the extracts fail, not more, and ask for one example")
    func defaults() throws {
        let parameters = StepParameters(["max_failure_ratio": 0.5, "min_examples": 1])
        #expect(try DatasetThresholds(parameters) == thresholds)
        #expect(DatasetThresholds.descriptors.map(\.defaultValue) == [0.5, 1])
        try thresholds.check(extracts: 4, failed: ["a", "b"], examples: 2, rejections: [], folder: folder)
    }

    @Test("more failed extracts than allowed fail with the counts, the first reasons and the parameter to change")
    func tooManyFailures() {
        let rejections = [
            rejection("a", .json, "not JSON after one repair request"), rejection("c", .tooShort, "answer has 3 characters"),
            rejection("b", .tooShort, "no passage of the extract is a prose paragraph"),
            rejection("b", .json, "not JSON after one repair request"),
        ]
        #expect(
            throws: StepFailure(
                "3 of 4 extracts (75%) gave no usable example, more than max_failure_ratio 0.5 allows; first reasons: "
                    + "(json) not JSON after one repair request; (too-short) no passage of the extract is a prose paragraph; "
                    + "the dataset is kept for inspection in /work/run/outputs/dataset (rejected.jsonl says why each item was "
                    + "left out); use a better generator or prompt, or raise max_failure_ratio (at most 1) to accept so poor "
                    + "a dataset")
        ) {
            try thresholds.check(extracts: 4, failed: ["a", "b", "d"], examples: 1, rejections: rejections, folder: folder)
        }
    }

    @Test("fewer examples than min_examples fail; a ratio of 1 and a minimum of 0 never do")
    func minimum() throws {
        #expect(throws: StepFailure.self) {
            try DatasetThresholds(maxFailureRatio: 1, minExamples: 5).check(
                extracts: 2, failed: [], examples: 4, rejections: [], folder: folder)
        }
        do {
            try DatasetThresholds(maxFailureRatio: 1, minExamples: 5).check(
                extracts: 2, failed: [], examples: 4, rejections: [], folder: folder)
        } catch {
            #expect("\(error)".hasPrefix("4 usable examples from 2 extracts, fewer than min_examples 5; the dataset is kept"))
            #expect("\(error)".hasSuffix("; give the step more text or a better generator, or lower min_examples"))
        }
        try DatasetThresholds(maxFailureRatio: 1, minExamples: 0).check(
            extracts: 3, failed: ["a", "b", "c"], examples: 0, rejections: [], folder: folder)
    }

    @Test(
        "out-of-range thresholds are named",
        arguments: [
            (["max_failure_ratio": 1.5, "min_examples": 1], "parameter 'max_failure_ratio' must be between 0 and 1, got 1.5"),
            (["max_failure_ratio": 0.5, "min_examples": -1], "parameter 'min_examples' must be 0 or more, got -1"),
        ] as [([String: JSONValue], String)])
    func invalid(values: [String: JSONValue], message: String) {
        #expect(throws: StepFailure(message)) { try DatasetThresholds(StepParameters(values)) }
    }
}
