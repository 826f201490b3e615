import ArtifactStore
import Orchestrator
import Steps

/// A step that only declares its interface: enough for validation, never run.
struct DeclaredStep: Step {
    let descriptor: StepDescriptor

    func run(_ context: StepContext) async throws -> StepResult {
        throw StepFailure("\(descriptor.type) is declared for validation tests only")
    }
}

/// The LLM-twin shapes validation tests check against, plus the real `command` and `noop`.
enum DeclaredSteps {
    static let importer = DeclaredStep(
        descriptor: StepDescriptor(
            type: "import", version: 1, summary: "Imports documents.",
            parameters: [ParameterDescriptor("path", .string, "Where the export is.")],
            outputs: [PortDescriptor("documents", type: "documents", "The documents.")], isSource: true))

    static let clean = DeclaredStep(
        descriptor: StepDescriptor(
            type: "clean", version: 1, summary: "Cleans documents.",
            inputs: [PortDescriptor("documents", type: "documents", "Raw documents.")],
            outputs: [PortDescriptor("documents", type: "documents", "Clean documents.")]))

    static let chunk = DeclaredStep(
        descriptor: StepDescriptor(
            type: "chunk", version: 1, summary: "Chunks documents.",
            parameters: [
                ParameterDescriptor("size", .int, default: 1000, "Chunk size in tokens."),
                ParameterDescriptor("overlap", .int, default: 100, "Overlap in tokens."),
                ParameterDescriptor("label", .string, default: "", "A label."),
            ],
            inputs: [PortDescriptor("documents", type: "documents", "Documents to chunk.")],
            outputs: [PortDescriptor("chunks", type: "chunks", "The chunks.")]))

    static let embed = DeclaredStep(
        descriptor: StepDescriptor(
            type: "embed", version: 1, summary: "Embeds chunks.",
            parameters: [
                ParameterDescriptor("normalize", .bool, default: true, "Normalize vectors."),
                ParameterDescriptor("ratio", .number, default: 0.5, "A ratio."),
                ParameterDescriptor("timeout", .duration, default: "1m", "How long to wait."),
                ParameterDescriptor("models", .list, default: [], "Models."),
            ],
            inputs: [
                PortDescriptor("chunks", type: "chunks", "Chunks."),
                PortDescriptor("model", type: "model", "A model.", optional: true),
            ],
            outputs: [PortDescriptor("embeddings", type: "embeddings", "Vectors.")]))

    static var catalog: StepCatalog {
        StepCatalog([importer, clean, chunk, embed, CommandStep(), NoopStep()])
    }
}
