import ArtifactStore
import Foundation

/// Model and evaluation artifacts made the way the engine makes them: a step run publishes them.
extension StoreFixture {
    /// A step run of `step` that outputs a PEFT-like folder as a `model` artifact, whose `model.json` names
    /// `base` and its digest; `weights` makes the content differ.
    @discardableResult
    func publishModel(
        step: String = "sft", in run: RunRecord? = nil, weights: String, base: String = "models/base.gguf",
        baseSHA256: String? = String(repeating: "b", count: 64), metadata: JSONValue = ["format": "peft-lora"],
        registerAs: String? = nil, inputs: [String: ArtifactRecord] = [:]
    ) throws -> ArtifactRecord {
        let run = try run ?? makeRun(pipeline: "training")
        let folder = try self.folder.makeFolder("staging/\(UUID().uuidString)")
        try Data(weights.utf8).write(to: folder.appendingPathComponent("adapter_model.safetensors"))
        try Data("{}".utf8).write(to: folder.appendingPathComponent("adapter_config.json"))
        let manifest: JSONValue = [
            "format": "peft-lora", "base_model": .string(base), "base_model_sha256": baseSHA256.map(JSONValue.string) ?? .null,
        ]
        try Data(JSONText.compact(manifest).utf8).write(to: folder.appendingPathComponent("model.json"))
        let hash = try store.blobs.ingest(folder, consuming: true)
        return try complete(
            step: step, in: run, inputs: inputs,
            output: PublishedOutput(name: "model", hash: hash, type: "model", metadata: metadata), registerAs: registerAs)
    }

    /// A step run of `step` that read `model` (and `others`, by input name) and output an `evaluation`
    /// artifact with these metrics and gate, and `evaluated` naming the input it is about when given.
    @discardableResult
    func evaluate(
        _ model: ArtifactRecord, metrics: [String: JSONValue] = ["perplexity": 7.5], passed: Bool?,
        expression: String = "evaluate.report.perplexity < 8", step: String = "evaluate",
        others: [String: ArtifactRecord] = [:], evaluated: String? = nil
    ) throws -> ArtifactRecord {
        var metadata: [String: JSONValue] = ["metrics": .object(metrics)]
        if let evaluated { metadata["evaluated"] = .string(evaluated) }
        if let passed { metadata["gate"] = ["expression": .string(expression), "passed": .bool(passed)] }
        let hash = try ingest("report of \(model.sha256) \(UUID().uuidString)")
        return try complete(
            step: step, in: try makeRun(pipeline: "evaluation"), inputs: others.merging(["model": model]) { $1 },
            output: PublishedOutput(name: "report", hash: hash, type: "evaluation", metadata: .object(metadata)),
            registerAs: nil)
    }

    private func complete(
        step: String, in run: RunRecord, inputs: [String: ArtifactRecord], output: PublishedOutput, registerAs: String?
    ) throws -> ArtifactRecord {
        var row = try store.insert(
            stepRun: StepRunRecord(
                runId: run.id, pipeline: run.pipeline, step: step, stepType: "test", attempt: 1, status: .running,
                startedAt: Store.now()))
        try store.recordInputs(stepRunID: row.id!, inputs.mapValues(\.id))
        row.status = .succeeded
        row.finishedAt = Store.now()
        return try store.complete(stepRun: row, outputs: [output], registerAs: registerAs)[output.name]!
    }
}
