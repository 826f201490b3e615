import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The example web site (`scripts/example_site.py`) running on a free loopback port for one test:
/// the static pages of `examples/feature/site` plus the misbehaving pages under `/_/`.
///
/// Call `stop()` in a `defer`.
public final class ExampleSite: @unchecked Sendable {
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    public let baseURL: URL
    private let process: Process

    /// Starts the server and waits for it to say which port it listens on. `environment` reaches the
    /// script: `SITE_ROBOTS_*` make its robots.txt misbehave.
    public init(root: URL? = nil, environment extra: [String: String] = [:]) throws {
        let script = Self.packageRoot.appendingPathComponent("scripts/example_site.py")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + (root.map { [$0.path] } ?? [])
        var environment = ProcessInfo.processInfo.environment
        environment.merge(extra) { _, new in new }
        environment["SITE_PORT"] = "0"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let port = text.split(separator: " ").last.flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        else {
            process.terminate()
            throw ExampleSiteError(message: "example site did not start: \(text)")
        }
        baseURL = URL(string: "http://127.0.0.1:\(port)")!
    }

    public func url(_ path: String) -> URL {
        URL(string: baseURL.absoluteString + path)!
    }

    /// Every request the server has seen: path, user agent and time (seconds since 1970).
    public func requests() throws -> [(path: String, agent: String, time: Double)] {
        let data = try Data(contentsOf: url("/_/log"))
        let entries = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
        return entries.compactMap { entry in
            guard let path = entry["path"] as? String, let time = entry["t"] as? Double else { return nil }
            return (path, entry["agent"] as? String ?? "", time)
        }.filter { $0.path != "/_/log" }
    }

    /// Ends the server. `waitUntilExit` is avoided: it spins a run loop that can hang on a test's
    /// cooperative thread. The child is reaped directly (or already was, when waitpid says ECHILD).
    public func stop() {
        let pid = process.processIdentifier
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    }
}

public struct ExampleSiteError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
