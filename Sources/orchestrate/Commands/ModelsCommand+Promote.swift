import ArgumentParser
import ArtifactStore
import Foundation

extension ModelsCommand {
    struct Promote: ParsableCommand, UsesGlobalOptions {
        static let configuration = CommandConfiguration(
            abstract: "Point an alias of a model at a version.",
            discussion: """
                staging and production are held by one version each, like any alias. production needs
                the version's latest evaluation (an evaluation artifact made from it) to have passed its
                gate; --force --reason TEXT overrides that, and the log says so.
                  orchestrate models promote twin 3 --alias staging
                  orchestrate models promote twin 3 --alias production --reason "judge 2.4, beats 2"
                """)

        @Argument(help: "The registered model.")
        var name: String

        @Argument(help: "The version to point the alias at.")
        var version: Int

        @Option(name: .long, help: "The alias: staging, production, or a name of your own.")
        var alias: String

        @Option(name: .long, help: "Why, for the alias log (required with --force).")
        var reason: String?

        @Flag(name: .long, help: "Promote to production even though the evaluation gate did not pass.")
        var force = false

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard version > 0 else { throw ValidationError("versions start at 1, got \(version)") }
            if let problem = ModelName.problem(alias: alias) { throw ValidationError("--alias: \(problem)") }
            if force, (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError("--force needs --reason TEXT: say why the gate is overridden")
            }
        }

        func run() throws {
            let store = try global.openStore()
            let change = try store.promote(
                model: name, version: version, alias: alias, reason: reason, force: force, by: ModelPrinter.currentUser)
            switch change {
            case .moved(let move):
                Terminal.print(global.json ? JSONText.pretty(ModelJSON.move(move)) : ModelPrinter.moved(move))
            case .unchanged:
                if global.json {
                    Terminal.print(JSONText.pretty(["model": .string(name), "alias": .string(alias), "unchanged": true]))
                } else {
                    Terminal.print("\(name)@\(alias) already points at version \(version); nothing moved")
                }
            }
        }
    }
}
