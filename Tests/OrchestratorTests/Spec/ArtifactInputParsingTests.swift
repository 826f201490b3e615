import Orchestrator
import Testing

/// `inputs: { x: pipeline/step.output@VERSION }`: reading an artifact another pipeline published.
@Suite("ArtifactInput parsing")
struct ArtifactInputParsingTests {
    private func binding(_ text: String) throws -> InputBinding {
        let spec = try SpecParser.parse(
            "name: training\nsteps:\n  train: { uses: noop, inputs: { data: \(text) } }\n", file: "p.yaml")
        return try #require(spec.steps.first?.inputs["data"])
    }

    @Test("pipeline/step.output reads the latest version, under one key however it is written")
    func latest() throws {
        let plain = try binding("datasets/preference.dataset")
        let explicit = try binding("datasets/preference.dataset@latest")
        #expect(plain.artifact?.pipeline == "datasets")
        #expect(plain.artifact?.name == "preference.dataset")
        #expect(plain.artifact?.version == nil)
        #expect(plain.description == "datasets/preference.dataset")
        #expect(explicit.description == "datasets/preference.dataset@latest")
        #expect(plain.artifact?.key == "datasets/preference.dataset@latest")
        #expect(explicit.artifact?.key == plain.artifact?.key)
        #expect(plain.step == "datasets/preference.dataset@latest" && plain.output == "artifact")
    }

    @Test("@N pins a version; an output name alone is accepted as the store accepts it")
    func numbered() throws {
        let pinned = try binding("datasets/preference.dataset@3")
        #expect(pinned.artifact?.version == 3)
        #expect(pinned.artifact?.key == "datasets/preference.dataset@3")
        let short = try binding("feature.v2/chunks@2")
        #expect(short.artifact?.pipeline == "feature.v2")
        #expect(short.artifact?.name == "chunks")
    }

    @Test("step.output stays a reference to a step of the same pipeline")
    func stepOutput() throws {
        let local = try binding("clean.documents")
        #expect(local.artifact == nil)
        #expect(local.step == "clean" && local.output == "documents")
    }

    private func problems(_ text: String) -> [Diagnostic] {
        OrchestratorTests.diagnostics(of: ["name: training", "steps:", "  train: { uses: noop, inputs: { data: \(text) } }"])
    }

    private static let hint = "another pipeline's artifact is written pipeline/step.output, optionally with @latest or @VERSION"

    @Test("a bad version is reported at the input's value")
    func badVersion() {
        #expect(
            problems("datasets/preference.dataset@0") == [
                Diagnostic(
                    "input 'data' reads 'datasets/preference.dataset@0': a version is a positive number or 'latest'",
                    at: at(3, 40), hint: Self.hint)
            ])
        #expect(problems("datasets/preference.dataset@newest").map(\.location) == [at(3, 40)])
    }

    @Test("a missing pipeline or artifact name is reported with what was expected")
    func missingParts() {
        #expect(
            problems("datasets/").map(\.message) == [
                "input 'data' reads 'datasets/': expected name, name@VERSION or pipeline/name@VERSION"
            ])
        #expect(
            problems("/preference.dataset").map(\.message) == [
                "input 'data' reads '/preference.dataset': expected name, name@VERSION or pipeline/name@VERSION"
            ])
    }

    @Test("an artifact name that is not step.output is refused")
    func badName() {
        let found = problems("datasets/a.b.c")
        #expect(
            found == [
                Diagnostic(
                    "input 'data' reads 'datasets/a.b.c': 'a.b.c' is not an artifact name: expected step.output after 'datasets/'",
                    at: at(3, 40), hint: Self.hint)
            ])
        #expect(found.first?.description.hasPrefix("p.yaml:3:40: input 'data' reads 'datasets/a.b.c'") == true)
        #expect(problems("datasets/pre ference.dataset").count == 1)
    }

    @Test("a pipeline name with characters pipeline names cannot have is refused")
    func badPipelineName() {
        #expect(
            problems("data$ets/preference.dataset").map(\.message) == [
                "input 'data' reads 'data$ets/preference.dataset': pipeline name 'data$ets' must use letters, digits, '-', '_' and '.'"
            ])
    }

    @Test("a version without a pipeline explains that only other pipelines' artifacts take one")
    func versionWithoutPipeline() {
        #expect(
            problems("preference.dataset@2").map(\.message) == [
                "input 'data' reads 'preference.dataset@2': a version is only written for another pipeline's artifact, as pipeline/preference.dataset@VERSION; this pipeline's own outputs are read as step.output"
            ])
    }
}
