import ArtifactStore
import Foundation
import OrchestrateTesting
import Orchestrator
import Steps
import Testing

@testable import ObjectStorage

/// A step run on another machine that shares only the bucket with this one: its inputs are downloaded
/// there by digest, its outputs uploaded there and found here by digest.
@Suite(.serialized)
struct S3InvocationTests {
    /// Runs invocations as `step-exec` would on a machine with its own blob working copy.
    struct OtherMachine: Executor {
        let blobs: S3BlobStorage

        func execute(_ invocation: StepInvocation, local: InProcessStep) async throws -> StepOutcome {
            let read = try StepInvocation.decode(try invocation.encoded(), from: "invocation.json")
            #expect(read.blobs == blobs.address)
            return try await InvocationRunner(catalog: BuiltInSteps.catalog, blobs: blobs).run(read)
        }
    }

    @Test("a step placed elsewhere reads and publishes its blobs through the bucket alone")
    func throughTheBucket() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let location = try moto.location()
        let store = try Store(root: folder.url.appendingPathComponent("runs")) { S3BlobStorage(local: $0, location: location) }
        let elsewhere = S3BlobStorage(
            local: try LocalBlobStorage(root: folder.url.appendingPathComponent("node-blobs")), location: location)
        let spec = try SpecParser.parse(
            """
            name: shared
            steps:
              write: { uses: command, run: printf 'hello' > "$OUTPUT_text", outputs: [text] }
              shout:
                uses: command
                executor: slurm
                inputs: { text: write.text }
                run: tr a-z A-Z < "$INPUT_text" > "$OUTPUT_loud"
                outputs: [loud]
            """, file: "p.yaml")
        let plan = try PipelineValidator(catalog: BuiltInSteps.catalog).plan(spec)
        let run = try await RunEngine(store: store, executor: PlacementExecutor(slurm: OtherMachine(blobs: elsewhere))).run(
            plan, options: RunOptions(), start: RunEngine.Start(projectDirectory: folder.url))
        #expect(run.status == .succeeded)
        let loud = try #require(try store.latestArtifact(pipeline: "shared", name: "loud"))
        let text = try #require(try store.latestArtifact(pipeline: "shared", name: "text"))
        // The input travelled to the other machine's copy; the output came back only through the bucket.
        #expect(elsewhere.local.contains(sha256: text.sha256))
        let here = try #require(store.blobs as? S3BlobStorage)
        #expect(!here.local.contains(sha256: loud.sha256))
        #expect(try String(contentsOf: store.blobs.location(ofSHA256: loud.sha256), encoding: .utf8) == "HELLO")
    }
}
