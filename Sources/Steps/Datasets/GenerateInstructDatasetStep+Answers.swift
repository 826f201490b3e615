import Compute
import Foundation

extension GenerateInstructDatasetStep {
    /// `answers: passages`: up to `pairs_per_extract` of the author's passages per extract, each with the
    /// instruction the generator says it answers.
    static func passageExamples(_ run: DatasetRun, writer: InstructionWriter, selector: PassageSelector) async throws
        -> [ExtractOutcome]
    {
        let count = run.settings.itemsPerExtract
        return try await run.map { extract in
            var outcome = ExtractOutcome()
            let passages = selector.passages(extract.text, count: count)
            guard !passages.isEmpty else {
                outcome.reject(
                    extract, .tooShort,
                    "no passage of the extract is a prose paragraph (or run of whole sentences) of "
                        + "\(selector.lengths.lowerBound) to \(selector.lengths.upperBound) characters", .null)
                return outcome
            }
            var failures = 0
            for passage in passages {
                do {
                    let instruction = try await writer.instruction(for: passage, in: extract, generator: run.generator)
                    outcome.examples.append(
                        DatasetExample(
                            extract: extract, fields: ["instruction": instruction, "answer": passage], passage: passage))
                } catch let failure as DatasetGenerator.Failure {
                    if failure.rejection.kind == .generator { failures += 1 }
                    outcome.rejections.append(failure.rejection)
                }
            }
            outcome.generatorFailed = failures == passages.count
            return outcome
        }
    }

    /// `answers: generated`: the generator writes `pairs_per_extract` instruction/answer pairs about each
    /// extract, as a JSON array.
    static func generatedExamples(_ run: DatasetRun, prompt: PromptTemplate, system: String) async throws -> [ExtractOutcome] {
        let count = run.settings.itemsPerExtract
        return try await run.map { extract in
            var messages = system.isEmpty ? [] : [ChatMessage(role: "system", content: system)]
            messages.append(
                ChatMessage(
                    role: "user",
                    content: prompt.render(["extract": extract.text, "author": extract.author, "count": String(count)])))
            let items = try JSONAnswer.items(
                try await run.generator.askJSON(messages, key: extract.id, extract: extract.id, prefix: "[{\"instruction\": \""))
            var outcome = ExtractOutcome()
            for (index, item) in items.enumerated() {
                guard let object = item.objectValue, let instruction = object["instruction"]?.stringValue,
                    let answer = object["answer"]?.stringValue
                else {
                    outcome.reject(
                        extract, .invalid, "item \(index + 1) is not an object with text 'instruction' and 'answer'", item)
                    continue
                }
                outcome.examples.append(
                    DatasetExample(
                        extract: extract,
                        fields: [
                            "instruction": instruction.trimmingCharacters(in: .whitespacesAndNewlines),
                            "answer": answer.trimmingCharacters(in: .whitespacesAndNewlines),
                        ]))
            }
            return outcome
        }
    }
}
