import Foundation

/// Slurm's command-line tools (`sbatch`, `squeue`, `sacct`, `scancel`), run as child processes with the
/// configured environment (`SLURM_CONF` for a cluster other than the machine's default).
struct SlurmCommands: Sendable {
    var environment: [String: String]
    var scratch: URL

    /// What a tool printed on standard output, when it exited 0; otherwise its error, with what it said.
    func run(_ tool: String, _ arguments: [String]) async throws -> String {
        guard let executable = Self.locate(tool, path: environment["PATH"] ?? "/usr/bin:/bin") else {
            throw StepFailure(
                "'\(tool)' is not on PATH: the Slurm executor needs Slurm's client tools on this machine (Debian: apt-get install slurm-client)"
            )
        }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let name = "\(tool)-\(UUID().uuidString)"
        let output = scratch.appendingPathComponent("\(name).out")
        let errors = scratch.appendingPathComponent("\(name).err")
        defer {
            try? FileManager.default.removeItem(at: output)
            try? FileManager.default.removeItem(at: errors)
        }
        var process = ChildProcess(
            executable: executable, arguments: arguments, environment: environment, workingDirectory: scratch,
            outputFile: errors)
        process.standardOutputFile = output
        let termination = try await process.run()
        let printed = String(decoding: FileManager.default.contents(atPath: output.path) ?? Data(), as: UTF8.self)
        guard termination == .exited(0) else {
            let said = String(decoding: FileManager.default.contents(atPath: errors.path) ?? Data(), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            throw SlurmCommandError(tool: tool, termination: termination, message: said.isEmpty ? printed : said)
        }
        return printed
    }

    static func locate(_ tool: String, path: String) -> String? {
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// A Slurm tool that did not exit 0.
struct SlurmCommandError: Error, CustomStringConvertible {
    var tool: String
    var termination: ChildProcess.Termination
    var message: String

    var description: String {
        "\(tool) \(termination.phrase)\(message.isEmpty ? "" : ": \(message.trimmingCharacters(in: .whitespacesAndNewlines))")"
    }
}
