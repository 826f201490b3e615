import Foundation
import Networking
import Orchestrator
import Testing

@testable import ObjectStorage
@testable import Steps

/// moto's S3-compatible server on loopback, from PyPI in a pinned environment made on first use; the
/// tests that need it are skipped, saying why, when pip cannot install it here.
final class MotoServer: @unchecked Sendable {
    static let requirements = "moto[server]==5.2.5\n"
    let endpoint: URL

    static func start() async throws -> MotoServer {
        let environment = PythonEnvironment(
            name: "moto", requirements: requirements, root: PythonEnvironment.defaultRoot())
        let python: URL
        if environment.isReady {
            python = environment.python
        } else {
            let log = try StepLog(path: FileManager.default.temporaryDirectory.appendingPathComponent("moto-pip.log"))
            do {
                python = try await environment.prepare(log: log)
            } catch {
                try Test.cancel("moto could not be installed with pip here, so S3 storage is not exercised: \(error)")
            }
        }
        for _ in 0..<5 {
            let port = Int.random(in: 20_000..<40_000)
            // In its own process group, which cancelling the task kills whole.
            var server = ChildProcess(
                executable: python.path, arguments: ["-m", "moto.server", "-H", "127.0.0.1", "-p", "\(port)"],
                environment: ProcessInfo.processInfo.environment, workingDirectory: FileManager.default.temporaryDirectory,
                outputFile: URL(fileURLWithPath: "/dev/null"))
            // It does not end on SIGTERM; SIGKILL follows soon.
            server.killGrace = 0.2
            let launched = server
            let task = Task { try await launched.run() }
            let endpoint = URL(string: "http://127.0.0.1:\(port)")!
            for _ in 0..<100 {
                try await Task.sleep(for: .milliseconds(100))
                if (try? HTTPClient().perform("GET", endpoint, headers: [:], body: nil, limits: HTTPLimits(timeout: 2)))?.status
                    != nil
                {
                    return MotoServer(task: task, endpoint: endpoint)
                }
            }
            task.cancel()
        }
        throw ObjectStorageError("moto's server did not start")
    }

    let task: Task<ChildProcess.Termination, any Error>

    init(task: Task<ChildProcess.Termination, any Error>, endpoint: URL) {
        self.task = task
        self.endpoint = endpoint
    }

    /// Stops the server and waits until it is gone, so no test leaves one running.
    func stop() {
        task.cancel()
        let gone = DispatchSemaphore(value: 0)
        let task = self.task
        Task.detached {
            _ = try? await task.value
            gone.signal()
        }
        _ = gone.wait(timeout: .now() + 5)
    }

    /// A bucket of its own for one test.
    func location(bucket: String = "b\(UInt32.random(in: 0...UInt32.max))", prefix: String = "blobs") throws -> S3Location {
        let location = S3Location(
            bucket: bucket, prefix: prefix, endpoint: endpoint, region: "us-east-1", accessKey: "testing",
            secretKey: "testing")
        try S3Client(location: location).createBucket()
        return location
    }
}
