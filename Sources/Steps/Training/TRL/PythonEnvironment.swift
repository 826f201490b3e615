import ArtifactStore
import Foundation
import Orchestrator

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A virtual environment with pinned packages, made once with pip and shared by every run that needs the same
/// requirements: its folder is named by a hash of them, so new pins make a new environment and never change
/// an old one under a running step. Creation holds a lock file, so two steps (or two processes) that need it at
/// once make it once; a folder without its `.ready` mark is a creation that was killed, and is made again.
struct PythonEnvironment {
    let name: String
    let requirements: String
    let root: URL

    /// `ORCHESTRATE_PYTHON_ENVS`, else `$XDG_CACHE_HOME/orchestrate/python-envs`, else `~/.cache/...`.
    static func defaultRoot(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let root = environment["ORCHESTRATE_PYTHON_ENVS"], !root.isEmpty { return URL(fileURLWithPath: root) }
        let cache =
            environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
        return cache.appendingPathComponent("orchestrate/python-envs")
    }

    var folder: URL {
        root.appendingPathComponent("\(name)-\(Hashing.sha256(requirements).prefix(16))")
    }

    var python: URL { folder.appendingPathComponent("bin/python") }

    private var readyMark: URL { folder.appendingPathComponent(".ready") }

    var isReady: Bool { FileManager.default.fileExists(atPath: readyMark.path) }

    /// The environment's interpreter, made first if need be with `python3 -m venv` and `pip install`, their
    /// output going to `log`.
    func prepare(log: StepLog) async throws -> URL {
        if isReady { return python }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let lock = try await EnvironmentLock.acquire(root.appendingPathComponent("\(folder.lastPathComponent).lock"), log: log)
        defer { lock.release() }
        if isReady { return python }
        guard let basePython = Self.onPath("python3") else {
            throw StepFailure("backend trl needs python3 on PATH to make its environment; install it, or set 'python'")
        }
        log.write("making the Python environment \(folder.path) (once; pip installs \(packageList))")
        try? FileManager.default.removeItem(at: folder)
        try await run(basePython, ["-m", "venv", folder.path], log: log, doing: "python3 -m venv")
        let pinned = folder.appendingPathComponent("requirements.txt")
        try Data(requirements.utf8).write(to: pinned)
        try await run(
            python.path,
            ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--progress-bar", "off", "-r", pinned.path],
            log: log, doing: "pip install")
        try Data().write(to: readyMark)
        return python
    }

    private var packageList: String {
        requirements.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }.joined(separator: " ")
    }

    private func run(_ executable: String, _ arguments: [String], log: StepLog, doing what: String) async throws {
        let process = ChildProcess(
            executable: executable, arguments: arguments, environment: ProcessInfo.processInfo.environment,
            workingDirectory: root, outputFile: log.path)
        let termination = try await process.run()
        guard termination == .exited(0) else {
            throw StepFailure(
                "could not make the Python environment for backend trl: \(what) \(termination.phrase)"
                    + "\(LogTail.lines(of: log.path)); see the step's log, or set 'python' to an interpreter "
                    + "that has the packages of scripts/trl_requirements.txt")
        }
    }

    /// The first executable named `program` on PATH.
    static func onPath(_ program: String, _ environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        for directory in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}

/// An exclusive `flock` taken without blocking a concurrency thread: tried, then tried again after a pause.
private struct EnvironmentLock {
    let descriptor: Int32

    static func acquire(_ url: URL, log: StepLog) async throws -> EnvironmentLock {
        let descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw StepFailure("cannot open \(url.path): \(String(cString: strerror(errno)))") }
        var waited = false
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            if !waited { log.write("waiting for another process that is making the Python environment (\(url.path))") }
            waited = true
            do {
                try await Task.sleep(for: .seconds(1))
            } catch {
                close(descriptor)
                throw error
            }
        }
        return EnvironmentLock(descriptor: descriptor)
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
