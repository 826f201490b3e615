import ArgumentParser

struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "The model registry: versions, evaluations, aliases; and exports for other tools.",
        discussion: """
            Every model artifact a step outputs is a version of a registered model: the name the step's
            `register:` gives, else the artifact's name (sft.model). The same content is one version.
            A version is named twin (the newest), twin/3, or twin@production (an alias); generate,
            models export and the training steps' base_model take these names.
            Aliases move with promote and rollback; every move is logged (models aliases). Promoting to
            production needs the version's latest evaluation gate to have passed, unless --force --reason.
            An adapter for export is also a PEFT folder or any artifact reference (name@VERSION, sha256:PREFIX).
            """,
        subcommands: [List.self, Show.self, Promote.self, Rollback.self, Aliases.self, Export.self],
        defaultSubcommand: List.self)
}
