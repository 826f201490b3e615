import ArtifactStore
import Foundation
import Orchestrator
import Testing

@testable import Dashboard

/// schemathesis (from PyPI) reads `/api/openapi.json` and sends generated requests to every operation; any
/// response the document does not describe (status, content type, body schema) or any 5xx fails the test.
@Suite("OpenAPI conformance", .serialized)
struct OpenAPIConformanceTests {
    @Test("the API answers as its OpenAPI document says, for generated requests to every operation")
    func schemathesis() async throws {
        let python = try await DashboardTools.python()
        let fixture = try await DashboardFixture()
        defer { fixture.stop() }
        // Something to read: one run that succeeded and one that failed.
        for pipeline in ["demo", "broken"] {
            let started = try fixture.json(try await fixture.send("POST", "/api/pipelines/\(pipeline)/runs", json: "{}"))
            _ = try await fixture.waitForRun(started["run_id"]!.stringValue!)
        }
        // Every check on every operation but one: a run's parameter names are the pipeline's, which no schema
        // can list, so a generated name is rightly refused (400) though the schema allows any.
        try await run(
            python, fixture,
            ["--checks", "all", "--exclude-checks", "unsupported_method", "--exclude-operation-id", "runPipeline"])
        try await run(
            python, fixture,
            [
                "--checks", "all", "--exclude-checks", "unsupported_method,positive_data_acceptance", "--include-operation-id",
                "runPipeline",
            ])
    }

    private func run(_ python: URL, _ fixture: DashboardFixture, _ checks: [String]) async throws {
        let output = fixture.folder.url.appendingPathComponent("schemathesis.log")
        let process = ChildProcess(
            executable: python.deletingLastPathComponent().appendingPathComponent("schemathesis").path,
            arguments: ["run", fixture.base.absoluteString + "/api/openapi.json"] + checks + [
                // Event streams last as long as a run; LiveUpdateTests checks them.
                "--exclude-path-regex", "events|/log$", "--max-examples", "30", "--workers", "2",
                "--generation-deterministic", "--request-timeout", "60", "--suppress-health-check", "all", "--no-color",
            ],
            environment: ProcessInfo.processInfo.environment.merging(["NO_COLOR": "1"]) { _, new in new },
            workingDirectory: fixture.folder.url, outputFile: output)
        let termination = try await process.run()
        let log = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        #expect(termination == .exited(0), "schemathesis \(checks.joined(separator: " ")):\n\(log)")
    }
}
