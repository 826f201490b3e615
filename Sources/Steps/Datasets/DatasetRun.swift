import ArtifactStore
import Foundation
import Generation
import Orchestrator

/// The frame both dataset steps share: read the input, cut extracts, load the generator, prompt for
/// every extract, then filter, deduplicate, split and write the dataset with its metadata.
struct DatasetRun: Sendable {
    let context: StepContext
    let settings: DatasetSettings
    let extracts: [TextExtract]
    /// How many extracts the input made before `max_extracts` chose among them.
    let available: Int
    let generator: DatasetGenerator

    init(_ context: StepContext, settings: DatasetSettings) async throws {
        self.context = context
        self.settings = settings
        let input = try context.input("chunks")
        let label = "input 'chunks' (\(input.name) v\(input.version))"
        let records = try ExtractBuilder.records(try DocumentsFile.objects(at: input.url, label: label), label: label)
        let all = ExtractBuilder(words: settings.extractWords).extracts(records)
        available = all.count
        extracts = settings.chosen(all)
        if let variable = settings.generator.apiKeyVariable, (ProcessInfo.processInfo.environment[variable] ?? "").isEmpty {
            throw StepFailure(
                "parameter 'generator': environment variable \(variable) is not set; it must hold the API key for "
                    + (settings.generator.baseURL?.absoluteString ?? "the server"))
        }
        let backend: any TextGenerating
        do {
            backend = try await GeneratorLoader.generator(settings.generator, projectDirectory: context.projectDirectory)
        } catch let error as GenerationError {
            throw StepFailure("parameter 'generator': \(error.message)")
        }
        generator = DatasetGenerator(
            generator: backend, options: settings.options, seed: settings.seed, concurrency: settings.generator.concurrency)
        context.log.write(
            "\(records.count) records → \(available) extracts, \(extracts.count) used, of about \(settings.extractWords) words; generator "
                + "\(settings.generator.backend.rawValue) \(settings.generator.model), concurrency \(settings.generator.concurrency)"
        )
    }

    /// Prompts for every extract; an extract whose request fails becomes a rejection, not a failed step.
    func map(_ work: @escaping @Sendable (TextExtract) async throws -> ExtractOutcome) async throws -> [ExtractOutcome] {
        let total = extracts.count
        let progress = context.progress
        return try await generator.map(
            extracts,
            progress: { done in
                progress(
                    StepProgress(fraction: Double(done) / Double(max(total, 1)), message: "prompted \(done) of \(total) extracts")
                )
            }
        ) { extract in
            do {
                return try await work(extract)
            } catch let failure as DatasetGenerator.Failure {
                return ExtractOutcome(rejections: [failure.rejection], generatorFailed: failure.rejection.kind == .generator)
            } catch let error as JSONAnswer.Malformed {
                return ExtractOutcome(rejections: [
                    Rejection(extract: extract.id, kind: .json, reason: error.description, item: .null)
                ])
            }
        }
    }

    /// Filters, splits and writes the examples; fails when the result misses the thresholds, after writing
    /// it, so the kept working folder shows why.
    func finish(
        _ outcomes: [ExtractOutcome], filter: ExampleFilter, formats: [DatasetFolder.Format], prompts: [String: String]
    ) async throws -> StepResult {
        if !outcomes.isEmpty, outcomes.allSatisfy(\.generatorFailed) {
            throw StepFailure(
                "the generator failed for every extract; the first error: \(outcomes[0].rejections.first?.reason ?? "unknown")")
        }
        let (examples, filtered) = filter.apply(outcomes.flatMap(\.examples), settings: settings)
        let rejections = outcomes.flatMap(\.rejections) + filtered
        let usable = Set(examples.map(\.extract.id))
        let failed = extracts.map(\.id).filter { !usable.contains($0) }
        let testKeys = DatasetSplit.testKeys(examples.map(\.splitKey), fraction: settings.testFraction, seed: settings.seed)
        let testIDs = Set(examples.filter { testKeys.contains($0.splitKey) }.map(\.id))
        var authors: [String: JSONValue] = [:]
        for example in examples { authors[example.extract.author] = .int((authors[example.extract.author]?.intValue ?? 0) + 1) }
        var metadata: [String: JSONValue] = [
            "count": .int(examples.count), "train": .int(examples.count - testIDs.count), "test": .int(testIDs.count),
            "authors": .object(authors), "extracts": .int(extracts.count), "extracts_available": .int(available),
            "extracts_without_examples": .int(failed.count),
            "rejected_count": .int(rejections.count),
            "rejected": Rejection.counts(rejections), "generator": GeneratorParameter.summary(settings.generator),
            "seed": .int(settings.seed), "formats": .array(formats.map { .string($0.folder) }),
        ]
        metadata.merge(await generator.tally.metadata) { $1 }
        var summary = metadata
        summary["prompts"] = .object(prompts.mapValues(JSONValue.string))
        let output = context.outputURL("dataset")
        try DatasetFolder(url: output).write(
            examples: examples, testIDs: testIDs, formats: formats, extracts: extracts, rejections: rejections,
            summary: .object(summary))
        context.log.write(
            "\(examples.count) examples (\(examples.count - testIDs.count) train, \(testIDs.count) test) from \(extracts.count) "
                + "extracts, \(failed.count) of which gave none; \(rejections.count) rejected \(JSONText.compact(Rejection.counts(rejections))); "
                + "\(metadata["prompt_tokens"]!.interpolationText) prompt and \(metadata["completion_tokens"]!.interpolationText) completion tokens"
        )
        for rejection in rejections.prefix(20) { context.log.write("rejected (\(rejection.kind.rawValue)): \(rejection.reason)") }
        try settings.thresholds.check(
            extracts: extracts.count, failed: failed, examples: examples.count, rejections: rejections, folder: output)
        // The step's own metadata repeats what the generation cost, where `runs show` lists it.
        let usage = await generator.tally.metadata
        return StepResult(outputs: ["dataset": StepOutput(url: output, metadata: metadata)], metadata: usage)
    }
}
