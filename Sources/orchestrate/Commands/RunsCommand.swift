import ArgumentParser
import ArtifactStore
import Foundation
import Orchestrator

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List runs, show one, print its logs, compare runs, or plot a training curve.",
        subcommands: [List.self, Show.self, Logs.self, Compare.self, Plot.self], defaultSubcommand: List.self)

    struct List: ParsableCommand, UsesGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "List runs, newest first.")

        @Option(name: .long, help: "Only runs of this pipeline.")
        var pipeline: String?

        @Option(name: .long, help: "How many runs to list.")
        var limit = 20

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            let runs = try store.listRuns(pipeline: pipeline, limit: limit)
            if global.json {
                Terminal.print(JSONText.pretty(.array(try runs.map { try RunSummary.load(store, run: $0).json })))
                return
            }
            if runs.isEmpty {
                Terminal.print("no runs yet in \(global.storePath)/")
                return
            }
            var table = Table("RUN", "PIPELINE", "STATUS", "STARTED", "DURATION", "TRIGGER")
            for run in runs {
                let status = store.effectiveStatus(of: run)
                let duration = run.finishedAt.map { DurationParser.format($0 - (run.startedAt ?? run.createdAt)) } ?? "-"
                let trigger = run.triggerDetail.map { "\(run.trigger) \(Identifier.short($0))" } ?? run.trigger
                table.add(
                    Identifier.short(run.id), run.pipeline, StatusStyle.paint(status), Timestamp.local(run.createdAt), duration,
                    trigger)
            }
            Terminal.print(table.render())
        }
    }

    struct Show: ParsableCommand, UsesGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Show a run's steps, their status, cache keys and outputs.")

        @Argument(help: ArgumentHelp("A run id or a unique prefix of one.", valueName: "run"))
        var runReference: String

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Say why this step ran or was reused: what changed since the nearest earlier cache key.", valueName: "step"))
        var explain: String?

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            if let explain {
                let explanation = try CacheExplanation.load(store, run: try store.resolveRun(runReference), step: explain)
                Terminal.print(global.json ? JSONText.pretty(explanation.json) : explanation.text)
                return
            }
            let summary = try RunSummary.load(store, run: try store.resolveRun(runReference))
            if global.json {
                Terminal.print(JSONText.pretty(summary.json))
                return
            }
            Terminal.print(RunPrinter.describe(summary))
        }
    }

    struct Logs: ParsableCommand, UsesGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Print the logs of a run's steps.")

        @Argument(help: ArgumentHelp("A run id or a unique prefix of one.", valueName: "run"))
        var runReference: String

        @Argument(help: ArgumentHelp("Only this step.", valueName: "step"))
        var step: String?

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            try global.refuseJSON("logs are printed as the steps wrote them (`runs show --json` has each step's status)")
        }

        func run() throws {
            let store = try global.openStore()
            let record = try store.resolveRun(runReference)
            let folder = store.logsDirectory.appendingPathComponent(record.id)
            let steps = try RunSummary.load(store, run: record).steps.map(\.record.step)
            if let step, !steps.contains(step) {
                throw CLIFailure(
                    message: "run \(Identifier.short(record.id)) has no step '\(step)'"
                        + (Suggestion.hint(for: step, in: steps).map { " (\($0))" } ?? ""),
                    hint: "its steps: \(steps.joined(separator: ", "))")
            }
            for name in step.map({ [$0] }) ?? steps {
                let path = folder.appendingPathComponent("\(name).log")
                guard let data = FileManager.default.contents(atPath: path.path) else {
                    if step != nil { Terminal.print("(step '\(name)' wrote no log: it did not run in this run)") }
                    continue
                }
                if step == nil { Terminal.print(Terminal.paint("── \(name) ──", .bold)) }
                FileHandle.standardOutput.write(data)
            }
        }
    }
}

/// The text form of a run, shared by `runs show`, `resume` and `reproduce`.
enum RunPrinter {
    static func triggerText(_ summary: RunSummary) -> String {
        let run = summary.run
        switch run.trigger {
        case "artifact":
            guard let artifact = summary.triggerArtifact else { return "artifact \(run.triggerDetail ?? "?")" }
            return "new version \(artifact.qualifiedName)"
                + (summary.triggerArtifactRun.map { " (published by run \(Identifier.short($0)))" } ?? "")
        case "schedule":
            return "schedule" + (run.triggerDetail.map { " (due \($0))" } ?? "")
        case "reproduce":
            return "reproduce of \(run.triggerDetail.map(Identifier.short) ?? "?")"
        default:
            return run.trigger
        }
    }

    static func describe(_ summary: RunSummary) -> String {
        let run = summary.run
        var lines = [
            "run       \(run.id)",
            "pipeline  \(run.pipeline)" + (run.specPath.map { "  (\($0))" } ?? ""),
            "status    \(StatusStyle.paint(summary.status))"
                + (summary.status == .interrupted ? "  (resume it: orchestrate resume \(Identifier.short(run.id)))" : ""),
            "trigger   " + triggerText(summary),
            "started   \(Timestamp.local(run.startedAt ?? run.createdAt))"
                + (run.finishedAt.map {
                    "  finished \(Timestamp.local($0))  (\(DurationParser.format($0 - (run.startedAt ?? run.createdAt))))"
                } ?? ""),
        ]
        for (reference, artifact, publisher) in summary.artifactInputs {
            lines.append(
                "reads     \(reference) → \(artifact.qualifiedName)"
                    + (publisher.map { " (published by run \(Identifier.short($0)))" } ?? ""))
        }
        if let parameters = try? JSONText.parse(run.parameters), let object = parameters.objectValue, !object.isEmpty {
            lines.append(
                "params    " + object.keys.sorted().map { "\($0)=\(object[$0]!.interpolationText)" }.joined(separator: " "))
        }
        lines.append("")
        var table = Table("STEP", "TYPE", "STATUS", "TRY", "DURATION", "CACHE KEY", "OUTPUTS")
        var errors: [String] = []
        var training: [String] = []
        for step in summary.steps {
            let record = step.record
            let outputs = step.outputs.map { "\($0.output)=\($0.artifact.name)@\($0.artifact.version)" }.joined(separator: " ")
            var status = StatusStyle.paint(record.status)
            if let from = step.cachedFromRun { status += " (\(Identifier.short(from)))" }
            table.add(
                record.step, record.stepType, status, String(record.attempt), record.duration.map(DurationParser.format) ?? "-",
                record.cacheKey.map { String($0.prefix(12)) } ?? "-", outputs.isEmpty ? "-" : outputs)
            if let error = record.error, record.status != .succeeded {
                errors.append("  \(record.step): \(error)")
            }
            training += TrainingCurve.lines(step: record.step, metadata: record.metadata)
        }
        lines.append(table.render())
        if !training.isEmpty {
            lines.append("")
            lines.append("training")
            lines += training
        }
        if !errors.isEmpty {
            lines.append("")
            lines += errors
        }
        return lines.joined(separator: "\n")
    }
}
