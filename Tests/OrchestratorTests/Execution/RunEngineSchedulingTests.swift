import ArtifactStore
import Foundation
import Orchestrator
import Testing

/// How many steps run at once, and which steps a guard leaves out.
@Suite("RunEngine scheduling")
struct RunEngineSchedulingTests {
    static let twoSleepers = """
        name: parallel
        steps:
          left: { uses: sleep, with: { seconds: 1 } }
          right: { uses: sleep, with: { seconds: 1 } }
        """

    private func interval(_ record: StepRunRecord?) throws -> ClosedRange<Double> {
        let record = try #require(record)
        return try #require(record.startedAt)...(try #require(record.finishedAt))
    }

    @Test("independent steps overlap in time when two may run at once")
    func overlapWithTwo() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(try fixture.plan(Self.twoSleepers), options: RunOptions(maxParallel: 2))
        let steps = try fixture.steps(of: run)
        let left = try interval(steps["left"]), right = try interval(steps["right"])
        #expect(left.overlaps(right))
    }

    @Test("independent steps run one after the other when one may run at a time")
    func noOverlapWithOne() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let plan = try fixture.plan(Self.twoSleepers.replacingOccurrences(of: "seconds: 1", with: "seconds: 0.2"))
        let run = try await fixture.run(plan, options: RunOptions(maxParallel: 1))
        let steps = try fixture.steps(of: run)
        let left = try interval(steps["left"]), right = try interval(steps["right"])
        #expect(left.upperBound <= right.lowerBound)
    }

    @Test("a guard that is false skips the step and, through it, its dependents")
    func whenFalse() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            try fixture.plan(
                """
                name: guarded
                parameters: { enabled: false }
                steps:
                  first: { uses: write, with: { text: abc } }
                  gated: { uses: upper, inputs: { text: first.out }, when: params.enabled }
                  after_gated: { uses: upper, inputs: { text: gated.out } }
                  long: { uses: upper, inputs: { text: first.out }, when: "first.out.length > 2 and first.out.size == 3" }
                  short: { uses: upper, inputs: { text: first.out }, when: "first.out.length > 3" }
                """))

        #expect(run.status == .succeeded)
        let steps = try fixture.steps(of: run)
        #expect(
            steps.mapValues(\.status)
                == ["first": .succeeded, "gated": .skipped, "after_gated": .skipped, "long": .succeeded, "short": .skipped])
        #expect(steps["gated"]?.error == "when 'params.enabled' is false")
        #expect(steps["after_gated"]?.error == "upstream step 'gated' was skipped")
        #expect(fixture.recorder.count("gated") == 0)
        #expect(fixture.recorder.count("long") == 1)
    }

    @Test("a guard on a parameter that is true lets the step run")
    func whenTrue() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let plan = try fixture.plan(
            """
            name: guarded
            parameters: { enabled: false }
            steps:
              gated: { uses: write, with: { text: x }, when: params.enabled }
            """, overrides: [("enabled", "true")])
        let run = try await fixture.run(plan)
        #expect(try fixture.statuses(of: run) == ["gated": .succeeded])
    }
}
