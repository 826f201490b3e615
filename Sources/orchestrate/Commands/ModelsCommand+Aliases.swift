import ArgumentParser
import ArtifactStore

extension ModelsCommand {
    struct Aliases: ParsableCommand, UsesGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Print a model's alias log: every move, oldest first.")

        @Argument(help: "The registered model.")
        var name: String

        @Option(name: .long, help: "Only this alias.")
        var alias: String?

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            guard let model = try store.registeredModel(named: name) else {
                _ = try store.resolveModel(ModelReference(model: name, selector: .latest))
                return
            }
            let log = try store.aliasLog(model: name, alias: alias)
            if global.json {
                Terminal.print(JSONText.pretty(.array(log.map(ModelJSON.move))))
                return
            }
            Terminal.print(ModelPrinter.aliasLog(log, model: model))
        }
    }
}
