import ArgumentParser
import ArtifactStore
import Foundation
import Orchestrator
import Steps

struct ValidateCommand: ParsableCommand, UsesGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check pipeline files without running anything.",
        discussion: """
            Reports every problem as FILE:LINE:COL: message, and exits 2 if there is any.
            Triggers are checked against the other pipeline files in the same folder.
            """)

    @Argument(help: ArgumentHelp("Pipeline files to check.", valueName: "file"))
    var files: [String]

    @OptionGroup var parameters: ParameterOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        var problems: [String] = []
        var results: [JSONValue] = []
        var folders: [URL: PipelineFolder] = [:]
        for file in files {
            var diagnostics: [Diagnostic] = []
            var plan: ExecutionPlan?
            do {
                plan = try PipelineValidator(catalog: BuiltInSteps.catalog).plan(file: file, overrides: parameters.pairs)
                diagnostics = crossFileProblems(of: file, folders: &folders)
            } catch let error as PipelineError {
                diagnostics = error.diagnostics
            } catch let error as ParameterOverrides.Failure {
                diagnostics = [Diagnostic("\(file): \(error.description)", at: nil)]
            }
            problems += diagnostics.map(\.description)
            results.append([
                "file": .string(file), "valid": .bool(diagnostics.isEmpty),
                "pipeline": plan.map { .string($0.pipeline) } ?? .null, "steps": plan.map { .int($0.steps.count) } ?? .null,
                "problems": .array(
                    diagnostics.map { diagnostic in
                        [
                            "line": diagnostic.location.map { .int($0.line) } ?? .null,
                            "column": diagnostic.location.map { .int($0.column) } ?? .null,
                            "message": .string(diagnostic.message),
                            "hint": diagnostic.hint.map { .string($0) } ?? .null,
                        ]
                    }),
            ])
            if let plan, diagnostics.isEmpty, !global.json {
                Terminal.print(
                    "\(Terminal.paint("✓", .green)) \(file): pipeline '\(plan.pipeline)' is valid (\(plan.steps.count) step\(plan.steps.count == 1 ? "" : "s"): \(plan.steps.map(\.name).joined(separator: " → ")))"
                )
            }
        }
        if global.json {
            Terminal.print(JSONText.pretty(.array(results)))
        } else {
            for problem in problems { Terminal.error(problem, plain: true) }
        }
        if !problems.isEmpty { throw ExitCode(ExitStatus.usage) }
    }

    /// Problems that only the other files of the folder reveal: triggers naming a missing pipeline
    /// or artifact, trigger cycles, and duplicate pipeline names.
    private func crossFileProblems(of file: String, folders: inout [URL: PipelineFolder]) -> [Diagnostic] {
        let absolute = URL(fileURLWithPath: file).standardizedFileURL
        let folderURL = absolute.deletingLastPathComponent()
        if folders[folderURL] == nil { folders[folderURL] = PipelineFolder.load(folderURL, catalog: BuiltInSteps.catalog) }
        let loaded = folders[folderURL]!
        return loaded.problems.first { URL(fileURLWithPath: $0.key).standardizedFileURL == absolute }?.value ?? []
    }
}
