import ArtifactStore
import Foundation
import OrchestrateTesting
import Orchestrator
import Steps
import Testing

/// The dataset steps run in-process against a loopback OpenAI-compatible server whose answers are made
/// from the prompt (so an extract that never reached the prompt shows), and against a tiny native model.
@Suite("dataset steps", .serialized)
struct DatasetStepTests: DatasetStepTesting {
    @Test("instruction pairs come from the extract, bad items are rejected with reasons, and both formats are split alike")
    func instruct() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let fixture = try fixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            pipeline("generate-instruct-dataset", openai(site, "dataset-messy") + ", answers: generated, min_answer_chars: 10"))
        let step = try #require(try fixture.step("data", of: run))
        #expect(step.status == .succeeded, "\(step.error ?? "")")
        let artifact = try #require(try fixture.artifact("data", "dataset", in: run))
        #expect(artifact.type == "dataset")
        let folder = fixture.store.blobs.location(ofSHA256: artifact.sha256)
        let examples = try lines(folder, "examples.jsonl")
        let extracts = try lines(folder, "extracts.jsonl")
        #expect(extracts.count == 4)
        let extractText = Dictionary(uniqueKeysWithValues: extracts.map { ($0["id"]!.stringValue!, $0["text"]!.stringValue!) })
        // Every answer is a sentence of its own extract: the extract reached the prompt.
        #expect(examples.count == 8)
        for example in examples {
            let extract = try #require(example["extract"]?.stringValue)
            #expect(extractText[extract]?.contains(example["answer"]?.stringValue ?? "?") == true)
            #expect(example["sources"]?.arrayValue?.allSatisfy { Self.chunks.map(\.0).contains($0.stringValue ?? "") } == true)
        }
        let rejected = try lines(folder, "rejected.jsonl")
        #expect(Set(rejected.compactMap { $0["kind"]?.stringValue }) == ["duplicate", "invalid", "too-short", "language"])
        #expect(artifact.metadataValue["rejected"] == .object(["duplicate": 4, "invalid": 4, "too-short": 4, "language": 4]))
        #expect(artifact.metadataValue["count"] == 8)
        #expect(artifact.metadataValue["authors"] == .object(["Ada": 6, "Bo": 2]))
        #expect(artifact.metadataValue["requests"] == 4)
        #expect(artifact.metadataValue["prompt_tokens"] == 48)
        // The same examples in both formats, split the same way; generated examples of one extract share a split.
        let chatTrain = try lines(folder, "chat/train.jsonl")
        let chatTest = try lines(folder, "chat/test.jsonl")
        let alpacaTrain = try lines(folder, "alpaca/train.jsonl")
        #expect(chatTrain.count + chatTest.count == 8)
        #expect(alpacaTrain.count == chatTrain.count && !chatTrain.isEmpty)
        let first = try #require(chatTrain.first?["messages"]?.arrayValue)
        #expect(first.map { $0.objectValue?["role"] } == ["user", "assistant"])
        #expect(alpacaTrain[0]["input"] == "" && alpacaTrain[0]["output"] == first[1].objectValue?["content"])
        #expect(examples.filter { $0["split"] == "test" }.count == chatTest.count)
        #expect(artifact.metadataValue["test"] == .int(chatTest.count))
        for extract in Set(examples.compactMap { $0["extract"] }) {
            #expect(Set(examples.filter { $0["extract"] == extract }.map { $0["split"] }).count == 1)
        }
    }

    @Test("an answer that is not JSON gets one repair request, and the repaired answer is used")
    func repair() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let fixture = try fixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            pipeline("generate-instruct-dataset", openai(site, "dataset-broken") + ", answers: generated"))
        let artifact = try #require(try fixture.artifact("data", "dataset", in: run))
        #expect(artifact.metadataValue["repair_requests"] == 4)
        #expect(artifact.metadataValue["requests"] == 8)
        #expect(artifact.metadataValue["count"] == 8)
        #expect(artifact.metadataValue["rejected_count"] == 0)
    }

    @Test("a server that fails every request fails the step with its error; a missing key variable fails before any request")
    func failures() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let fixture = try fixture()
        defer { fixture.remove() }
        let down = try await fixture.run(pipeline("generate-instruct-dataset", openai(site, "dataset-down")))
        let step = try #require(try fixture.step("data", of: down))
        #expect(step.status == .failed)
        #expect(step.error?.contains("the generator failed for every extract; the first error:") == true)
        #expect(step.error?.contains("HTTP 500: The model is not loaded") == true)
        let keyless = try await fixture.run(
            pipeline("generate-instruct-dataset", openai(site, "dataset", extra: ", api_key_env: ORCHESTRATE_TEST_UNSET_KEY")))
        let keylessStep = try #require(try fixture.step("data", of: keyless))
        #expect(
            keylessStep.error?.hasPrefix("parameter 'generator': environment variable ORCHESTRATE_TEST_UNSET_KEY is not set")
                == true)
    }

    @Test("a re-run with nothing changed is cached; another seed or prompt runs again")
    func caching() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let fixture = try fixture()
        defer { fixture.remove() }
        let with = openai(site, "dataset")
        let first = try await fixture.run(pipeline("generate-instruct-dataset", with))
        let again = try await fixture.run(pipeline("generate-instruct-dataset", with))
        #expect(try fixture.step("data", of: again)?.status == .cached)
        #expect(
            try fixture.artifact("data", "dataset", in: again)?.sha256 == fixture.artifact("data", "dataset", in: first)?.sha256)
        let reseeded = try await fixture.run(pipeline("generate-instruct-dataset", with + ", seed: 7"))
        #expect(try fixture.step("data", of: reseeded)?.status == .succeeded)
        let reprompted = try await fixture.run(
            pipeline(
                "generate-instruct-dataset",
                with + ", passage_prompt: \"{{passage}}\\n\\nWrite a question a student would ask about this.\""))
        #expect(try fixture.step("data", of: reprompted)?.status == .succeeded)
    }

    @Test("preference pairs: chosen is the author's passage verbatim, rejected the generator's own answer")
    func preference() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let fixture = try fixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            pipeline("generate-preference-dataset", openai(site, "dataset") + ", min_chosen_chars: 60, pairs_per_extract: 1"))
        let step = try #require(try fixture.step("data", of: run))
        #expect(step.status == .succeeded, "\(step.error ?? "")")
        let artifact = try #require(try fixture.artifact("data", "dataset", in: run))
        let folder = fixture.store.blobs.location(ofSHA256: artifact.sha256)
        let examples = try lines(folder, "examples.jsonl")
        #expect(examples.count == 4)
        for example in examples {
            let chosen = try #require(example["chosen"]?.stringValue)
            #expect(Self.chunks.contains { $0.3.contains(chosen) })
            #expect(example["rejected"]?.stringValue?.hasPrefix("In general, what does the author say about") == true)
            #expect(example["instruction"]?.stringValue?.hasPrefix("What does the author say about") == true)
        }
        let standard = try lines(folder, "standard/train.jsonl") + lines(folder, "standard/test.jsonl")
        #expect(Set(standard.map { Set($0.keys) }) == [["prompt", "chosen", "rejected"]])
        let chat = try lines(folder, "chat/train.jsonl")
        #expect(chat.first?["chosen"]?.arrayValue?.first?.objectValue?["role"] == "assistant")
        #expect(artifact.metadataValue["requests"] == 8)
    }

    @Test("with the native backend the same seed gives the same dataset, byte for byte; a missing model is named")
    func native() async throws {
        let model = ExampleSite.packageRoot.appendingPathComponent("Tests/Fixtures/tiny-chat-model").path
        let with =
            "generator: { backend: native, model: \"\(model)\" }, max_tokens: 48, language: any, max_failure_ratio: 1, "
            + "min_examples: 0"
        var hashes: [String] = []
        for _ in 0..<2 {
            let fixture = try fixture()
            defer { fixture.remove() }
            let run = try await fixture.run(pipeline("generate-instruct-dataset", with))
            let step = try #require(try fixture.step("data", of: run))
            #expect(step.status == .succeeded, "\(step.error ?? "")")
            let artifact = try #require(try fixture.artifact("data", "dataset", in: run))
            // A random model writes no questions: every extract is rejected, with the reason kept.
            #expect(artifact.metadataValue["extracts"] == 4)
            #expect(artifact.metadataValue["generator"] == .object(["backend": "native", "model": .string(model)]))
            hashes.append(artifact.sha256)
        }
        #expect(hashes[0] == hashes[1])
        let fixture = try fixture()
        defer { fixture.remove() }
        let missing = try await fixture.run(
            pipeline("generate-instruct-dataset", "generator: { backend: native, model: models/none.gguf }"))
        let step = try #require(try fixture.step("data", of: missing))
        #expect(step.error?.contains("parameter 'generator': no model at") == true)
        #expect(step.error?.contains("models/none.gguf (set the generator's model to a .gguf file or a model folder)") == true)
    }

    @Test(
        "a mistake in the generator, the prompt or a bound is reported by validation, before any step runs",
        arguments: [
            ("generator: { backend: nativ }", "parameter 'generator': backend must be native or openai, got 'nativ'"),
            ("prompt: \"Write questions.\"", "parameter 'prompt' must contain {{extract}}"),
            ("min_answer_chars: 50, max_answer_chars: 10", "parameters 'min_answer_chars' (50) and 'max_answer_chars' (10)"),
            ("language: klingon", "parameter 'language' must be 'any' or one of"),
            ("answers: paraphrased", "parameter 'answers' must be passages or generated, got 'paraphrased'"),
            ("passage_prompt: \"Write a question.\"", "parameter 'passage_prompt' must contain {{passage}}"),
            (
                "min_passage_chars: 500, max_passage_chars: 100",
                "parameters 'min_passage_chars' (500) and 'max_passage_chars' (100)"
            ),
            ("max_failure_ratio: 1.5", "parameter 'max_failure_ratio' must be between 0 and 1, got 1.5"),
            ("min_examples: -1", "parameter 'min_examples' must be 0 or more, got -1"),
        ])
    func validation(with: String, message: String) throws {
        let fixture = try fixture()
        defer { fixture.remove() }
        do {
            _ = try fixture.plan(pipeline("generate-instruct-dataset", with))
            Issue.record("the pipeline was accepted")
        } catch {
            #expect("\(error)".contains("test.yaml:10:"), "\(error)")
            #expect("\(error)".contains("step 'data': " + message), "\(error)")
        }
    }
}
