import Foundation

extension CLI {
    /// Runs `orchestrate ARGS` in `folder` with `input` on its standard input, and waits for it.
    /// The input goes through a file, so neither side can block on a full pipe.
    static func run(_ arguments: [String], in folder: URL, input: String) throws -> Result {
        let inputURL = FileManager.default.temporaryDirectory.appendingPathComponent("in-\(UUID().uuidString)")
        try Data(input.utf8).write(to: inputURL)
        defer { try? FileManager.default.removeItem(at: inputURL) }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = environment()
        let id = UUID().uuidString
        let stdoutURL = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(id)")
        let stderrURL = FileManager.default.temporaryDirectory.appendingPathComponent("err-\(id)")
        FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        process.standardInput = try FileHandle(forReadingFrom: inputURL)
        try process.run()
        process.waitUntilExit()
        return Started(process: process, stdoutURL: stdoutURL, stderrURL: stderrURL).finish()
    }
}
