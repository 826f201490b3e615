import ArgumentParser
import Foundation

/// Runs the command and turns every error into its report: one readable line, a hint, and the
/// documented exit code (argument-parser's own usage errors would otherwise exit 64, and any other
/// error 1, as if a run had failed).
@main
enum EntryPoint {
    static func main() async {
        var verbosity = Verbosity.normal
        do {
            var command = try Orchestrate.parseAsRoot()
            verbosity = Self.verbosity(of: command)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(report(error, verbosity: verbosity))
        }
    }

    /// Outside the main actor, so the cast finds only the commands' plain conformances and `command`
    /// stays free to be sent to its nonisolated `run()`.
    private nonisolated static func verbosity(of command: any ParsableCommand) -> Verbosity {
        (command as? any UsesGlobalOptions)?.global.verbosity ?? .normal
    }

    /// Prints the error and returns the exit code.
    static func report(_ error: Error, verbosity: Verbosity) -> Int32 {
        if let exit = error as? ExitCode { return exit.rawValue }
        switch Orchestrate.exitCode(for: error) {
        case .success:
            // --help and --version arrive as errors that print their text and exit 0.
            Orchestrate.exit(withError: error)
        case .validationFailure:
            // Usage errors keep argument-parser's text (the problem, the usage line, where help is), with
            // the same `error:` as every other error.
            var message = Orchestrate.fullMessage(for: error)
            if message.hasPrefix("Error: ") { message = "error: " + message.dropFirst("Error: ".count) }
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            return ExitStatus.usage
        default:
            let report = ErrorReport(error)
            FileHandle.standardError.write(Data(report.render(verbosity: verbosity, colored: Terminal.stderrIsTTY).utf8))
            return report.exitCode
        }
    }
}

/// A command that takes the global options; the entry point reads their verbosity to report errors.
protocol UsesGlobalOptions {
    var global: GlobalOptions { get }
}
