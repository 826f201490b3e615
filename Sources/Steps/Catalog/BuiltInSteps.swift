import Orchestrator

/// The step types that ship with orchestrate. A type is listed here only once it really works.
public enum BuiltInSteps {
    public static var catalog: StepCatalog {
        StepCatalog([
            CommandStep(), NoopStep(), CrawlStep(), ImportStep(), CleanStep(), ChunkStep(), EmbedStep(), IndexStep(),
            GenerateInstructDatasetStep(), GeneratePreferenceDatasetStep(), SFTStep(), DPOStep(), EvaluateStep(),
            PromoteStep(),
            DeployStep(),
        ])
    }
}
