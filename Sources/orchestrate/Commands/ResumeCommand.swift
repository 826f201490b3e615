import ArgumentParser
import ArtifactStore
import Orchestrator
import Steps

struct ResumeCommand: AsyncParsableCommand, UsesGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Finish an interrupted or failed run without re-running what succeeded.",
        discussion: "The run continues from its recorded pipeline text and parameters, even if the file changed since.")

    @Argument(help: ArgumentHelp("A run id or a unique prefix of one.", valueName: "run"))
    var runReference: String

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let store = try global.openStore()
        let engine = RunEngine(store: store)
        let runID = runReference
        let record = try await Interruptible.run(global: global) { observer in
            try await engine.resume(runID, catalog: BuiltInSteps.catalog, observer: observer)
        }
        try RunReporting.finish(record, store: store, json: global.json)
    }
}
