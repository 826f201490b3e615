import ArtifactStore
import Foundation
import OrchestrateTesting
import Orchestrator
import Testing

/// The invocation's JSON form is stable and versioned, and a bad file is refused naming the field.
@Suite("StepInvocation")
struct StepInvocationTests {
    static let sample = StepInvocation(
        runID: "r1", pipeline: "feature", step: "embed", attempt: 2, type: "embed", version: 3,
        parameters: ["batch_size": .int(32), "model": .string("models/bge")], script: nil,
        inputs: [
            "chunks": StepInvocation.Input(
                artifactID: "a1", name: "chunks", version: 4, type: "chunks", sha256: "ab12",
                uri: "file:///store/blobs/sha256/ab/12/ab12", metadata: .object(["count": .int(10)]))
        ],
        outputs: [StepInvocation.Output(name: "embeddings", type: "embeddings")], scratch: "/store/work/r1/embed-2",
        projectDirectory: "/project", checkpoints: "/store/checkpoints/k", log: "/store/logs/r1/embed.log",
        blobs: "/store/blobs", executor: ExecutorSpec(kind: .slurm, partition: "gpu"),
        resources: ResourceSpec(cpus: 8, memoryMegabytes: 16384, gpus: 1, timeSeconds: 3600), timeoutSeconds: 7200)

    @Test("its JSON form has sorted snake_case keys and a format number, and reads back equal")
    func stableForm() throws {
        let data = try Self.sample.encoded()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"format\" : 1"))
        #expect(text.contains("\"run_id\" : \"r1\""))
        #expect(text.contains("\"project_directory\" : \"/project\""))
        #expect(text.contains("\"artifact_id\" : \"a1\""))
        #expect(text.contains("\"memory_mb\" : 16384"))
        let keys = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]).keys.sorted()
        #expect(
            keys == [
                "attempt", "blobs", "checkpoints", "executor", "format", "inputs", "log", "outputs", "parameters", "pipeline",
                "project_directory", "resources", "run_id", "scratch", "step", "timeout_seconds", "type", "version",
            ])
        #expect(try StepInvocation.decode(data, from: "i.json") == Self.sample)
        // Equal invocations are equal bytes.
        #expect(try Self.sample.encoded() == data)
    }

    @Test("a newer format is refused, saying to run the same version on both machines")
    func newerFormat() throws {
        var newer = Self.sample
        newer.format = 2
        let error = #expect(throws: StepFailure.self) { try StepInvocation.decode(try newer.encoded(), from: "i.json") }
        #expect(
            error?.message
                == "i.json: invocation format 2, but this orchestrate reads format 1; run the same version of orchestrate on both machines"
        )
    }

    @Test("a missing or mistyped field is named")
    func badFields() throws {
        var object = try #require(try JSONSerialization.jsonObject(with: Self.sample.encoded()) as? [String: Any])
        object["step"] = nil
        let missing = #expect(throws: StepFailure.self) {
            try StepInvocation.decode(try JSONSerialization.data(withJSONObject: object), from: "i.json")
        }
        #expect(missing?.message == "i.json: field 'step' is missing")
        object["step"] = "embed"
        object["attempt"] = "two"
        let mistyped = #expect(throws: StepFailure.self) {
            try StepInvocation.decode(try JSONSerialization.data(withJSONObject: object), from: "i.json")
        }
        #expect(mistyped?.message.hasPrefix("i.json: field 'attempt' is not") == true)
        let notJSON = #expect(throws: StepFailure.self) { try StepInvocation.decode(Data("{".utf8), from: "i.json") }
        #expect(notJSON?.message.hasPrefix("i.json: not a step invocation") == true)
    }

    @Test("an outcome is written whole and read back; a missing one is an error naming its path")
    func outcomeFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("outcome.json")
        let outcome = StepOutcome(
            outputs: [
                "o": StepOutcome.Output(
                    content: StepOutcome.PublishedContent(ContentHash(kind: .file, sha256: "ff", size: 3)),
                    metadata: ["n": .int(1)])
            ], metadata: ["links": .int(2)])
        try outcome.write(to: url)
        #expect(try StepOutcome.read(url) == outcome)
        let missing = #expect(throws: StepFailure.self) { try StepOutcome.read(folder.url.appendingPathComponent("none.json")) }
        #expect(missing?.message == "the step left no outcome at \(folder.url.appendingPathComponent("none.json").path)")
    }
}
