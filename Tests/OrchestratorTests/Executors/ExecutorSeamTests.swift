import ArtifactStore
import Foundation
import OrchestrateTesting
import Orchestrator
import Steps
import Testing

/// The scheduler knows executors only through the protocol: it hands over an invocation, plain data, and
/// stores the outcome, whoever produced it and however.
@Suite("the executor seam")
struct ExecutorSeamTests {
    static let pipeline = """
        name: seam
        parameters: { word: hello }
        steps:
          write:
            uses: command
            run: printf '%s' "${params.word}" > "$OUTPUT_text"
            outputs: [text]
          shout:
            uses: command
            inputs: { text: write.text }
            run: tr a-z A-Z < "$INPUT_text" > "$OUTPUT_loud"
            outputs: [loud]
        """

    /// Runs no step code at all: it writes what it reads from the invocation alone, and remembers it.
    final class FakeExecutor: Executor, @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [StepInvocation] = []

        var invocations: [StepInvocation] { lock.withLock { seen } }

        func execute(_ invocation: StepInvocation, local: InProcessStep) async throws -> StepOutcome {
            // Through JSON, as a remote executor would send it.
            let received = try StepInvocation.decode(try invocation.encoded(), from: "invocation.json")
            lock.withLock { seen.append(received) }
            var outputs: [String: StepOutcome.Output] = [:]
            for output in received.outputs {
                let inputs = try received.inputs.keys.sorted().map { name in
                    try String(contentsOf: URL(string: received.inputs[name]!.uri)!, encoding: .utf8)
                }
                let text = "\(received.step):\(received.parameters["shell"]?.stringValue ?? "-"):\(inputs.joined())"
                try Data(text.utf8).write(to: received.outputURL(output.name))
                outputs[output.name] = StepOutcome.Output(
                    path: received.outputURL(output.name).path, metadata: ["by": .string("fake")])
            }
            return StepOutcome(outputs: outputs, metadata: ["executor": .string("fake")])
        }
    }

    /// Writes the invocation to a file, reads it back and runs it with `InvocationRunner`, as
    /// `orchestrate step-exec` does on another machine: outputs come back published by digest.
    struct FileExecutor: Executor {
        let catalog: StepCatalog

        func execute(_ invocation: StepInvocation, local: InProcessStep) async throws -> StepOutcome {
            try invocation.encoded().write(to: invocation.invocationURL)
            let read = try StepInvocation.decode(
                try Data(contentsOf: invocation.invocationURL), from: invocation.invocationURL.path)
            let runner = InvocationRunner(catalog: catalog, blobs: try LocalBlobStorage(root: URL(fileURLWithPath: read.blobs)))
            try await runner.run(read).write(to: read.outcomeURL)
            return try StepOutcome.read(read.outcomeURL)
        }
    }

    @Test("a fake executor that sees only the invocation runs a pipeline: outputs stored, lineage recorded")
    func fakeExecutor() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let fake = FakeExecutor()
        let engine = RunEngine(store: fixture.store, executor: fake)
        let run = try await engine.run(
            try fixture.plan(Self.pipeline), options: RunOptions(maxParallel: 2),
            start: RunEngine.Start(projectDirectory: fixture.project))
        #expect(run.status == .succeeded)
        #expect(try fixture.text("write", "text", in: run) == "write:/bin/sh:")
        #expect(try fixture.text("shout", "loud", in: run) == "shout:/bin/sh:write:/bin/sh:")
        let loud = try #require(try fixture.artifact("shout", "loud", in: run))
        #expect(loud.metadataValue["by"] == .string("fake"))
        let shout = try #require(fake.invocations.first { $0.step == "shout" })
        #expect(shout.type == "command")
        #expect(shout.executor == .local)
        #expect(shout.inputs["text"]?.sha256 == (try fixture.artifact("write", "text", in: run))?.sha256)
        #expect(shout.outputs == [StepInvocation.Output(name: "loud", type: "file")])
        #expect(shout.blobs == fixture.store.blobs.address)
        let row = try #require(try fixture.steps(of: run)["shout"])
        #expect(try fixture.store.inputs(ofStepRun: row.id!)["text"]?.sha256 == shout.inputs["text"]?.sha256)
    }

    @Test("the same invocation run through a JSON file publishes the same content as the local executor")
    func sameDataBothPaths() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let plan = try fixture.plan(Self.pipeline)
        let local = try await fixture.run(plan, options: RunOptions(useCache: false))
        let remote = try await RunEngine(store: fixture.store, executor: FileExecutor(catalog: fixture.catalog)).run(
            plan, options: RunOptions(useCache: false), start: RunEngine.Start(projectDirectory: fixture.project))
        #expect(local.status == .succeeded)
        #expect(remote.status == .succeeded)
        #expect(try fixture.text("shout", "loud", in: remote) == "HELLO")
        #expect(
            try fixture.artifact("shout", "loud", in: remote)?.sha256
                == (try fixture.artifact("shout", "loud", in: local))?.sha256)
    }

    @Test("a step that fails remotely fails the attempt with the step's own message")
    func remoteFailure() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let plan = try fixture.plan(
            """
            name: failing
            steps:
              broken: { uses: command, run: echo nope >&2; exit 3, outputs: [o] }
            """)
        let run = try await RunEngine(store: fixture.store, executor: FileExecutor(catalog: fixture.catalog)).run(
            plan, options: RunOptions(), start: RunEngine.Start(projectDirectory: fixture.project))
        #expect(run.status == .failed)
        #expect(try fixture.steps(of: run)["broken"]?.error == "command exited with status 3: nope")
    }

    @Test("running an invocation twice publishes the same blobs, and a lost first run's leftovers do no harm")
    func idempotent() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let blobs = try LocalBlobStorage(root: folder.url.appendingPathComponent("blobs"))
        let scratch = folder.url.appendingPathComponent("work")
        var invocation = StepInvocation(
            runID: "r", pipeline: "p", step: "s", attempt: 1, type: "command", version: 1,
            parameters: ["shell": .string("/bin/sh"), "env": .object([:])],
            script: "echo same > \"$OUTPUT_o\"", inputs: [:], outputs: [StepInvocation.Output(name: "o", type: "file")],
            scratch: scratch.path, projectDirectory: folder.url.path, checkpoints: nil,
            log: folder.url.appendingPathComponent("s.log").path, blobs: blobs.address, executor: ExecutorSpec(kind: .slurm),
            resources: nil, timeoutSeconds: nil)
        let runner = InvocationRunner(catalog: StepCatalog([CommandStep()]), blobs: blobs)
        // What a killed first run left behind.
        try FileManager.default.createDirectory(
            at: invocation.outputURL("o").deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("half".utf8).write(to: invocation.outputURL("o"))
        let first = try await runner.run(invocation)
        let second = try await runner.run(invocation)
        #expect(first.failure == nil)
        #expect(first == second)
        let content = try #require(first.outputs["o"]?.content)
        #expect(try String(contentsOf: blobs.location(ofSHA256: content.sha256), encoding: .utf8) == "same\n")

        invocation.type = "no-such-step"
        #expect(
            try await runner.run(invocation).failure
                == "this orchestrate has no step type 'no-such-step'; run the same version on both machines")
        invocation.type = "command"
        invocation.inputs = [
            "x": StepInvocation.Input(
                artifactID: "a", name: "x", version: 1, type: "file", sha256: String(repeating: "0", count: 64),
                uri: "file:///nowhere", metadata: .object([:]))
        ]
        #expect(try await runner.run(invocation).failure?.hasPrefix("input 'x' (x v1, sha256:000000000000) is not in ") == true)
    }
}
