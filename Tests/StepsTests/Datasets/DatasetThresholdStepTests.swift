import ArtifactStore
import Foundation
import OrchestrateTesting
import Orchestrator
import Steps
import Testing

/// A dataset step whose extracts mostly gave nothing fails, so it is neither cached nor published for the
/// steps and triggers that train on it.
@Suite("dataset thresholds in a run", .serialized)
struct DatasetThresholdStepTests: DatasetStepTesting {
    @Test("too many extracts without an example fail the step with counts and reasons, publish nothing and are not cached")
    func tooManyFailures() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let fixture = try fixture()
        defer { fixture.remove() }
        let yaml = pipeline("generate-instruct-dataset", openai(site, "dataset-messy") + ", max_failure_ratio: 0.25")
        for _ in 0..<2 {
            let run = try await fixture.run(yaml)
            let step = try #require(try fixture.step("data", of: run))
            #expect(step.status == .failed)
            let error = try #require(step.error)
            #expect(
                error.hasPrefix(
                    "2 of 4 extracts (50%) gave no usable example, more than max_failure_ratio 0.25 allows; first reasons: "
                        + "(invalid) the instruction speaks of 'this passage', which makes no sense without the passage; "
                        + "the dataset is kept for inspection in "), "\(error)")
            #expect(error.hasSuffix("or raise max_failure_ratio (at most 1) to accept so poor a dataset"))
            #expect(try fixture.artifact("data", "dataset", in: run) == nil)
            // The dataset was written where the message says, for inspection.
            let kept = try #require(error.firstMatch(of: /inspection in (\S+) \(/)?.output.1)
            #expect(FileManager.default.fileExists(atPath: String(kept) + "/rejected.jsonl"))
        }
    }

    @Test("fewer examples than min_examples fail the step; max_failure_ratio 1 and min_examples 0 accept an empty dataset")
    func minimum() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let fixture = try fixture()
        defer { fixture.remove() }
        let few = try await fixture.run(pipeline("generate-instruct-dataset", openai(site, "dataset") + ", min_examples: 5"))
        let step = try #require(try fixture.step("data", of: few))
        #expect(step.status == .failed)
        #expect(
            step.error?.hasPrefix("4 usable examples from 4 extracts, fewer than min_examples 5;") == true, "\(step.error ?? "")")
        let none = try await fixture.run(
            pipeline(
                "generate-instruct-dataset",
                openai(site, "dataset") + ", min_passage_chars: 1000, max_failure_ratio: 1, min_examples: 0"))
        #expect(try fixture.step("data", of: none)?.status == .succeeded)
        #expect(try fixture.artifact("data", "dataset", in: none)?.metadataValue["count"] == 0)
    }

    @Test("the preference step has the same thresholds")
    func preference() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let fixture = try fixture()
        defer { fixture.remove() }
        let run = try await fixture.run(pipeline("generate-preference-dataset", openai(site, "dataset") + ", min_examples: 9"))
        let step = try #require(try fixture.step("data", of: run))
        #expect(step.status == .failed)
        #expect(step.error?.contains("fewer than min_examples 9") == true, "\(step.error ?? "")")
    }
}
