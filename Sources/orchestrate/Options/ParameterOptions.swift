import ArgumentParser

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
