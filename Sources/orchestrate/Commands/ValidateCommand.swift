import ArgumentParser
import ArtifactStore
import Orchestrator
import Steps

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check pipeline files without running anything.",
        discussion: "Reports every problem as FILE:LINE:COL: message, and exits 2 if there is any.")

    @Argument(help: ArgumentHelp("Pipeline files to check.", valueName: "file"))
    var files: [String]

    @OptionGroup var parameters: ParameterOptions

    @OptionGroup var output: OutputOptions

    func run() throws {
        var problems: [String] = []
        var results: [JSONValue] = []
        for file in files {
            do {
                let plan = try PipelineValidator(catalog: BuiltInSteps.catalog).plan(file: file, overrides: parameters.pairs)
                results.append(["file": .string(file), "valid": true, "pipeline": .string(plan.pipeline), "steps": .int(plan.steps.count), "problems": []])
                if !output.json {
                    Terminal.print("\(Terminal.paint("✓", .green)) \(file): pipeline '\(plan.pipeline)' is valid (\(plan.steps.count) step\(plan.steps.count == 1 ? "" : "s"): \(plan.steps.map(\.name).joined(separator: " → ")))")
                }
            } catch let error as PipelineError {
                problems += error.diagnostics.map(\.description)
                results.append(["file": .string(file), "valid": false, "problems": .array(error.diagnostics.map { diagnostic in
                    [
                        "line": diagnostic.location.map { .int($0.line) } ?? .null,
                        "column": diagnostic.location.map { .int($0.column) } ?? .null,
                        "message": .string(diagnostic.message),
                        "hint": diagnostic.hint.map { .string($0) } ?? .null,
                    ]
                })])
            } catch let error as ParameterOverrides.Failure {
                problems.append("\(file): \(error.description)")
                results.append(["file": .string(file), "valid": false, "problems": [["message": .string(error.description)]]])
            }
        }
        if output.json {
            Terminal.print(JSONText.pretty(.array(results)))
        } else {
            for problem in problems { Terminal.error(problem, plain: true) }
        }
        if !problems.isEmpty { throw ExitCode(2) }
    }
}
