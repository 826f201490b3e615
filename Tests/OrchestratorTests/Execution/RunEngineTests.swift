import ArtifactStore
import Foundation
import Orchestrator
import Testing

/// Running a pipeline in-process: order, publishing, lineage and what the store records.
@Suite("RunEngine")
struct RunEngineTests {
    static let chain = """
        name: chain
        parameters: { greeting: hello }
        steps:
          write: { uses: write, with: { text: "${params.greeting}" } }
          shout: { uses: upper, inputs: { text: write.out } }
          again: { uses: upper, inputs: { text: shout.out }, with: { suffix: "!" } }
        """

    @Test("a chain runs in order and publishes each output as an artifact")
    func chainRuns() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(try fixture.plan(Self.chain))

        #expect(run.status == .succeeded)
        #expect(try fixture.statuses(of: run) == ["write": .succeeded, "shout": .succeeded, "again": .succeeded])
        #expect(try fixture.text("again", in: run) == "HELLO!")
        #expect(fixture.recorder.counts == ["write": 1, "shout": 1, "again": 1])

        let steps = try fixture.steps(of: run)
        let write = try #require(steps["write"]), shout = try #require(steps["shout"]), again = try #require(steps["again"])
        #expect(try #require(write.finishedAt) <= (try #require(shout.startedAt)))
        #expect(try #require(shout.finishedAt) <= (try #require(again.startedAt)))
        #expect([write, shout, again].allSatisfy { $0.attempt == 1 && $0.cacheKey != nil && $0.error == nil })

        let artifact = try #require(try fixture.artifact("again", in: run))
        #expect(artifact.qualifiedName == "chain/again.out@1")
        #expect(artifact.type == "text")
        #expect(artifact.producerStepRunId == again.id)
        #expect(try fixture.artifact("write", in: run)?.metadataValue == ["length": 5])
    }

    @Test("each step run records the artifacts it read, so lineage leads back to the start")
    func lineage() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(try fixture.plan(Self.chain))
        let steps = try fixture.steps(of: run)

        let written = try #require(try fixture.artifact("write", in: run))
        #expect(try fixture.store.inputs(ofStepRun: steps["shout"]!.id!).mapValues(\.id) == ["text": written.id])
        #expect(try fixture.store.inputs(ofStepRun: steps["write"]!.id!).isEmpty)

        let graph = try fixture.store.lineage(of: try #require(try fixture.artifact("again", in: run)), direction: .upstream)
        #expect(Set(graph.artifacts.values.map(\.name)) == ["write.out", "shout.out", "again.out"])
        #expect(Set(graph.stepRuns.values.map(\.runId)) == [run.id])
    }

    @Test("the run records its spec, parameters, options and trigger, and holds no lock once done")
    func runRecord() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let plan = try fixture.plan(Self.chain)
        let returned = try await fixture.run(plan, options: RunOptions(useCache: false, failFast: true, maxParallel: 3))
        let run = try #require(try fixture.store.run(id: returned.id))

        #expect(run == returned)
        #expect(run.pipeline == "chain")
        #expect(run.specText == Self.chain)
        #expect(run.specPath == "test.yaml")
        #expect(run.projectDir == fixture.project.path)
        #expect(run.parameters == #"{"greeting":"hello"}"#)
        #expect(run.options == #"{"fail_fast":true,"max_parallel":3,"use_cache":false}"#)
        #expect(run.trigger == "manual")
        #expect(run.pid == getpid())
        #expect(try #require(run.startedAt) <= (try #require(run.finishedAt)))
        #expect(fixture.store.effectiveStatus(of: run) == .succeeded)
    }

    @Test("each step writes a log, and its working folder is gone once it succeeded")
    func logsAndWorkFolders() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(try fixture.plan(Self.chain))
        let log = fixture.store.logsDirectory.appendingPathComponent(run.id).appendingPathComponent("shout.log")
        let text = try String(contentsOf: log, encoding: .utf8)
        #expect(text.hasPrefix("=== shout (upper) attempt 1 at "))
        #expect(text.contains("=== output out: sha256:"))
        let work = fixture.store.workDirectory.appendingPathComponent(run.id)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: work.path)) ?? []).isEmpty)
    }

    @Test("the observer hears the run start, each step start and finish, and the run finish")
    func events() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let log = EventLog()
        let run = try await fixture.run(try fixture.plan(Self.chain), observer: log.observer)
        let events = log.events

        guard case .runStarted(let id, let pipeline, let count) = events.first else {
            Issue.record("the first event is not runStarted: \(String(describing: events.first))")
            return
        }
        #expect(id == run.id && pipeline == "chain" && count == 3)
        guard case .runFinished(_, let status, _) = events.last else {
            Issue.record("the last event is not runFinished")
            return
        }
        #expect(status == .succeeded)
        let started = events.compactMap { event -> String? in
            if case .stepStarted(let step, _) = event { return step } else { return nil }
        }
        let finished = events.compactMap { event -> String? in
            if case .stepFinished(let step, .succeeded, _, _) = event { return step } else { return nil }
        }
        #expect(started == ["write", "shout", "again"])
        #expect(finished == ["write", "shout", "again"])
    }

    @Test("a diamond joins both branches")
    func diamond() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            try fixture.plan(
                """
                name: diamond
                steps:
                  source: { uses: write, with: { text: ab } }
                  left: { uses: upper, inputs: { text: source.out }, with: { suffix: L } }
                  right: { uses: upper, inputs: { text: source.out }, with: { suffix: R } }
                  join: { uses: concat, inputs: { a: left.out, b: right.out } }
                """))
        #expect(run.status == .succeeded)
        #expect(try fixture.text("join", in: run) == "ABL+ABR")
        #expect(fixture.recorder.count("source") == 1)
    }
}
