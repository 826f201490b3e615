import ArtifactStore
import Foundation
import OrchestrateTesting
import Orchestrator
import Testing

@testable import Steps

/// The `promote` step: moves an alias of the registered model its input is, behind the production gate.
struct PromoteStepTests {
    static let adapter = ExampleSite.packageRoot.appendingPathComponent("Tests/Fixtures/tiny-chat-adapter").path

    /// train (registered as `register`) → evaluate (gate `passed`) → promote to `alias`.
    static func pipeline(
        register: String = "twin", variant: Int = 1, passed: Bool = true, alias: String = "production", with extra: String = ""
    ) -> String {
        """
        name: release
        steps:
          train:
            uses: command
            register: \(register)
            run: >-
              mkdir -p "$OUTPUT_model" && cp '\(adapter)/adapter_config.json' "$OUTPUT_model/" &&
              echo \(variant) > "$OUTPUT_model/variant.txt"
            outputs: { model: model }
          evaluate:
            uses: command
            inputs: { model: train.model }
            run: >-
              echo \(variant) \(passed) > "$OUTPUT_report" &&
              echo '{"metrics": {"judge": 2.5}, "gate": {"expression": "judge >= 2", "passed": \(passed)}}' > "$METADATA_report"
            outputs: { report: evaluation }
          promote:
            uses: promote
            inputs: { model: train.model }
            after: [evaluate]
            with: { alias: \(alias)\(extra) }
        """
    }

    @Test func promotesTheInputsVersionAndRunsAgainEveryTime() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(Self.pipeline())
        #expect(run.status == .succeeded)
        #expect(try fixture.store.resolveModel("twin@production").version == 1)
        let step = try #require(try fixture.step("promote", of: run))
        let promotion = try JSONText.parse(step.metadata)["promotion"]
        #expect(promotion?["model"] == "twin" && promotion?["version"] == 1 && promotion?["from_version"] == .null)
        let log = try fixture.store.aliasLog(model: "twin")
        #expect(log.count == 1 && log[0].reason == "pipeline release, run \(Identifier.short(run.id))")

        // Everything else is cached; promote runs, finds the alias where it is, and logs nothing.
        let again = try await fixture.run(Self.pipeline())
        #expect(try fixture.step("train", of: again)?.status == .cached)
        let second = try #require(try fixture.step("promote", of: again))
        #expect(second.status == .succeeded)
        #expect(try JSONText.parse(second.metadata)["promotion"]?["unchanged"] == true)
        #expect(try fixture.store.aliasLog(model: "twin").count == 1)
    }

    @Test func aFailedGateFailsTheStepUnlessForcedWithAReason() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let failed = try await fixture.run(Self.pipeline(passed: false))
        #expect(failed.status == .failed)
        let error = try #require(try fixture.step("promote", of: failed)?.error)
        #expect(
            error.hasPrefix(
                "twin/1 cannot become production: its latest evaluation, release/evaluate.report@1, failed its gate `judge >= 2`"
            ), "\(error)")
        #expect(throws: (any Error).self) { try fixture.plan(Self.pipeline(passed: false, with: ", force: true")) }

        let forced = try await fixture.run(Self.pipeline(passed: false, with: ", force: true, reason: judged by hand"))
        #expect(forced.status == .succeeded)
        let move = try #require(try fixture.store.aliasLog(model: "twin").last)
        #expect(move.forced && move.reason == "judged by hand" && move.toVersion == 1)

        // Staging has no gate.
        let staging = try await fixture.run(Self.pipeline(variant: 2, passed: false, alias: "staging"))
        #expect(staging.status == .succeeded)
        #expect(try fixture.store.resolveModel("twin@staging").version == 2)
    }

    @Test func contentRegisteredUnderTwoNamesNeedsTheName() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        #expect(try await fixture.run(Self.pipeline(alias: "staging")).status == .succeeded)
        let ambiguous = try await fixture.run(Self.pipeline(register: "other", alias: "staging"))
        let error = try #require(try fixture.step("promote", of: ambiguous)?.error)
        #expect(
            error == "input 'model' (train.model@1) is other/1, twin/1: say which model with parameter 'name'", "\(error)")
        let named = try await fixture.run(Self.pipeline(register: "other", alias: "staging", with: ", name: other"))
        #expect(named.status == .succeeded)
        #expect(try fixture.store.resolveModel("other@staging").version == 1)
    }

    @Test func parametersAreCheckedBeforeAnythingRuns() {
        let step = PromoteStep()
        func problem(_ values: [String: JSONValue]) -> String? {
            var parameters: [String: JSONValue] = ["reason": "", "force": false, "name": ""]
            parameters.merge(values) { $1 }
            do {
                try step.checkParameters(StepParameters(parameters))
                return nil
            } catch {
                return "\(error)"
            }
        }
        #expect(problem(["alias": "production"]) == nil)
        #expect(problem(["alias": "latest"]) == "parameter 'alias': 'latest' means the newest version and cannot be an alias")
        #expect(
            problem(["alias": "production", "force": true])
                == "parameter 'force' needs a 'reason': say why the gate is overridden")
        #expect(
            problem(["alias": "production", "name": "a b"])?.hasPrefix("parameter 'name': 'a b' is not a model name") == true)
    }
}
