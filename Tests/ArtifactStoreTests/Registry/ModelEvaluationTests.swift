import ArtifactStore
import Foundation
import Testing

/// A version's evaluations: the evaluation artifacts of step runs that read its content.
@Suite("model evaluations")
struct ModelEvaluationTests {
    @Test("an evaluation reads its metrics and gate from the metadata, and is found from any artifact of the content")
    func metricsAndGate() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let model = try fixture.publishModel(weights: "w", registerAs: "twin")
        // The same content published by another pipeline: one version, and its evaluations count.
        let copy = try fixture.publishModel(in: try fixture.makeRun(pipeline: "copy"), weights: "w", registerAs: "twin")
        try fixture.evaluate(copy, metrics: ["perplexity": 7.25, "judge_accuracy": 2, "label": "x"], passed: true)
        let version = try fixture.store.resolveModel("twin")
        #expect(version.artifactId == model.id)
        let evaluations = try fixture.store.evaluations(of: version)
        #expect(evaluations.count == 1)
        #expect(evaluations[0].metrics == ["perplexity": 7.25, "judge_accuracy": 2])
        #expect(evaluations[0].gate == ModelEvaluation.Gate(expression: "evaluate.report.perplexity < 8", passed: true))
    }

    @Test("an evaluation that says which input it evaluated belongs to that model only, not to its baseline")
    func comparedModels() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let sft = try fixture.publishModel(step: "sft", weights: "sft")
        let dpo = try fixture.publishModel(step: "dpo", weights: "dpo")
        try fixture.evaluate(dpo, passed: false, others: ["baseline": sft], evaluated: "model")
        #expect(try fixture.store.evaluations(of: try fixture.store.resolveModel("dpo.model")).count == 1)
        #expect(try fixture.store.evaluations(of: try fixture.store.resolveModel("sft.model")).isEmpty)
        // Without `evaluated`, every model the step read is evaluated by it.
        try fixture.evaluate(dpo, passed: true, others: ["baseline": sft])
        #expect(try fixture.store.evaluations(of: try fixture.store.resolveModel("sft.model")).count == 1)
    }
}
