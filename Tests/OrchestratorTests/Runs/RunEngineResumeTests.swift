import ArtifactStore
import Foundation
import Orchestrator
import Testing

/// Finishing a run that was interrupted or failed, without redoing what succeeded.
@Suite("RunEngine resume")
struct RunEngineResumeTests {
    static let chain = """
        name: chain
        steps:
          a: { uses: write, with: { text: resume } }
          b: { uses: upper, inputs: { text: a.out } }
          c: { uses: upper, inputs: { text: b.out }, with: { suffix: "!" } }
          d: { uses: upper, inputs: { text: c.out }, with: { suffix: "?" } }
        """

    /// Rewrites a finished run as if its process died while `running` was executing and
    /// `pending` had not started.
    private func interrupt(_ run: RunRecord, running: String, pending: String, in fixture: EngineFixture) throws -> RunRecord {
        var steps = try fixture.steps(of: run)
        steps[running]!.status = .running
        steps[running]!.finishedAt = nil
        steps[pending]!.status = .pending
        steps[pending]!.startedAt = nil
        steps[pending]!.finishedAt = nil
        try fixture.store.update(stepRun: steps[running]!)
        try fixture.store.update(stepRun: steps[pending]!)
        var interrupted = run
        interrupted.status = .running
        interrupted.finishedAt = nil
        try fixture.store.update(run: interrupted)
        return interrupted
    }

    @Test("resuming an interrupted run re-runs only the steps that had not finished")
    func interrupted() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let original = try await fixture.run(try fixture.plan(Self.chain), options: RunOptions(useCache: false, maxParallel: 2))
        let run = try interrupt(original, running: "c", pending: "d", in: fixture)
        #expect(fixture.store.effectiveStatus(of: run) == .interrupted)

        let resumed = try await fixture.engine.resume(String(run.id.prefix(8)), catalog: fixture.catalog)

        #expect(resumed.id == run.id)
        #expect(resumed.status == .succeeded)
        #expect(fixture.recorder.counts == ["a": 1, "b": 1, "c": 2, "d": 2])
        let c = try fixture.attempts(of: "c", in: run)
        #expect(c.map(\.attempt) == [1, 2])
        #expect(c.map(\.status) == [.cancelled, .succeeded])
        #expect(c.first?.error == "interrupted: the process executing the run stopped")
        #expect(try fixture.attempts(of: "d", in: run).map(\.status) == [.succeeded])
        #expect(try fixture.attempts(of: "a", in: run).count == 1)
        #expect(try fixture.text("d", in: run) == "RESUME!?")
        #expect(try fixture.store.run(id: run.id)?.status == .succeeded)
        #expect(try fixture.store.inputs(ofStepRun: c.last!.id!)["text"]?.id == fixture.artifact("b", in: run)?.id)
    }

    @Test("resuming a failed run retries the failed step and runs the steps it had skipped")
    func failed() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            try fixture.plan(
                """
                name: fails-once
                steps:
                  source: { uses: write, with: { text: x } }
                  flaky: { uses: flaky, with: { failures: 1 }, after: [source] }
                  after: { uses: upper, inputs: { text: flaky.out } }
                """))
        #expect(run.status == .failed)
        #expect(try fixture.statuses(of: run) == ["source": .succeeded, "flaky": .failed, "after": .skipped])

        let resumed = try await fixture.engine.resume(run.id, catalog: fixture.catalog)

        #expect(resumed.status == .succeeded)
        #expect(try fixture.statuses(of: run) == ["source": .succeeded, "flaky": .succeeded, "after": .succeeded])
        #expect(try fixture.attempts(of: "flaky", in: run).map(\.attempt) == [1, 2])
        #expect(try fixture.attempts(of: "after", in: run).map(\.attempt) == [1, 2])
        #expect(fixture.recorder.counts == ["source": 1, "flaky": 2, "after": 1])
    }

    @Test("a step resumed with a whole-number decimal parameter keeps the cache key of the original run")
    func resumedCacheKeyKeepsParameterTypes() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let original = try await fixture.run(
            try fixture.plan(
                """
                name: decimals
                parameters: { wait: 0.0 }
                steps:
                  nap: { uses: sleep, with: { seconds: "${params.wait}" } }
                  after: { uses: upper, inputs: { text: nap.out } }
                """), options: RunOptions(useCache: false, maxParallel: 2))
        #expect(original.parameters == #"{"wait":0.0}"#)
        let run = try interrupt(original, running: "nap", pending: "after", in: fixture)

        try await fixture.engine.resume(run.id, catalog: fixture.catalog)

        let attempts = try fixture.attempts(of: "nap", in: run)
        #expect(attempts.map(\.status) == [.cancelled, .succeeded])
        // The recorded parameters are re-read with JSONText.parse, which turns 0.0 into the int 0,
        // so the resumed attempt hashes {"seconds":0} instead of {"seconds":0.0}.
        do {
            #expect(attempts.last?.cacheKey == attempts.first?.cacheKey)
        }
    }

    @Test("a run that succeeded cannot be resumed")
    func succeededRun() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(try fixture.plan(Self.chain))
        await #expect(throws: RunStateError.self) { try await fixture.engine.resume(run.id, catalog: fixture.catalog) }
        do {
            try await fixture.engine.resume(run.id, catalog: fixture.catalog)
        } catch {
            #expect("\(error)" == "run \(run.id.prefix(8)) already succeeded; nothing to resume")
        }
    }

    @Test("a run another process still executes cannot be resumed")
    func liveRun() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let original = try await fixture.run(try fixture.plan(Self.chain))
        let run = try interrupt(original, running: "c", pending: "d", in: fixture)
        let lock = try fixture.store.acquireLock(for: run.id)
        defer { lock.release() }
        let error = await #expect(throws: RunStateError.self) {
            try await fixture.engine.resume(run.id, catalog: fixture.catalog)
        }
        #expect(error?.description.contains("is still being executed") == true)
        #expect(fixture.recorder.count("c") == 1)
    }
}
