import ArtifactStore
import Compute
import Dashboard
import Foundation
import Hummingbird
import Networking
import OrchestrateTesting
import Orchestrator
import Server
import Testing

@testable import Steps

/// The dashboard as `orchestrate serve` serves it (beside the tiny chat model), driven by
/// `browser_test.py` in Debian's Chromium through playwright. Screenshots of the main pages land in
/// `.build/dashboard-screenshots/`.
@Suite("Dashboard in a browser", .serialized)
struct BrowserTests {
    @Test(
        "every page in Chromium: a run from the form updates live, the DAG and lineage show their nodes, links save, chat answers"
    )
    func browser() async throws {
        let python = try await DashboardTools.python()
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") else {
            try Test.cancel("Debian's chromium is not installed (scripts/test installs it)")
        }
        let fixture = try await DashboardFixture()
        defer { fixture.stop() }
        // A failed run for the status filter and a registered model, before the browser starts.
        for pipeline in ["broken", "train"] {
            let started = try fixture.json(try await fixture.send("POST", "/api/pipelines/\(pipeline)/runs", json: "{}"))
            _ = try await fixture.waitForRun(started["run_id"]!.stringValue!)
        }

        let (port, running) = try await fixture.serveWithTinyModel(apiKey: nil)
        defer { running.cancel() }
        let shots = ExampleSite.packageRoot.appendingPathComponent(".build/dashboard-screenshots")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        let script = ExampleSite.packageRoot.appendingPathComponent("Tests/DashboardTests/Browser/browser_test.py")
        let output = fixture.folder.url.appendingPathComponent("browser.log")
        let process = ChildProcess(
            executable: python.path, arguments: [script.path, "http://127.0.0.1:\(port)", shots.path],
            environment: ProcessInfo.processInfo.environment, workingDirectory: fixture.folder.url, outputFile: output)
        let termination = try await process.run()
        let log = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        #expect(termination == .exited(0), "browser_test.py:\n\(log)")
        #expect(!log.contains("FAIL"), "\(log)")
    }
}

/// The dashboard's routes on the inference server, as `orchestrate serve` adds them.
struct TestDashboardRoutes: ServerRoutes {
    let dashboard: Dashboard
    func addRoutes<Context: RequestContext>(to router: Router<Context>) { dashboard.addRoutes(to: router) }
    func owns(path: String) -> Bool { Dashboard.owns(path: path) }
}
