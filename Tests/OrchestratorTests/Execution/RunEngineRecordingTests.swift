import ArtifactStore
import Foundation
import GRDB
import Orchestrator
import Testing

/// A state the store refuses to record stops the run loudly instead of being skipped over.
@Suite("RunEngine state recording")
struct RunEngineRecordingTests {
    static let pipeline = """
        name: refused
        steps:
          flaky: { uses: flaky, with: { failures: 1 } }
          after: { uses: upper, inputs: { text: flaky.out } }
        """

    /// Makes the store refuse to record any step run as `status`, the way a full disk would.
    private func refuse(_ status: StepStatus, in fixture: EngineFixture) throws {
        try fixture.store.database.write { db in
            try db.execute(
                sql: """
                    CREATE TRIGGER refuse_\(status.rawValue) BEFORE UPDATE OF status ON step_runs
                    WHEN NEW.status = '\(status.rawValue)' BEGIN SELECT RAISE(ABORT, 'the disk is full'); END
                    """)
        }
    }

    private func allow(_ status: StepStatus, in fixture: EngineFixture) throws {
        try fixture.store.database.write { db in try db.execute(sql: "DROP TRIGGER refuse_\(status.rawValue)") }
    }

    @Test("a skipped step the store cannot record fails the run with the reason")
    func unrecordedSkip() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        try refuse(.skipped, in: fixture)

        let error = await #expect(throws: StateRecordingError.self) { try await fixture.run(try fixture.plan(Self.pipeline)) }

        #expect(error?.subject == "step 'after'")
        #expect(error?.description.hasPrefix("could not record step 'after' as skipped (upstream step 'flaky' failed): ") == true)
        #expect(error?.description.contains("the disk is full") == true)
        let run = try #require(try fixture.store.listRuns().first)
        #expect(run.status == .failed)
        #expect(run.error == error?.description)
    }

    @Test("a step failure the store cannot record stops the run, which resume finishes once the store takes writes")
    func unrecordedFailure() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        try refuse(.failed, in: fixture)

        let error = await #expect(throws: StateRecordingError.self) { try await fixture.run(try fixture.plan(Self.pipeline)) }

        #expect(error?.description.hasPrefix("could not record step 'flaky' as failed (attempt 1 failed): ") == true)
        let run = try #require(try fixture.store.listRuns().first)
        #expect(run.status == .failed)
        #expect(try fixture.statuses(of: run)["flaky"] == .running)

        try allow(.failed, in: fixture)
        let resumed = try await fixture.engine.resume(run.id, catalog: fixture.catalog)
        #expect(resumed.status == .succeeded)
        #expect(try fixture.attempts(of: "flaky", in: run).map(\.status) == [.cancelled, .succeeded])
        #expect(try fixture.text("after", in: run) == "OK")
    }
}
