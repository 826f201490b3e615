import ArtifactStore
import Foundation
import OrchestrateTesting
import Orchestrator
import Steps
import Testing

/// A step's version is in every cache key, so what a built-in step writes is pinned per version on the
/// golden fixtures: new output under an old version would let stores serve stale results as current.
///
/// Run with `ORCHESTRATE_PRINT_GOLDEN_DIGESTS=1` to print `step-outputs.json` with today's digests.
@Suite("golden step outputs", .serialized)
struct StepOutputGoldenTests {
    @Test("every built-in step writes the pinned digests for its version on the golden fixtures")
    func pinnedOutputs() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        try GoldenPipeline.prepare(fixture.project)
        let replay = site.url("/_/openai/v1")
        let run = try await fixture.run(GoldenPipeline.yaml(replay: replay))

        let golden = try GoldenDigests.load()
        var current = GoldenDigests(steps: [:], about: golden.about)
        for step in GoldenPipeline.cases(replay: site.baseURL) {
            let version = try #require(BuiltInSteps.catalog.step(step.type)).descriptor.version
            let record = try #require(try fixture.step(step.step, of: run), "step '\(step.step)' did not run")
            guard record.status == .succeeded else {
                Issue.record("step '\(step.step)' \(record.status.rawValue) on the golden fixtures: \(record.error ?? "")")
                continue
            }
            var digests: [String: String] = [:]
            for (name, artifact) in try fixture.store.outputs(ofStepRun: try #require(record.id)) {
                let url = fixture.store.blobs.location(ofSHA256: artifact.sha256)
                digests[name] = try step.digest.digest(of: url, sha256: artifact.sha256)
            }
            current.steps[GoldenDigests.key(step.type, version)] = digests
            for problem in golden.problems(type: step.type, version: version, source: step.source, actual: digests) {
                Issue.record(Comment(rawValue: problem))
            }
        }
        if ProcessInfo.processInfo.environment[GoldenDigests.printVariable] == "1" {
            print("\(GoldenDigests.path) with the digests of today's steps:\n\(current.text)")
        }
    }

    @Test("embed's digest survives the last-bit differences of its floats, such as those between batch sizes")
    func embeddingsDigestIsStable() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        try GoldenPipeline.prepare(fixture.project)
        // Batches of 1 and of 32 texts multiply matrices of other shapes, so their floats differ by about 1e-7.
        let run = try await fixture.run(
            """
            name: batches
            steps:
              chunks: { uses: command, run: cp chunks.jsonl "$OUTPUT_chunks", outputs: { chunks: chunks } }
              one: { uses: embed, inputs: { chunks: chunks.chunks }, with: { batch_size: 1 } }
              many: { uses: embed, inputs: { chunks: chunks.chunks }, with: { batch_size: 32 } }
            """)
        let digests = try ["one", "many"].map { step in
            let artifact = try #require(try fixture.artifact(step, "embeddings", in: run))
            let url = fixture.store.blobs.location(ofSHA256: artifact.sha256)
            return try OutputDigest.embeddingsStructure.digest(of: url, sha256: artifact.sha256)
        }
        #expect(digests[0] == digests[1])
    }

    @Test("every step type of the catalog has a golden case, so a new step type is pinned too")
    func everyTypeIsCovered() {
        let covered = GoldenPipeline.cases(replay: URL(string: "http://127.0.0.1")!).map(\.type)
        #expect(covered == BuiltInSteps.catalog.types)
    }

    @Test("the golden file is as the test would print it: sorted, one digest a line")
    func fileIsCanonical() throws {
        let text = try String(contentsOf: GoldenDigests.url, encoding: .utf8)
        #expect(try GoldenDigests.load().text == text)
    }

    @Test("a changed output under the same version asks for a version bump and a new digest")
    func changedOutput() {
        let golden = GoldenDigests(steps: ["clean@1": ["documents": "aaa"]], about: [])
        let source = "Sources/Steps/Clean/CleanStep.swift"
        #expect(golden.problems(type: "clean", version: 1, source: source, actual: ["documents": "aaa"]).isEmpty)
        let problems = golden.problems(type: "clean", version: 1, source: source, actual: ["documents": "bbb"])
        #expect(
            problems == [
                "the output 'documents' of step 'clean' changed on the golden fixtures (pinned aaa, now bbb): bump the step's "
                    + "version in Sources/Steps/Clean/CleanStep.swift and update the golden digest in "
                    + "Tests/StepsTests/Golden/step-outputs.json (run the golden test with ORCHESTRATE_PRINT_GOLDEN_DIGESTS=1 "
                    + "to print the new digests)"
            ])
        #expect(golden.problems(type: "clean", version: 1, source: source, actual: [:]).count == 1, "a lost output")
    }

    @Test("a bumped version without new golden digests fails too, even when the output is the same")
    func bumpedVersion() {
        let golden = GoldenDigests(steps: ["clean@1": ["documents": "aaa"]], about: [])
        let problems = golden.problems(
            type: "clean", version: 2, source: "Sources/Steps/Clean/CleanStep.swift", actual: ["documents": "aaa"])
        #expect(
            problems == [
                "step 'clean' is at version 2 in Sources/Steps/Clean/CleanStep.swift, but "
                    + "Tests/StepsTests/Golden/step-outputs.json pins clean@1: update the golden digest to \"clean@2\" with "
                    + "the digests of version 2 (run the golden test with ORCHESTRATE_PRINT_GOLDEN_DIGESTS=1 to print the "
                    + "new digests)"
            ])
        #expect(
            golden.problems(type: "chunk", version: 1, source: "", actual: [:]).first?.hasPrefix("step 'chunk' has no golden")
                == true)
    }
}
