import ArtifactStore
import Foundation
import OrchestrateTesting
import Orchestrator
import Testing

/// What `validate` checks of an input that reads another pipeline's artifact: its syntax and that
/// it is not the pipeline's own, never whether the artifact exists yet.
@Suite("ArtifactInput validation")
struct ArtifactInputValidationTests {
    @Test("a reference to another pipeline plans without a store, as a dependency on its pseudo-step")
    func plans() throws {
        let spec = try SpecParser.parse(
            """
            name: training
            steps:
              chunk: { uses: chunk, inputs: { documents: feature/clean.documents@2 } }
              embed: { uses: embed, inputs: { chunks: chunk.chunks } }
            """, file: "p.yaml")
        let plan = try PipelineValidator(catalog: DeclaredSteps.catalog).plan(spec)
        #expect(plan.step("chunk")?.dependencies == ["feature/clean.documents@2"])
        #expect(plan.steps.map(\.name) == ["chunk", "embed"])
        #expect(plan.artifactInputs.map(\.artifact.key) == ["feature/clean.documents@2"])
        #expect(plan.artifactInputs.map(\.input) == ["documents"])
        #expect(!plan.readsTrigger)
    }

    @Test("a reference to the pipeline's own artifact is refused with a hint to read the step's output")
    func ownPipeline() {
        let found = diagnostics(
            of: [
                "name: feature",
                "steps:",
                "  clean: { uses: import, with: { path: x } }",
                "  chunk: { uses: chunk, inputs: { documents: feature/clean.documents } }",
            ], planningWith: DeclaredSteps.catalog)
        #expect(
            found == [
                Diagnostic(
                    "step 'chunk' reads 'feature/clean.documents', an artifact of its own pipeline 'feature'", at: at(4, 46),
                    hint: "read it from the step that writes it: clean.documents")
            ])
    }

    @Test("an own artifact named by its output alone is refused too")
    func ownPipelineShortName() {
        let found = diagnostics(
            of: ["name: feature", "steps:", "  chunk: { uses: chunk, inputs: { documents: feature/documents@1 } }"],
            planningWith: DeclaredSteps.catalog)
        #expect(found.map(\.hint) == ["read it from the step that writes it: STEP.documents"])
    }

    @Test("references to other pipelines add no trigger edges: a pipeline may read the one it triggers")
    func noTriggerCycle() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write(
            """
            name: feature
            triggers:
              - on_artifact: { pipeline: datasets, name: chunk.chunks }
            steps:
              clean: { uses: clean, inputs: { documents: datasets/clean.documents } }
            """, to: "feature.yaml")
        try folder.write(
            """
            name: datasets
            steps:
              clean: { uses: clean, inputs: { documents: feature/clean.documents } }
              chunk: { uses: chunk, inputs: { documents: clean.documents } }
            """, to: "datasets.yaml")
        let loaded = PipelineFolder.load(folder.url, catalog: DeclaredSteps.catalog)
        #expect(loaded.problems.isEmpty)
        #expect(loaded.pipelines.keys.sorted() == ["datasets", "feature"])
    }
}
