import Foundation
import OrchestrateTesting
import Orchestrator
import Testing

@testable import Steps

/// The pinned Python environment of the trl backend: where it lives, that new pins make a new one, that it is
/// made once, and that a failed creation says what failed and is tried again next time.
struct PythonEnvironmentTests {
    @Test func theRootComesFromTheEnvironmentThenTheCacheFolder() {
        #expect(PythonEnvironment.defaultRoot(["ORCHESTRATE_PYTHON_ENVS": "/srv/envs"]).path == "/srv/envs")
        #expect(PythonEnvironment.defaultRoot(["XDG_CACHE_HOME": "/c"]).path == "/c/orchestrate/python-envs")
        #expect(PythonEnvironment.defaultRoot([:]).path.hasSuffix("/.cache/orchestrate/python-envs"))
    }

    @Test func otherPinsMakeAnotherFolder() {
        let root = URL(fileURLWithPath: "/envs")
        let first = PythonEnvironment(name: "trl", requirements: "torch==2.15.0\n", root: root)
        let second = PythonEnvironment(name: "trl", requirements: "torch==2.16.0\n", root: root)
        #expect(first.folder != second.folder)
        #expect(first.folder.lastPathComponent.hasPrefix("trl-"))
        #expect(first.folder == PythonEnvironment(name: "trl", requirements: "torch==2.15.0\n", root: root).folder)
    }

    @Test func anEnvironmentIsMadeOnceAndThenReused() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let log = try StepLog(path: folder.url.appendingPathComponent("step.log"))
        let environment = PythonEnvironment(
            name: "empty", requirements: "# nothing to install\n", root: folder.url.appendingPathComponent("envs"))
        let python = try await environment.prepare(log: log)
        #expect(FileManager.default.isExecutableFile(atPath: python.path))
        #expect(environment.isReady)
        let logged = try String(contentsOf: log.path, encoding: .utf8)
        #expect(logged.contains("making the Python environment"))
        // The second time nothing runs: the log does not grow.
        #expect(try await environment.prepare(log: log) == python)
        #expect(try String(contentsOf: log.path, encoding: .utf8) == logged)
    }

    @Test func aFailedInstallNamesPipAndLeavesNoReadyEnvironment() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let log = try StepLog(path: folder.url.appendingPathComponent("step.log"))
        let environment = PythonEnvironment(
            name: "broken", requirements: "./no-such-package-folder\n", root: folder.url.appendingPathComponent("envs"))
        await #expect {
            try await environment.prepare(log: log)
        } throws: { error in
            let message = "\(error)"
            return message.contains("pip install exited with status") && message.contains("set 'python'")
        }
        #expect(!environment.isReady)
    }
}
