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
        let output = fixture.folder.url.appendingPathComponent("schemathesis.log")
        let process = ChildProcess(
            executable: python.deletingLastPathComponent().appendingPathComponent("schemathesis").path,
            arguments: [
                "run", fixture.base.absoluteString + "/api/openapi.json", "--checks", "all",
                // Event streams last as long as a run; they are checked by LiveUpdateTests.
                "--exclude-path-regex", "events|/log$", "--max-examples", "30", "--workers", "2",
                "--generation-deterministic", "--request-timeout", "60", "--suppress-health-check", "all",
                "--no-color",
            ],
            environment: ProcessInfo.processInfo.environment.merging(["NO_COLOR": "1"]) { _, new in new },
            workingDirectory: fixture.folder.url, outputFile: output)
        let termination = try await process.run()
        let log = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        #expect(termination == .exited(0), "schemathesis:\n\(log)")
    }
}
