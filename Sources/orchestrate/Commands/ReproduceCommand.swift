import ArgumentParser
import ArtifactStore
import Orchestrator
import Steps

struct ReproduceCommand: AsyncParsableCommand, UsesGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "reproduce", abstract: "Re-run a past run exactly, cache off, and check its outputs hash the same.",
        discussion: """
            Uses the run's recorded pipeline text and parameters, even if the file was edited or deleted since.
            Source steps (crawl, import) reuse their recorded outputs unless --refetch.
            Exit 0 when every step's outputs match, 1 otherwise.
            """)

    @Argument(help: ArgumentHelp("A run id or a unique prefix of one.", valueName: "run"))
    var runReference: String

    @Flag(name: .long, help: "Fetch source data again instead of reusing the recorded outputs of source steps.")
    var refetch = false

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let store = try global.openStore()
        let engine = RunEngine(store: store)
        let (runID, refetch) = (runReference, refetch)
        let report = try await Interruptible.run(global: global) { observer in
            try await engine.reproduce(runID, catalog: BuiltInSteps.catalog, refetch: refetch, observer: observer)
        }
        if global.json {
            var object = try RunSummary.load(store, run: report.reproduction).json.objectValue ?? [:]
            object["reproduces"] = .string(report.original.id)
            object["all_match"] = .bool(report.allMatch)
            object["comparison"] = .array(
                report.steps.map { step in
                    [
                        "name": .string(step.step), "verdict": .string(step.verdict.rawValue),
                        "reused_recorded_outputs": .bool(step.reusedRecordedOutputs),
                        "outputs": .array(
                            step.outputs.keys.sorted().map { name in
                                let pair = step.outputs[name]!
                                return [
                                    "name": .string(name),
                                    "original_sha256": pair.original.map { .string($0) } ?? .null,
                                    "reproduced_sha256": pair.reproduced.map { .string($0) } ?? .null,
                                ]
                            }),
                    ]
                })
            Terminal.print(JSONText.pretty(.object(object)))
        } else {
            Terminal.print("\ncomparing with run \(Identifier.short(report.original.id)):")
            for step in report.steps {
                let mark: String
                switch step.verdict {
                case .match: mark = Terminal.paint("✓ match", .green)
                case .differs: mark = Terminal.paint("✗ differs", .red)
                case .missing: mark = Terminal.paint("✗ missing", .red)
                }
                var line = "  \(step.step.padding(toLength: max(step.step.count, 20), withPad: " ", startingAt: 0)) \(mark)"
                if step.reusedRecordedOutputs { line += " (recorded source outputs reused)" }
                for name in step.outputs.keys.sorted() where step.verdict != .match {
                    let pair = step.outputs[name]!
                    line +=
                        "\n      \(name): \(pair.original.map { String($0.prefix(12)) } ?? "none") → \(pair.reproduced.map { String($0.prefix(12)) } ?? "none")"
                }
                Terminal.print(line)
            }
            Terminal.print(report.allMatch ? "all outputs reproduced exactly" : "some outputs differ")
        }
        if !report.allMatch { throw ExitCode(ExitStatus.failed) }
    }
}
