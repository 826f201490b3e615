import ArtifactStore
import Orchestrator
import Steps
import Testing

@Suite("NoopStep")
struct NoopStepTests {
    @Test("noop declares nothing: no parameters, inputs, outputs or script")
    func descriptor() {
        let descriptor = NoopStep().descriptor
        #expect(descriptor.type == "noop")
        #expect(descriptor.version == 1)
        #expect(descriptor.parameters.isEmpty && descriptor.inputs.isEmpty && descriptor.outputs.isEmpty)
        #expect(!descriptor.takesRun && !descriptor.declaresOutputs && !descriptor.acceptsAnyInputs && !descriptor.isSource)
    }

    @Test("noop succeeds without outputs and joins 'after' edges")
    func joinPoint() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            """
            name: join
            steps:
              a: { uses: command, run: "echo a > $OUTPUT_out", outputs: [out] }
              b: { uses: command, run: "echo b > $OUTPUT_out", outputs: [out] }
              done: { uses: noop, after: [a, b] }
            """)
        #expect(run.status == .succeeded)
        let done = try #require(try fixture.step("done", of: run))
        #expect(done.status == .succeeded)
        #expect(try fixture.store.outputs(ofStepRun: done.id!).isEmpty)
        for upstream in ["a", "b"] {
            #expect(try #require(try fixture.step(upstream, of: run)?.finishedAt) <= (try #require(done.startedAt)))
        }
    }

    @Test("a second noop run is cached")
    func cached() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let yaml = "name: n\nsteps:\n  x: { uses: noop }\n"
        try await fixture.run(yaml)
        let second = try await fixture.run(yaml)
        #expect(try fixture.step("x", of: second)?.status == .cached)
    }
}
