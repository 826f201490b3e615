import ArtifactStore
import Foundation
import Orchestrator
import Testing

/// A pipeline that reads another pipeline's artifact by reference: resolved when the run starts,
/// pinned with the run, part of the cache key and of the lineage.
@Suite("RunEngine artifact inputs")
struct RunEngineArtifactInputTests {
    static let datasets = """
        name: datasets
        parameters: { text: first }
        steps:
          make: { uses: write, with: { text: "${params.text}" } }
        """

    static func training(reading reference: String = "datasets/make.out") -> String {
        """
        name: training
        steps:
          train: { uses: upper, inputs: { text: \(reference) } }
          report: { uses: upper, inputs: { text: train.out }, with: { suffix: "!" } }
        """
    }

    /// Runs `datasets` with `text`, returning the artifact it published.
    @discardableResult
    private func publish(_ text: String, in fixture: EngineFixture) async throws -> ArtifactRecord {
        let run = try await fixture.run(try fixture.plan(Self.datasets, overrides: [("text", text)]))
        return try #require(try fixture.artifact("make", in: run))
    }

    @Test("a second pipeline reads the first's latest version; a new version gives it a new cache key")
    func readsLatest() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let first = try await publish("first", in: fixture)
        let plan = try fixture.plan(Self.training())

        let run = try await fixture.run(plan)
        #expect(run.status == .succeeded)
        #expect(try fixture.text("report", in: run) == "FIRST!")
        let train = try #require(try fixture.steps(of: run)["train"])
        #expect(try fixture.store.inputs(ofStepRun: train.id!).mapValues(\.id) == ["text": first.id])
        let options = try JSONText.parse(run.options)
        #expect(options["artifact_inputs"] == ["datasets/make.out@latest": .string(first.id)])

        // Unchanged: both steps are cached.
        let again = try await fixture.run(plan)
        #expect(try fixture.statuses(of: again) == ["train": .cached, "report": .cached])

