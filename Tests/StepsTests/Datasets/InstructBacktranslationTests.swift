import ArtifactStore
import Foundation
import OrchestrateTesting
import Orchestrator
import Steps
import Testing

/// `generate-instruct-dataset` with its default `answers: passages`: the author's passages are the answers
/// and the replay server writes one question per passage, about the passage's first words.
@Suite("instruction backtranslation", .serialized)
struct InstructBacktranslationTests: DatasetStepTesting {
    @Test("every answer is one of the author's passages verbatim; the generator wrote only the instruction for it")
    func passagesAreAnswers() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let fixture = try fixture()
        defer { fixture.remove() }
        let run = try await fixture.run(pipeline("generate-instruct-dataset", openai(site, "dataset")))
        let step = try #require(try fixture.step("data", of: run))
        #expect(step.status == .succeeded, "\(step.error ?? "")")
        let artifact = try #require(try fixture.artifact("data", "dataset", in: run))
        let folder = try datasetFolder(fixture, run)
        let examples = try lines(folder, "examples.jsonl")
        #expect(examples.count == 4)
        for example in examples {
            let answer = try #require(example["answer"]?.stringValue)
            #expect(Self.chunks.contains { $0.text == answer })
            let opening = answer.split(separator: " ").prefix(6).joined(separator: " ")
            #expect(example["instruction"]?.stringValue == "What does the author say about \(opening)?")
        }
        #expect(artifact.metadataValue["requests"] == 4)
        #expect(artifact.metadataValue["extracts_without_examples"] == 0)
        #expect(artifact.metadataValue["rejected_count"] == 0)
        let chat = try lines(folder, "chat/train.jsonl") + lines(folder, "chat/test.jsonl")
        #expect(chat.count == 4)
        #expect(Set(chat.map { Set($0.keys) }) == [["messages"]])
        let alpaca = try lines(folder, "alpaca/train.jsonl") + lines(folder, "alpaca/test.jsonl")
        #expect(Set(alpaca.map(\.keys).map(Set.init)) == [["instruction", "input", "output"]])
        let summary = try #require(
            try JSONText.parse(String(contentsOf: folder.appendingPathComponent("dataset.json"), encoding: .utf8)).objectValue)
        #expect(summary["prompts"]?.objectValue?["answers"] == "passages")
        #expect(summary["prompts"]?.objectValue?["passage_prompt"]?.stringValue?.contains("{{passage}}") == true)
    }

    @Test("labels around a question are removed; a question that speaks of the passage is rejected with the reason")
    func messyQuestions() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let fixture = try fixture()
        defer { fixture.remove() }
        let run = try await fixture.run(pipeline("generate-instruct-dataset", openai(site, "dataset-messy")))
        let step = try #require(try fixture.step("data", of: run))
        // Two of four extracts giving nothing is just within the default max_failure_ratio of 0.5.
        #expect(step.status == .succeeded, "\(step.error ?? "")")
        let folder = try datasetFolder(fixture, run)
        let examples = try lines(folder, "examples.jsonl")
        #expect(
            examples.compactMap { $0["instruction"]?.stringValue }.sorted() == [
                "What does the author say about A preference dataset pairs a chosen?",
                "What does the author say about Retrieval augmented generation looks up passages?",
            ])
        let rejected = try lines(folder, "rejected.jsonl")
        #expect(rejected.count == 2)
        #expect(
            rejected.allSatisfy {
                $0["kind"] == "invalid"
                    && $0["reason"] == "the instruction speaks of 'this passage', which makes no sense without the passage"
            })
        #expect(try fixture.artifact("data", "dataset", in: run)?.metadataValue["extracts_without_examples"] == 2)
    }

    @Test("adding data moves no example between test and train, and new instructions for the same passages keep the split")
    func stableSplit() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let more: [TestChunk] = (1...12).map { number in
            (
                "n\(number)", "e\(number)", "Ada",
                "Document \(number) explains one more idea about retrieval and fine-tuning. Its second sentence makes the "
                    + "paragraph long enough to be a passage of its own."
            )
        }
        let fixture = try fixture()
        defer { fixture.remove() }
        let with = openai(site, "dataset") + ", test_fraction: 0.5"
        func split(_ run: RunRecord) throws -> [String: String] {
            Dictionary(
                uniqueKeysWithValues: try lines(try datasetFolder(fixture, run), "examples.jsonl").map {
                    ($0["answer"]!.stringValue!, $0["split"]!.stringValue!)
                })
        }
        let first = try split(try await fixture.run(pipeline("generate-instruct-dataset", with)))
        #expect(first.values.contains("test") && first.values.contains("train"), "\(first)")
        try write(Self.chunks + more, to: fixture)
        let grown = try split(try await fixture.run(pipeline("generate-instruct-dataset", with)))
        #expect(grown.count == 16)
        for (answer, split) in first { #expect(grown[answer] == split, "\(answer)") }
        // Another prompt writes other instructions for the same passages; the passages keep their splits.
        let asked = "passage_prompt: \"{{passage}}\\n\\nWrite a question a student would ask about this.\""
        let reprompted = try await fixture.run(pipeline("generate-instruct-dataset", with + ", " + asked))
        let questions = try lines(try datasetFolder(fixture, reprompted), "examples.jsonl").compactMap {
            $0["instruction"]?.stringValue
        }
        #expect(questions.allSatisfy { $0.hasPrefix("Write a question a student would ask about this: What") })
        #expect(try split(reprompted) == grown)
    }
}
