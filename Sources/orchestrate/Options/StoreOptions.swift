import ArgumentParser
import ArtifactStore
import Foundation

/// `--store`, shared by every command that reads or writes a store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store folder (default: $ORCHESTRATE_STORE or ./runs).", valueName: "dir"))
    var store: String?

    var path: String {
        store ?? ProcessInfo.processInfo.environment["ORCHESTRATE_STORE"].flatMap { $0.isEmpty ? nil : $0 } ?? "runs"
    }

    /// Opens the store; commands that only read refuse to create one by accident.
    func open(create: Bool = false) throws -> Store {
        let url = URL(fileURLWithPath: path)
        if !create, !FileManager.default.fileExists(atPath: url.appendingPathComponent("orchestrate.sqlite").path) {
            throw CLIFailure(message: "no store at \(path)/ (run a pipeline first, or point --store or ORCHESTRATE_STORE at one)")
        }
        return try Store(root: url)
    }
}

/// `--json`, for commands that can print machine-readable output.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of text (format: docs/cli-json.md).")
    var json = false
}

/// `--param key=value`, repeatable, shared by `run` and `validate`.
struct ParameterOptions: ParsableArguments {
    @Option(name: .customLong("param"), help: ArgumentHelp("Override a pipeline parameter (repeatable).", valueName: "key=value"))
    var entries: [String] = []

    func validate() throws {
        for entry in entries where !entry.contains("=") || entry.hasPrefix("=") {
            throw ValidationError("--param takes key=value, got '\(entry)'")
        }
    }

    var pairs: [(String, String)] {
        entries.map { entry in
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }
    }
}
