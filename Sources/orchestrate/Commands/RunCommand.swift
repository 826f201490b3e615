import ArgumentParser
import ArtifactStore
import Foundation
import Orchestrator
import Steps

struct RunCommand: AsyncParsableCommand, UsesGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Validate a pipeline file and run it.",
        discussion:
            "Steps whose inputs and parameters are unchanged are not run again: their earlier outputs are reused (cached).")

    @Argument(help: ArgumentHelp("The pipeline file, e.g. pipelines/feature.yaml.", valueName: "file"))
    var file: String

    @OptionGroup var parameters: ParameterOptions

    @Flag(name: .long, help: "Run every step, ignoring cached outputs.")
    var noCache = false

    @Option(name: .long, help: ArgumentHelp("Steps to run at once (default: the number of cores).", valueName: "n"))
    var maxParallel: Int?

    @Flag(name: .long, help: "Stop at the first failed step, cancelling the ones running.")
    var failFast = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let maxParallel, maxParallel < 1 { throw ValidationError("--max-parallel must be at least 1") }
    }

    func run() async throws {
        let plan = try PipelineValidator(catalog: BuiltInSteps.catalog).plan(file: file, overrides: parameters.pairs)
        let store = try global.openStore(create: true)
        if !global.json, global.verbosity != .quiet, let last = try store.listRuns(pipeline: plan.pipeline, limit: 1).first,
            store.effectiveStatus(of: last) == .interrupted
        {
            Terminal.print(
                Terminal.paint(
                    "note: run \(Identifier.short(last.id)) of \(plan.pipeline) was interrupted; `orchestrate resume \(Identifier.short(last.id))` finishes it instead",
                    .yellow))
        }
        let options = RunOptions(useCache: !noCache, failFast: failFast, maxParallel: maxParallel)
        let engine = RunEngine(store: store)
        let run = try await Interruptible.run(global: global) { observer in
            try await engine.run(
                plan, options: options, start: RunEngine.Start(projectDirectory: ProjectDirectory.of(pipelineFile: file)),
                observer: observer)
        }
        try RunReporting.finish(run, store: store, json: global.json)
    }
}

/// Shared ending of `run` and `resume`: print JSON if asked, and exit 1 when the run failed.
enum RunReporting {
    static func finish(_ run: RunRecord, store: Store, json: Bool) throws {
        if json {
            Terminal.print(JSONText.pretty(try RunSummary.load(store, run: run).json))
        } else if run.status != .succeeded {
            let failed = try store.latestStepRuns(runID: run.id).values.filter { $0.status == .failed }.map(\.step).sorted()
            if let first = failed.first {
                Terminal.print("  see the log: orchestrate runs logs \(Identifier.short(run.id)) \(first)")
            }
        }
        if run.status != .succeeded { throw ExitCode(ExitStatus.failed) }
    }
}
