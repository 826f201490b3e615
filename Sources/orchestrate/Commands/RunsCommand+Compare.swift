import ArgumentParser
import ArtifactStore
import Orchestrator

extension RunsCommand {
    struct Compare: ParsableCommand, UsesGlobalOptions {
        static let configuration = CommandConfiguration(
            abstract: "Put runs side by side: parameters, metrics and output versions, differences marked.",
            discussion: """
                Metrics are each training step's last logged values (STEP.loss, STEP.grad_norm, ...) and each
                evaluation's metrics and gate (STEP.OUTPUT.NAME). A row whose values differ is marked with *
                (and bold on a terminal).
                  orchestrate runs compare 3k2j 7fa1
                """)

        @Argument(help: ArgumentHelp("Two or more runs: ids or unique prefixes.", valueName: "run"))
        var runReferences: [String]

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard runReferences.count >= 2 else { throw ValidationError("compare needs at least two runs") }
        }

        func run() throws {
            let store = try global.openStore()
            let comparison = try RunComparison.load(store, runs: try runReferences.map { try store.resolveRun($0) })
            if global.json {
                Terminal.print(JSONText.pretty(comparison.json))
                return
            }
            Terminal.print(RunComparisonPrinter.text(comparison, tty: Terminal.stdoutIsTTY))
        }
    }
}
