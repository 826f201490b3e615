import ArtifactStore
import Orchestrator
import Testing

@testable import Steps

@Suite("example filter")
struct ExampleFilterTests {
    let extract = TextExtract(author: "Ada", text: "An extract.", sources: ["c1"], documents: ["d1"], links: [])

    func example(_ instruction: String, _ answer: String) -> DatasetExample {
        DatasetExample(extract: extract, fields: ["instruction": instruction, "answer": answer], passage: answer)
    }

    func filter(unique: [String]) throws -> ExampleFilter {
        let parameters = StepParameters([
            "min_instruction_chars": 5, "max_instruction_chars": 100, "min_answer_chars": 10, "max_answer_chars": 200,
        ])
        return ExampleFilter(
            limits: try LengthLimits(parameters, fields: ["instruction", "answer"]), languageFields: ["answer"],
            uniqueFields: unique)
    }

    @Test("the first example with an instruction or answer is kept; later ones with the same words are duplicates")
    func duplicates() throws {
        let defaults = GenerateInstructDatasetStep().descriptor.parameters.compactMap { parameter in
            parameter.defaultValue.map { (parameter.name, $0) }
        }
        let settings = try DatasetSettings(StepParameters(Dictionary(uniqueKeysWithValues: defaults)))
        let candidates = [
            example("What is LoRA?", "LoRA trains two thin matrices per weight."),
            example("what is LoRA", "It adapts a model with little memory at all."),
            example("Why is LoRA cheap?", "LoRA trains two thin matrices per weight!"),
            example("Why is LoRA small?", "Short."),
        ]
        let (kept, rejected) = try filter(unique: ["instruction", "answer"]).apply(candidates, settings: settings)
        #expect(kept.map(\.id) == [candidates[0].id])
        #expect(rejected.map(\.kind) == [.duplicate, .duplicate, .tooShort])
        #expect(rejected[0].reason == "same instruction as example \(candidates[0].id.prefix(12))")
        #expect(rejected[1].reason == "same answer as example \(candidates[0].id.prefix(12))")
        let byInstruction = try filter(unique: ["instruction"]).apply(candidates, settings: settings)
        #expect(byInstruction.kept.count == 2)
    }

    @Test("examples answered by the same passage share a split key, whatever their instructions")
    func splitKeys() {
        #expect(example("What is LoRA?", "A passage.").splitKey == example("Why LoRA?", "A passage.").splitKey)
        #expect(example("What is LoRA?", "A passage.").splitKey != example("What is LoRA?", "Another passage.").splitKey)
        let generated = DatasetExample(extract: extract, fields: ["instruction": "a", "answer": "b"])
        #expect(generated.splitKey == DatasetExample(extract: extract, fields: ["instruction": "c", "answer": "d"]).splitKey)
    }
}
