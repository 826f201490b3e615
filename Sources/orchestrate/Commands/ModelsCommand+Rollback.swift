import ArgumentParser
import ArtifactStore

extension ModelsCommand {
    struct Rollback: ParsableCommand, UsesGlobalOptions {
        static let configuration = CommandConfiguration(
            abstract: "Move an alias back to the version it pointed at before (from the alias log).",
            discussion: """
                Each rollback goes one step further back: after 1, 2, 3 were promoted, rollback moves
                production to 2, and again to 1.
                """)

        @Argument(help: "The registered model.")
        var name: String

        @Option(name: .long, help: "The alias to move back.")
        var alias: String

        @Option(name: .long, help: "Why, for the alias log.")
        var reason: String?

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            if let problem = ModelName.problem(alias: alias) { throw ValidationError("--alias: \(problem)") }
        }

        func run() throws {
            let store = try global.openStore()
            let move = try store.rollback(model: name, alias: alias, reason: reason, by: ModelPrinter.currentUser)
            Terminal.print(global.json ? JSONText.pretty(ModelJSON.move(move)) : ModelPrinter.moved(move))
        }
    }
}
