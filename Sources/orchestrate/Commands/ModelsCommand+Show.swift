import ArgumentParser
import ArtifactStore
import Orchestrator

extension ModelsCommand {
    struct Show: ParsableCommand, UsesGlobalOptions {
        static let configuration = CommandConfiguration(
            abstract: "Show a model's versions, or one version: its lineage down to the data, evaluations and aliases.")

        @Argument(
            help: ArgumentHelp(
                "A model (NAME) or one version (NAME/3, NAME@production, NAME@latest).", valueName: "name-or-version"))
        var reference: String

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            let parsed = try ModelReference(parsing: reference)
            if parsed.selector == .latest, !reference.hasSuffix("@latest") {
                guard let model = try store.registeredModel(named: parsed.model) else {
                    _ = try store.resolveModel(parsed)  // the store's own "no such model" error
                    return
                }
                let evaluations = try Dictionary(
                    uniqueKeysWithValues: model.versions.map { ($0.version, try store.evaluations(of: $0)) })
                if global.json {
                    Terminal.print(JSONText.pretty(ModelJSON.model(model, evaluations: evaluations)))
                } else {
                    Terminal.print(ModelPrinter.model(model, evaluations: evaluations))
                }
                return
            }
            let detail = try ModelVersionDetail.load(store, version: try store.resolveModel(parsed))
            Terminal.print(global.json ? JSONText.pretty(ModelJSON.version(detail)) : ModelPrinter.version(detail))
        }
    }
}
