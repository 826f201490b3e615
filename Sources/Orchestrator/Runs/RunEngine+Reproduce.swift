import ArtifactStore
import Foundation

/// The result of reproducing a run: for each step, whether its outputs hash the same.
public struct ReproduceReport: Sendable {
    public enum Verdict: String, Sendable {
        case match, differs, missing
    }

    public struct StepComparison: Sendable {
        public var step: String
        public var verdict: Verdict
        /// Output name → (original sha256, reproduced sha256); nil where absent.
        public var outputs: [String: (original: String?, reproduced: String?)]
        public var reusedRecordedOutputs: Bool
    }

    public var original: RunRecord
    public var reproduction: RunRecord
    public var steps: [StepComparison]

    public var allMatch: Bool { steps.allSatisfy { $0.verdict == .match } }
}

extension RunEngine {
    /// Re-runs a recorded run's exact spec and parameters with the cache off, then compares each
    /// step's output hashes with the original's. Source steps (crawl, import) reuse the recorded
    /// outputs unless `refetch` is set, so the comparison tests the pipeline, not the internet.
    public func reproduce(_ runID: String, catalog: StepCatalog, refetch: Bool = false, observer: RunObserver? = nil)
        async throws -> ReproduceReport
    {
        let original = try store.resolveRun(runID)
        let plan = try recordedPlan(of: original, catalog: catalog)
        var options = try RecordedRun(original).options
        options.useCache = false
        options.failFast = false
        let latest = try store.latestStepRuns(runID: original.id)

        var start = Start(
            trigger: "reproduce", triggerDetail: original.id, projectDirectory: URL(fileURLWithPath: original.projectDir),
            triggerArtifact: try recordedTriggerArtifact(of: original))
        start.artifactInputs = try recordedArtifactInputs(of: original, plan: plan)
        if !refetch {
            for step in plan.steps where step.descriptor.isSource {
                guard let record = latest[step.name], record.status.isSuccess, let id = record.id else { continue }
                let outputs = try store.outputs(ofStepRun: id)
                let source = try record.cachedFrom.flatMap { try store.stepRun(id: $0) } ?? record
                start.reused[step.name] = (source, outputs)
            }
        }
        let reproduction = try await run(plan, options: options, start: start, observer: observer)
        let reproduced = try store.latestStepRuns(runID: reproduction.id)

        var comparisons: [ReproduceReport.StepComparison] = []
        for step in plan.steps {
            let before = try latest[step.name].flatMap { $0.status.isSuccess ? try store.outputs(ofStepRun: $0.id!) : nil }
            let after = try reproduced[step.name].flatMap { $0.status.isSuccess ? try store.outputs(ofStepRun: $0.id!) : nil }
            var outputs: [String: (original: String?, reproduced: String?)] = [:]
            for name in Set((before ?? [:]).keys).union((after ?? [:]).keys) {
                outputs[name] = (before?[name]?.sha256, after?[name]?.sha256)
            }
            let verdict: ReproduceReport.Verdict
            if before == nil && after == nil {
                // Neither run produced outputs (both skipped by a guard, say): nothing differs.
                verdict = latest[step.name]?.status == reproduced[step.name]?.status ? .match : .missing
            } else if before == nil || after == nil {
                verdict = .missing
            } else {
                verdict = outputs.values.allSatisfy { $0.original == $0.reproduced } ? .match : .differs
            }
            comparisons.append(
                .init(
                    step: step.name, verdict: verdict, outputs: outputs,
                    reusedRecordedOutputs: start.reused[step.name] != nil))
        }
        return ReproduceReport(original: original, reproduction: reproduction, steps: comparisons)
    }
}
