import ArgumentParser
import ArtifactStore
import Foundation
import Orchestrator

extension RunsCommand {
    struct Plot: ParsableCommand, UsesGlobalOptions {
        static let configuration = CommandConfiguration(
            abstract: "Write a training curve of a run as CSV, or draw it as an SVG chart.",
            discussion: """
                One line per training step of the run (sft, dpo), the metric by update. Without --output the
                CSV goes to standard output; FILE.svg is a chart, FILE.csv the table.
                  orchestrate runs plot 3k2j --metric loss --output loss.svg
                  orchestrate runs plot 3k2j --metric rewards/margins --step dpo
                """)

        @Argument(help: ArgumentHelp("A run id or a unique prefix of one.", valueName: "run"))
        var runReference: String

        @Option(name: .long, help: "The logged value to plot: loss, learning_rate, grad_norm, rewards/margins, ...")
        var metric: String = "loss"

        @Option(name: .long, help: "Only this step's curve.")
        var step: String?

        @Option(name: .long, help: ArgumentHelp("Where to write it: FILE.svg or FILE.csv.", valueName: "file"))
        var output: String?

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            try global.refuseJSON("a curve is CSV or SVG (--output FILE.csv or FILE.svg)")
            if let output, !["svg", "csv"].contains(URL(fileURLWithPath: output).pathExtension.lowercased()) {
                throw ValidationError("--output must end in .svg (a chart) or .csv (the values), got '\(output)'")
            }
        }

        func run() throws {
            let store = try global.openStore()
            let run = try store.resolveRun(runReference)
            let curves = try MetricSeries.load(store, run: run, metric: metric, step: step)
            guard let output else {
                FileHandle.standardOutput.write(Data(TrainingCurveFiles.csv(curves, metric: metric).utf8))
                return
            }
            let url = URL(fileURLWithPath: output)
            let text =
                url.pathExtension.lowercased() == "svg"
                ? TrainingCurveFiles.chart(curves, metric: metric, run: run).svg()
                : TrainingCurveFiles.csv(curves, metric: metric)
            do {
                // Written whole or not at all: a temporary file renamed into place.
                try Data(text.utf8).write(to: url, options: .atomic)
            } catch {
                throw CLIFailure(message: "cannot write \(output): \(FoundationErrorText.describe(error) ?? "\(error)")")
            }
            let points = curves.map(\.points.count).reduce(0, +)
            Terminal.print(
                "wrote \(metric) of \(curves.map(\.step).joined(separator: ", ")) (\(points) points) to \(output)")
        }
    }
}
