import ArgumentParser

/// The `orchestrate` command line: parsing and printing only; the work happens in the libraries.
struct Orchestrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orchestrate",
        abstract: "Run YAML pipelines with cached, versioned artifacts and full lineage.",
        discussion: """
            Exit codes: 0 success, 1 the run failed, 2 usage or validation error.
            The store is ./runs unless --store or ORCHESTRATE_STORE says otherwise.
            """,
        version: "0.1.0",
        subcommands: [
            RunCommand.self, ValidateCommand.self, RunsCommand.self, ResumeCommand.self, ReproduceCommand.self,
            ArtifactsCommand.self, LineageCommand.self, StepsCommand.self, SchedulesCommand.self, SchedulerCommand.self,
            GCCommand.self, TokenizeCommand.self, EmbedCommand.self, GenerateCommand.self, SearchCommand.self,
            DocumentsCommand.self, ModelsCommand.self, ServeCommand.self, UICommand.self, StepExecCommand.self,
        ]
    )
}
