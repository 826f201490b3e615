import ArgumentParser
import ArtifactStore

extension ModelsCommand {
    struct List: ParsableCommand, UsesGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "List the registered models.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            let models = try store.registeredModels()
            if global.json {
                Terminal.print(JSONText.pretty(.array(models.map(ModelJSON.summary))))
                return
            }
            Terminal.print(ModelPrinter.list(models, storePath: global.storePath))
        }
    }
}
