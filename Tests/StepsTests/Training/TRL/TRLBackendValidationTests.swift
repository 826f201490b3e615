import ArtifactStore
import Foundation
import OrchestrateTesting
import Orchestrator
import Testing

@testable import Steps

/// The backend parameters are checked before anything runs, and a Python without the packages is an error
/// that says what is missing; none of this needs TRL installed.
struct TRLBackendValidationTests {
    @Test func aMisspeltBackendIsRefusedBeforeAnythingRuns() throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let yaml = try TrainingStepTests.pipeline(fixture, sft: ", backend: torch", lines: TrainingStepTests.conversations)
        #expect {
            try fixture.plan(yaml)
        } throws: { "\($0)".contains("parameter 'backend' must be native or trl, got 'torch'") }
    }

    @Test func aPythonForTheNativeBackendIsRefused() throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let yaml = try TrainingStepTests.pipeline(fixture, sft: ", python: python3", lines: TrainingStepTests.conversations)
        #expect {
            try fixture.plan(yaml)
        } throws: { "\($0)".contains("parameter 'python' is for backend trl") }
    }

    @Test func aPythonWithoutThePackagesFailsTheStepWithTheMissingModule() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        // A real interpreter that sees no installed packages: the script starts, then cannot import them.
        let bare = fixture.project.appendingPathComponent("bare-python")
        try Data("#!/bin/sh\nexec python3 -S \"$@\"\n".utf8).write(to: bare)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bare.path)
        let yaml = try TrainingStepTests.pipeline(
            fixture, sft: ", backend: trl, python: \"\(bare.path)\"", lines: TrainingStepTests.conversations)
        let run = try await fixture.run(yaml)
        #expect(run.status == .failed)
        let error = try #require(try fixture.step("sft", of: run)?.error)
        #expect(error.contains("backend trl: trl_train.py exited with status 1: ModuleNotFoundError"), "\(error)")
    }

    @Test func aPythonThatDoesNotExistIsNamed() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let yaml = try TrainingStepTests.pipeline(
            fixture, sft: ", backend: trl, python: /nowhere/python", lines: TrainingStepTests.conversations)
        let run = try await fixture.run(yaml)
        let error = try #require(try fixture.step("sft", of: run)?.error)
        #expect(error.contains("parameter 'python': '/nowhere/python' is not an executable"))
    }

    @Test func theBackendJoinsTheCacheKeyOnlyWhenItIsNotNative() throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let plan = try fixture.plan(TrainingStepTests.pipeline(fixture, lines: TrainingStepTests.conversations))
        let resolved = try #require(plan.steps.first { $0.name == "sft" }).parameters
        let parameters = { (extra: [String: JSONValue]) in StepParameters(resolved.merging(extra) { $1 }) }
        let native = try BaseModelParameter.fingerprints(parameters([:]), projectDirectory: fixture.project)
        let trl = try BaseModelParameter.fingerprints(parameters(["backend": "trl"]), projectDirectory: fixture.project)
        #expect(native.count == 1)
        #expect(trl == native + [TRLTrainingRun.fingerprint])
        let backend = try #require(SFTStep().descriptor.parameter("backend"))
        #expect(!backend.isKeyed("native") && backend.isKeyed("trl"))
        #expect(SFTStep().descriptor.parameter("python")?.isKeyed("/usr/bin/python3") == false)
    }
}
