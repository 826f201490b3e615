import ArtifactStore
import Foundation
import Orchestrator
import Testing

/// Retries, timeouts, failures and what they do to the rest of a run.
@Suite("RunEngine failures")
struct RunEngineFailureTests {
    @Test("retries record attempts 1…n, the failed ones with their error and the last one succeeded")
    func retries() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            try fixture.plan(
                """
                name: retry
                steps:
                  flaky: { uses: flaky, with: { failures: 2 }, retries: 2, retry_delay: 10ms }
                  after: { uses: upper, inputs: { text: flaky.out } }
                """))

        #expect(run.status == .succeeded)
        let attempts = try fixture.attempts(of: "flaky", in: run)
        #expect(attempts.map(\.attempt) == [1, 2, 3])
        #expect(attempts.map(\.status) == [.failed, .failed, .succeeded])
        #expect(attempts.map(\.error) == ["attempt 1 failed", "attempt 2 failed", nil])
        #expect(Set(attempts.map(\.cacheKey)).count == 1)
        #expect(try fixture.text("after", in: run) == "OK")
        #expect(fixture.recorder.count("flaky") == 3)
    }

    @Test("a step that fails more often than it may retry fails the run")
    func retriesExhausted() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            try fixture.plan(
                """
                name: retry
                steps:
                  flaky: { uses: flaky, with: { failures: 5 }, retries: 1, retry_delay: 10ms }
                """))
        #expect(run.status == .failed)
        #expect(try fixture.attempts(of: "flaky", in: run).map(\.status) == [.failed, .failed])
        #expect(try fixture.steps(of: run)["flaky"]?.error == "attempt 2 failed")
    }

    @Test("a step that outlives its timeout fails with 'timed out after'")
    func timeout() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            try fixture.plan(
                """
                name: slow
                steps:
                  slow: { uses: sleep, with: { seconds: 30 }, timeout: 200ms }
                """))
        #expect(run.status == .failed)
        let step = try #require(try fixture.steps(of: run)["slow"])
        #expect(step.status == .failed)
        #expect(step.error == "timed out after 200ms")
        #expect(try #require(step.duration) < 30)
    }

    @Test("a failed step skips its dependents while an independent branch still succeeds")
    func failureSkipsDependents() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            try fixture.plan(
                """
                name: branches
                steps:
                  broken: { uses: flaky, with: { failures: 100 } }
                  child: { uses: upper, inputs: { text: broken.out } }
                  grandchild: { uses: upper, inputs: { text: child.out } }
                  other: { uses: write, with: { text: fine } }
                """))

        #expect(run.status == .failed)
        let steps = try fixture.steps(of: run)
        #expect(steps.mapValues(\.status) == ["broken": .failed, "child": .skipped, "grandchild": .skipped, "other": .succeeded])
        #expect(steps["child"]?.error == "upstream step 'broken' failed")
        #expect(steps["grandchild"]?.error == "upstream step 'child' was skipped")
        #expect(fixture.recorder.count("child") == 0)
        #expect(try fixture.text("other", in: run) == "fine")
    }

    @Test("a failed attempt's working folder is kept for inspection")
    func failedWorkFolderKept() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            try fixture.plan(
                """
                name: keep
                steps:
                  broken: { uses: flaky, with: { failures: 100 } }
                """))
        let work = fixture.store.workDirectory.appendingPathComponent(run.id).appendingPathComponent("broken-1")
        #expect(FileManager.default.fileExists(atPath: work.appendingPathComponent("outputs").path))
    }

    @Test("fail-fast cancels running steps and everything not yet started")
    func failFast() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            try fixture.plan(
                """
                name: failfast
                steps:
                  broken: { uses: flaky, with: { failures: 100 } }
                  slow: { uses: sleep, with: { seconds: 20 } }
                  after_slow: { uses: upper, inputs: { text: slow.out } }
                """),
            options: RunOptions(failFast: true, maxParallel: 2))

        #expect(run.status == .failed)
        let steps = try fixture.steps(of: run)
        #expect(steps.mapValues(\.status) == ["broken": .failed, "slow": .cancelled, "after_slow": .cancelled])
        #expect(steps["after_slow"]?.error == "cancelled before it started")
        #expect(fixture.recorder.count("after_slow") == 0)
    }

    @Test("without fail-fast a failure lets the other steps finish")
    func withoutFailFast() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            try fixture.plan(
                """
                name: nofailfast
                steps:
                  broken: { uses: flaky, with: { failures: 100 } }
                  slow: { uses: sleep, with: { seconds: 0.2 } }
                  after_slow: { uses: upper, inputs: { text: slow.out } }
                """))
        #expect(run.status == .failed)
        #expect(try fixture.statuses(of: run) == ["broken": .failed, "slow": .succeeded, "after_slow": .succeeded])
    }

    @Test("a step that does not return a declared output fails with a clear message")
    func missingOutput() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            try fixture.plan(
                """
                name: missing
                steps:
                  a: { uses: sloppy, with: { mode: none } }
                """))
        #expect(run.status == .failed)
        let error = try #require(try fixture.steps(of: run)["a"]?.error)
        #expect(error.hasPrefix("declared output 'out' was not written (expected a file or folder at "))
        #expect(error.hasSuffix("/outputs/out)"))
    }

    @Test("a step that returns an output it does not declare fails")
    func undeclaredOutput() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            try fixture.plan(
                """
                name: extra
                steps:
                  a: { uses: sloppy, with: { mode: extra } }
                """))
        #expect(run.status == .failed)
        #expect(try fixture.steps(of: run)["a"]?.error == "step produced an output 'bonus' that it does not declare")
        #expect(try fixture.store.allArtifacts().isEmpty)
    }
}
