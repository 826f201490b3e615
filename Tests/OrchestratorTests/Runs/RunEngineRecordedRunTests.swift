import ArtifactStore
import Foundation
import Testing

@testable import Orchestrator

/// `resume` and `reproduce` continue the run that was started, as it was recorded, or refuse.
@Suite("RunEngine recorded runs")
struct RunEngineRecordedRunTests {
    static let failsOnce = """
        name: fails-once
        parameters: { text: hello }
        steps:
          write: { uses: write, with: { text: "${params.text}" } }
          flaky: { uses: flaky, with: { failures: 1 }, after: [write] }
        """

    private func failedRun(_ fixture: EngineFixture) async throws -> RunRecord {
        let run = try await fixture.run(try fixture.plan(Self.failsOnce))
        #expect(run.status == .failed)
        return run
    }

    @Test("a resume that found the run failed, but takes its lock after another resume finished it, does nothing")
    func statusIsCheckedUnderTheLock() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await failedRun(fixture)
        let engine = fixture.engine
        let catalog = fixture.catalog
        let finished = try #require(try fixture.store.run(id: run.id)).finishedAt

        let error = await #expect(throws: RunStateError.self) {
            try await RunEngine.$beforeResumeLock.withValue({
                // Another process resumes the same run to the end in the meantime.
                _ = try await RunEngine.$beforeResumeLock.withValue(nil) {
                    try await engine.resume(run.id, catalog: catalog)
                }
            }) {
                try await engine.resume(run.id, catalog: catalog)
            }
        }

        #expect(error?.description == "run \(Identifier.short(run.id)) already succeeded; nothing to resume")
        #expect(fixture.recorder.count("flaky") == 2)
        #expect(try fixture.store.run(id: run.id)?.status == .succeeded)
        #expect(try fixture.store.run(id: run.id)?.finishedAt != finished)
        #expect(try fixture.attempts(of: "flaky", in: run).map(\.attempt) == [1, 2])
    }

    @Test("a resume while another process executes the run is refused with who holds it")
    func refusedWhileHeld() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await failedRun(fixture)
        let lock = try fixture.store.acquireLock(for: run.id)
        defer { lock.release() }

        let error = await #expect(throws: RunStateError.self) {
            try await fixture.engine.resume(run.id, catalog: fixture.catalog)
        }
        #expect(error?.description.hasPrefix("run \(Identifier.short(run.id)) is still being executed (process ") == true)
    }

    /// Rewrites what a run recorded about how it was started.
    private func corrupt(_ run: RunRecord, parameters: String? = nil, options: String? = nil, in fixture: EngineFixture) throws {
        var record = run
        if let parameters { record.parameters = parameters }
        if let options { record.options = options }
        try fixture.store.update(run: record)
    }

    @Test(
        "recorded parameters or options that cannot be read fail resume and reproduce, naming the run and the field",
        arguments: [
            (nil, "{\"use_cache\":true,\"fail_fast\":false}", "its recorded option 'max_parallel' is missing"),
            (
                nil, "{\"use_cache\":true,\"fail_fast\":false,\"max_parallel\":\"two\"}",
                "its recorded option 'max_parallel' is \"two\", not a positive whole number"
            ),
            (
                nil, "{\"use_cache\":1,\"fail_fast\":false,\"max_parallel\":2}",
                "its recorded option 'use_cache' is 1, not true or false"
            ),
            (nil, "[]", "its recorded options hold a list instead of a map"),
            ("{\"text\": ", nil, "its recorded parameters are not JSON ("),
            ("\"hello\"", nil, "its recorded parameters hold a string instead of a map"),
        ] as [(String?, String?, String)])
    func unreadableRecord(parameters: String?, options: String?, problem: String) async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await failedRun(fixture)
        try corrupt(run, parameters: parameters, options: options, in: fixture)

        let resume = await #expect(throws: RunStateError.self) {
            try await fixture.engine.resume(run.id, catalog: fixture.catalog)
        }
        let reproduce = await #expect(throws: RunStateError.self) {
            try await fixture.engine.reproduce(run.id, catalog: fixture.catalog)
        }

        for error in [resume, reproduce] {
            #expect(
                error?.description.hasPrefix("run \(Identifier.short(run.id)): \(problem)") == true,
                "\(String(describing: error))")
            #expect(error?.description.hasSuffix("; it cannot be continued or reproduced as it was started") == true)
        }
        #expect(fixture.recorder.count("flaky") == 1)
    }
}