        let second = try await publish("second", in: fixture)
        #expect(second.version == 2)
        let after = try await fixture.run(plan)
        let retrained = try #require(try fixture.steps(of: after)["train"])
        #expect(retrained.status == .succeeded)
        #expect(retrained.cacheKey != train.cacheKey)
        #expect(try fixture.store.inputs(ofStepRun: retrained.id!).mapValues(\.id) == ["text": second.id])
        #expect(try fixture.text("report", in: after) == "SECOND!")
        #expect(fixture.recorder.counts["train"] == 2)
    }

    @Test("@N reads that version even when a newer one exists")
    func numberedVersion() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let first = try await publish("first", in: fixture)
        try await publish("second", in: fixture)

        let run = try await fixture.run(try fixture.plan(Self.training(reading: "datasets/make.out@1")))
        #expect(try fixture.text("train", in: run) == "FIRST")
        #expect(try JSONText.parse(run.options)["artifact_inputs"] == ["datasets/make.out@1": .string(first.id)])
    }

    @Test("lineage leads from the reader's output to the run that published what it read")
    func lineage() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let first = try await publish("first", in: fixture)
        let run = try await fixture.run(try fixture.plan(Self.training()))
        let report = try #require(try fixture.artifact("report", in: run))

        let graph = try fixture.store.lineage(of: report, direction: .upstream)
        #expect(graph.artifacts[first.id] != nil)
        let train = try #require(try fixture.steps(of: run)["train"])
        #expect(graph.inputs(of: train.id!).map(\.1.qualifiedName) == ["datasets/make.out@1"])
        #expect(graph.producer(of: first)?.pipeline == "datasets")
    }

    @Test("with nothing published the run is refused where the reference is written, and nothing is recorded")
    func nothingPublished() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let plan = try fixture.plan(Self.training())
        let error = await #expect(throws: PipelineError.self) { try await fixture.run(plan) }
        #expect(
            error?.diagnostics == [
                Diagnostic(
                    "step 'train' reads 'datasets/make.out', but pipeline 'datasets' has published no artifact 'make.out'",
                    at: SourceLocation(file: "test.yaml", line: 3, column: 41), hint: "run pipeline 'datasets' first")
            ])
        #expect(try fixture.store.listRuns(pipeline: "training").isEmpty)
    }

    @Test("a version that does not exist, or a misspelt name, is reported with what does")
    func missingVersion() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        try await publish("first", in: fixture)

        let version = await #expect(throws: PipelineError.self) {
            try await fixture.run(try fixture.plan(Self.training(reading: "datasets/make.out@4")))
        }
        #expect(
            version?.diagnostics.map(\.description) == [
                "test.yaml:3:41: step 'train' reads 'datasets/make.out@4', but pipeline 'datasets' has published no version 4 of 'make.out' (its latest is datasets/make.out@1)"
            ])
        let typo = await #expect(throws: PipelineError.self) {
            try await fixture.run(try fixture.plan(Self.training(reading: "datasets/make.uot")))
        }
        #expect(typo?.diagnostics.map(\.hint) == ["did you mean 'make.out'?"])
    }

    @Test("resume reads the pinned version even after a newer one is published")
    func resumeReadsPinned() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let first = try await publish("first", in: fixture)
        let original = try await fixture.run(try fixture.plan(Self.training()), options: RunOptions(useCache: false))
        let run = try interrupt(original, in: fixture)
        try await publish("second", in: fixture)

        let resumed = try await fixture.engine.resume(run.id, catalog: fixture.catalog)

        #expect(resumed.status == .succeeded)
        let retried = try #require(try fixture.attempts(of: "train", in: run).last)
        #expect(retried.attempt == 2)
        #expect(try fixture.store.inputs(ofStepRun: retried.id!).mapValues(\.id) == ["text": first.id])
        #expect(try fixture.text("report", in: run) == "FIRST!")
    }

    @Test("a run whose options lost the pinned version cannot be resumed or reproduced")
    func missingPin() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        try await publish("first", in: fixture)
        var run = try await fixture.run(try fixture.plan(Self.training()))
        var options = try #require(try JSONText.parse(run.options).objectValue)
        options["artifact_inputs"] = nil
        run.options = JSONText.compact(.object(options))
        run.status = .failed
        try fixture.store.update(run: run)

        let resume = await #expect(throws: RunStateError.self) {
            try await fixture.engine.resume(run.id, catalog: fixture.catalog)
        }
        #expect(
            resume?.description.contains("reads 'datasets/make.out@latest', but its recorded options do not say which version")
                == true)
        await #expect(throws: RunStateError.self) { try await fixture.engine.reproduce(run.id, catalog: fixture.catalog) }
    }

    @Test("reproduce reads the pinned version, and pins it again in the reproduction")
    func reproduceReadsPinned() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let first = try await publish("first", in: fixture)
        let original = try await fixture.run(try fixture.plan(Self.training()))
        try await publish("second", in: fixture)

        let report = try await fixture.engine.reproduce(original.id, catalog: fixture.catalog)

        #expect(report.allMatch)
        #expect(try fixture.text("report", in: report.reproduction) == "FIRST!")
        let options = try JSONText.parse(report.reproduction.options)
        #expect(options["artifact_inputs"] == ["datasets/make.out@latest": .string(first.id)])
    }

    @Test("the run's summary lists what each reference read and which run published it")
    func summary() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let first = try await publish("first", in: fixture)
        let run = try await fixture.run(try fixture.plan(Self.training()))
        let summary = try RunSummary.load(fixture.store, run: run)
        let publisher = try #require(try fixture.store.stepRun(id: first.producerStepRunId!)?.runId)

        #expect(summary.artifactInputs.map(\.reference) == ["datasets/make.out@latest"])
        let json = try #require(summary.json["artifact_inputs"]?.arrayValue?.first)
        #expect(json["reference"] == "datasets/make.out@latest")
        #expect(json["id"] == .string(first.id))
        #expect(json["version"] == 1)
        #expect(json["published_by_run"] == .string(publisher))
    }

    /// Rewrites a finished run as if its process died while `train` was running.
    private func interrupt(_ run: RunRecord, in fixture: EngineFixture) throws -> RunRecord {
        var steps = try fixture.steps(of: run)
        steps["train"]!.status = .running
        steps["train"]!.finishedAt = nil
        steps["report"]!.status = .pending
        steps["report"]!.startedAt = nil
        steps["report"]!.finishedAt = nil
        try fixture.store.update(stepRun: steps["train"]!)
        try fixture.store.update(stepRun: steps["report"]!)
        var interrupted = run
        interrupted.status = .running
        interrupted.finishedAt = nil
        try fixture.store.update(run: interrupted)
        return interrupted
    }
}
