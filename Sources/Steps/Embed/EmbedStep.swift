import ArtifactStore
import Compute
import Foundation
import Orchestrator

/// Embeds every chunk's text with a sentence-transformers model computed natively (`BertEncoder`). The
/// chunk records travel with their vectors, so search results keep author, platform, kind and link.
public struct EmbedStep: Step {
    public init() {}

    public var descriptor: StepDescriptor {
        StepDescriptor(
            type: "embed", version: 1,
            summary: "Embeds chunks with a sentence-transformers model (native, no Python) into an embeddings folder.",
            parameters: [
                ModelFolderParameter.descriptor,
                ParameterDescriptor("batch_size", .int, default: 32, "Texts per forward pass."),
                ParameterDescriptor("field", .string, default: "text", "The record field holding the text to embed."),
            ],
            inputs: [PortDescriptor("chunks", type: "chunks", "Records to embed, one JSON object per line.")],
            outputs: [
                PortDescriptor(
                    "embeddings", type: "embeddings",
                    "A folder: vectors.f32 (float32 rows), records.jsonl (the input records in row order), embeddings.json.")
            ])
    }

    public func externalFingerprints(_ parameters: StepParameters, projectDirectory: URL) throws -> [JSONValue] {
        [try ModelFolderParameter.fingerprint(parameters, projectDirectory: projectDirectory)]
    }

    public func run(_ context: StepContext) async throws -> StepResult {
        let batchSize = try context.parameters.int("batch_size")
        guard batchSize > 0 else { throw StepFailure("parameter 'batch_size' must be at least 1, got \(batchSize)") }
        let field = try context.parameters.string("field")
        let input = try context.input("chunks")
        let label = "input 'chunks' (\(input.name) v\(input.version))"
        let records = try DocumentsFile.objects(at: input.url, label: label)
        let texts = try records.enumerated().map { index, record in
            guard let text = record[field]?.stringValue else {
                throw StepFailure("\(label): record \(index + 1) has no text field '\(field)' (set the parameter 'field')")
            }
            return text
        }
        let folder = try ModelFolderParameter.load(context.parameters, projectDirectory: context.projectDirectory)
        let encoder = try BertEncoder(folder)
        let started = ContinuousClock.now
        var vectors: [[Float]] = []
        vectors.reserveCapacity(texts.count)
        // Blocks keep cancellation and progress responsive on large inputs.
        let block = 1024
        for start in stride(from: 0, to: texts.count, by: block) {
            try Task.checkCancellation()
            vectors += encoder.embed(Array(texts[start..<min(start + block, texts.count)]), batchSize: batchSize)
            context.progress(
                StepProgress(
                    fraction: Double(vectors.count) / Double(texts.count), message: "embedded \(vectors.count) of \(texts.count)")
            )
        }
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        let model = try context.parameters.string("model")
        try EmbeddingsFolder.write(
            vectors: vectors, records: records.map { JSONText.compact(.object($0)) }, model: model,
            normalized: folder.normalizesEmbeddings, dimension: encoder.dimension, to: context.outputURL("embeddings"))
        context.log.write(
            String(
                format: "embedded %d texts with %@ in %.1f s (%.0f texts/s)", texts.count, model, seconds,
                seconds > 0 ? Double(texts.count) / seconds : 0))
        return StepResult(outputs: [
            "embeddings": StepOutput(
                url: context.outputURL("embeddings"),
                metadata: [
                    "count": .int(texts.count), "dimension": .int(encoder.dimension), "model": .string(model),
                    "normalized": .bool(folder.normalizesEmbeddings),
                ])
        ])
    }
}
