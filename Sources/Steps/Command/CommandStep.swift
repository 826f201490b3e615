import ArtifactStore
import Foundation
import Orchestrator

/// Runs any program: the escape hatch for users' own code.
///
/// The script runs with `/bin/sh -c` in a fresh, empty working folder. Each input arrives as a
/// path in `INPUT_<name>` (read-only), each declared output is expected at `OUTPUT_<name>` (a
/// file or a folder the program creates), and `METADATA_<name>` is where it may write a JSON
/// object to store with that output. Project files the script names (`scripts/report.py`) are
/// resolved against the project folder and are part of the cache key.
public struct CommandStep: Step {
    public init() {}

    public var descriptor: StepDescriptor {
        StepDescriptor(
            type: "command", version: 1,
            summary: "Runs a shell command; inputs arrive as files in $INPUT_<name>, outputs are written to $OUTPUT_<name>.",
            parameters: [
                ParameterDescriptor("shell", .string, default: "/bin/sh", "The shell that runs the script with -c."),
                ParameterDescriptor("env", .map, default: .object([:]), "Extra environment variables for the command."),
            ],
            acceptsAnyInputs: true, declaresOutputs: true, takesRun: true)
    }

    public func run(_ context: StepContext) async throws -> StepResult {
        guard let script = context.script else { throw StepFailure("the command step needs 'run'") }
        let folder = context.workDirectory.appendingPathComponent("cwd")
        let metadataFolder = context.workDirectory.appendingPathComponent("metadata")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: metadataFolder, withIntermediateDirectories: true)

        var environment = ProcessInfo.processInfo.environment
        for (key, value) in context.parameters["env"]?.objectValue ?? [:] {
            environment[key] = value.interpolationText
        }
        for (name, input) in context.inputs {
            environment["INPUT_\(name)"] = input.url.path
        }
        for output in context.declaredOutputs {
            environment["OUTPUT_\(output.name)"] = context.outputURL(output.name).path
            environment["METADATA_\(output.name)"] = metadataFolder.appendingPathComponent("\(output.name).json").path
        }
        environment["ORCHESTRATE_RUN_ID"] = context.runID
        environment["ORCHESTRATE_PIPELINE"] = context.pipeline
        environment["ORCHESTRATE_STEP"] = context.step
        environment["ORCHESTRATE_ATTEMPT"] = String(context.attempt)
        environment["ORCHESTRATE_PROJECT_DIR"] = context.projectDirectory.path

        let shell = try context.parameters.string("shell")
        let process = ChildProcess(
            executable: shell, arguments: ["-c", ScriptFiles.absolutized(script, projectDirectory: context.projectDirectory)],
            environment: environment, workingDirectory: folder, outputFile: context.log.path)
        switch try await process.run() {
        case .exited(0):
            break
        case .exited(let code):
            throw StepFailure("command exited with status \(code)\(LogTail.lines(of: context.log.path))")
        case .signalled(let signal):
            throw StepFailure("command was killed by signal \(signal)\(LogTail.lines(of: context.log.path))")
        }

        var outputs: [String: StepOutput] = [:]
        for output in context.declaredOutputs {
            let url = context.outputURL(output.name)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw StepFailure(
                    "declared output '\(output.name)' was not written: the command must create a file or folder at $OUTPUT_\(output.name)"
                )
            }
            outputs[output.name] = StepOutput(url: url, metadata: try metadata(for: output.name, in: metadataFolder))
        }
        return StepResult(outputs: outputs)
    }

    private func metadata(for name: String, in folder: URL) throws -> [String: JSONValue] {
        let url = folder.appendingPathComponent("\(name).json")
        guard let data = FileManager.default.contents(atPath: url.path) else { return [:] }
        guard let value = try? JSONText.parse(data), let object = value.objectValue else {
            throw StepFailure("$METADATA_\(name) must hold a JSON object, like {\"count\": 3}")
        }
        return object
    }
}
