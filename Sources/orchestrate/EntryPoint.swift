import ArgumentParser
import ArtifactStore
import Foundation
import Orchestrator

/// Runs the command and maps every error to one readable line and the documented exit code
/// (argument-parser's own usage errors would otherwise exit 64).
@main
enum EntryPoint {
    static func main() async {
        do {
            var command = try Orchestrate.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(report(error))
        }
    }

    /// Prints the error and returns the exit code.
    static func report(_ error: Error) -> Int32 {
        switch error {
        case let exit as ExitCode:
            return exit.rawValue
        case let failure as PipelineError:
            Terminal.error(failure.description, plain: true)
            return 2
        case let failure as CLIFailure:
            Terminal.error(failure.message)
            return failure.code
        case let failure as StoreError:
            Terminal.error(failure.description)
            return 2
        case let failure as RunStateError:
            Terminal.error(failure.description)
            return 2
        case let failure as ParameterOverrides.Failure:
            Terminal.error(failure.description)
            return 2
        default:
            let code = Orchestrate.exitCode(for: error)
            if code == .success {
                Orchestrate.exit(withError: error)
            }
            let message = Orchestrate.fullMessage(for: error)
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            return code == .failure ? 1 : 2
        }
    }
}

/// An error the CLI reports as is, with its exit code.
struct CLIFailure: Error {
    var message: String
    var code: Int32 = 2
}
