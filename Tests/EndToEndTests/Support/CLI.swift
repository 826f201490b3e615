import Foundation

/// Locates and runs the `orchestrate` binary built next to the tests.
enum CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// `.build/<config>/orchestrate`, found from this file's location; `ORCHESTRATE_BIN` overrides.
    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["ORCHESTRATE_BIN"] { return URL(fileURLWithPath: path) }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        for candidate in [".build/debug/orchestrate", ".build/release/orchestrate"] {
            let url = package.appendingPathComponent(candidate)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return package.appendingPathComponent(".build/debug/orchestrate")
    }()

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    static func environment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment.removeValue(forKey: "ORCHESTRATE_STORE")
        return environment
    }

    static func run(_ arguments: [String], in folder: URL) throws -> Result {
        let process = try start(arguments, in: folder)
        process.process.waitUntilExit()
        return process.finish()
    }

    /// A started process whose output goes to files, so large output cannot block it.
    struct Started {
        let process: Process
        let stdoutURL: URL
        let stderrURL: URL

        func finish() -> Result {
            let out = (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? ""
            let err = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: stdoutURL)
            try? FileManager.default.removeItem(at: stderrURL)
            return Result(status: process.terminationStatus, stdout: out, stderr: err)
        }
    }

    static func start(_ arguments: [String], in folder: URL, environment extra: [String: String] = [:]) throws -> Started {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = environment().merging(extra) { _, new in new }
        let id = UUID().uuidString
        let stdoutURL = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(id)")
        let stderrURL = FileManager.default.temporaryDirectory.appendingPathComponent("err-\(id)")
        FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Started(process: process, stdoutURL: stdoutURL, stderrURL: stderrURL)
    }

    @discardableResult
    static func shell(_ command: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// Small accessors for the JSON that `--json` prints.
extension Dictionary where Key == String, Value == Any {
    func steps() -> [[String: Any]] { self["steps"] as? [[String: Any]] ?? [] }

    func step(_ name: String) -> [String: Any] {
        steps().first { $0["name"] as? String == name } ?? [:]
    }

    func string(_ key: String) -> String? { self[key] as? String }
}

func statuses(_ run: Any) -> [String: String] {
    let steps = (run as? [String: Any])?.steps() ?? []
    return Dictionary(uniqueKeysWithValues: steps.map { ($0["name"] as? String ?? "?", $0["status"] as? String ?? "?") })
}

/// ISO 8601 timestamps with fractional seconds, as the JSON output writes them.
func instant(_ text: Any?) -> Date? {
    guard let text = text as? String else { return nil }
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.date(from: text)
}
