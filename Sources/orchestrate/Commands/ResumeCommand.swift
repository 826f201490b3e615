import ArgumentParser
import ArtifactStore
import Orchestrator
import Steps

struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Finish an interrupted or failed run without re-running what succeeded.",
        discussion: "The run continues from its recorded pipeline text and parameters, even if the file changed since.")

    @Argument(help: ArgumentHelp("A run id or a unique prefix of one.", valueName: "run"))
    var runReference: String

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let store = try storeOptions.open()
        let engine = RunEngine(store: store)
        let runID = runReference
        let record = try await Interruptible.run(output: output) { observer in
            try await engine.resume(runID, catalog: BuiltInSteps.catalog, observer: observer)
        }
        try RunReporting.finish(record, store: store, json: output.json)
    }
}
