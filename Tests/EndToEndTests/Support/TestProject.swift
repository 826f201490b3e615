import Foundation
import Testing

/// A throw-away project folder in which the built `orchestrate` binary is run as a user would.
struct TestProject: ~Copyable {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("orchestrate-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit {
        // Blobs are read-only; make them writable so the folder can be removed.
        _ = try? CLI.shell("chmod -R u+w '\(root.path)' && rm -rf '\(root.path)'")
    }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: false, encoding: .utf8)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// Runs `orchestrate ARGS` in the project folder and waits for it.
    @discardableResult
    func run(_ arguments: String...) throws -> CLI.Result {
        try CLI.run(arguments, in: root)
    }

    /// Runs `orchestrate ARGS --json` and parses stdout.
    func json(_ arguments: String...) throws -> Any {
        let result = try CLI.run(arguments + ["--json"], in: root)
        let data = Data(result.stdout.utf8)
        guard let value = try? JSONSerialization.jsonObject(with: data) else {
            Issue.record("not JSON (exit \(result.status)): \(result.stdout)\n\(result.stderr)")
            return [String: Any]()
        }
        return value
    }
}
