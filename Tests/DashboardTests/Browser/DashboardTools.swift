import Foundation
import Orchestrator
import Testing

@testable import Steps

/// playwright and schemathesis from PyPI, pinned in `requirements.txt`, in an environment made on first use;
/// the tests that need them are skipped, saying why, when pip cannot install them here.
enum DashboardTools {
    static let requirements = "playwright==1.65.2\nschemathesis==4.32.5\n"

    static func python() async throws -> URL {
        let environment = PythonEnvironment(
            name: "dashboard-tests", requirements: requirements, root: PythonEnvironment.defaultRoot())
        if environment.isReady { return environment.python }
        let log = try StepLog(path: FileManager.default.temporaryDirectory.appendingPathComponent("dashboard-pip.log"))
        do {
            return try await environment.prepare(log: log)
        } catch {
            try Test.cancel("playwright and schemathesis could not be installed with pip here: \(error)")
        }
    }
}
