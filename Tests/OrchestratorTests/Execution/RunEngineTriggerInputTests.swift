import ArtifactStore
import Foundation
import Orchestrator
import Testing

/// What `trigger.artifact` reads in a run that no firing started.
@Suite("RunEngine trigger input")
struct RunEngineTriggerInputTests {
    static let upstream = """
        name: up
        parameters: { text: a }
        steps:
          make: { uses: write, with: { text: "${params.text}" } }
        """

    static let downstream = """
        name: down
        triggers:
          - on_artifact: { pipeline: up, name: out }
        steps:
          shout: { uses: upper, inputs: { text: trigger.artifact } }
        """

    @Test("a manual run reads what the triggering pipeline published last, even content it had published before")
    func readsLatestPublication() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        try await fixture.run(try fixture.plan(Self.upstream))
        try await fixture.run(try fixture.plan(Self.upstream, overrides: [("text", "b")]))
        // Back to "a": the cached run publishes version 1 again, after version 2.
        let third = try await fixture.run(try fixture.plan(Self.upstream))
        #expect(try fixture.statuses(of: third) == ["make": .cached])
        #expect(try fixture.artifact("make", in: third)?.version == 1)

        let run = try await fixture.run(try fixture.plan(Self.downstream))

        #expect(try fixture.text("shout", in: run) == "A")
        #expect(try fixture.store.resolveArtifact("up/make.out@latest").version == 1)
    }
}
