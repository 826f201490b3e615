import ArtifactStore
import Foundation

extension RunEngine {
    /// The artifact each of the plan's references to another pipeline resolves to, by reference key:
    /// the version `pinned` gives (an earlier run's, for reproduce), else the store's latest or the
    /// numbered version. A reference that resolves to nothing is reported where it was written.
    func resolveArtifactInputs(_ plan: ExecutionPlan, pinned: [String: ArtifactRecord] = [:]) throws -> [String: ArtifactRecord] {
        var resolved: [String: ArtifactRecord] = [:]
        var unresolved: [String: (reason: String, hint: String?)] = [:]
        var diagnostics: [Diagnostic] = []
        for (step, input, artifact) in plan.artifactInputs {
            let key = artifact.key
            if resolved[key] == nil, unresolved[key] == nil {
                if let given = pinned[key] {
                    resolved[key] = given
                } else {
                    do {
                        resolved[key] = try store.resolveArtifact(key)
                    } catch let error as StoreError {
                        unresolved[key] = try whyUnresolved(artifact, error)
                    }
                }
            }
            if let (reason, hint) = unresolved[key] {
                diagnostics.append(
                    Diagnostic(
                        "step '\(step.name)' reads '\(artifact)', but \(reason)", at: step.spec.location("inputs.\(input)"),
                        hint: hint))
            }
        }
        if !diagnostics.isEmpty { throw PipelineError(diagnostics) }
        return resolved
    }

    /// What a recorded run's references read, as its options pin them. A reference whose version is
    /// not recorded fails: reading today's latest instead would silently change the run's inputs.
    func recordedArtifactInputs(of run: RunRecord, plan: ExecutionPlan) throws -> [String: ArtifactRecord] {
        let keys = Set(plan.artifactInputs.map(\.artifact.key)).sorted()
        guard !keys.isEmpty else { return [:] }
        let recorded = PinnedArtifacts.recorded(inOptions: run.options) ?? [:]
        var result: [String: ArtifactRecord] = [:]
        for key in keys {
            guard let id = recorded[key] else {
                throw RunStateError(
                    description:
                        "run \(Identifier.short(run.id)) reads '\(key)', but its recorded options do not say which version (no '\(PinnedArtifacts.field)' entry for it); it cannot be continued or reproduced on the same inputs"
                )
            }
            guard let artifact = try store.artifact(id: id) else {
                throw RunStateError(
                    description:
                        "run \(Identifier.short(run.id)) read artifact \(id) for '\(key)', which is no longer in the store")
            }
            result[key] = artifact
        }
        return result
    }

    /// Why the store found no single artifact for a reference, and what to do about it.
    private func whyUnresolved(_ artifact: ArtifactInput, _ error: StoreError) throws -> (reason: String, hint: String?) {
        switch error {
        case .ambiguous(_, _, let candidates):
            return (
                "'\(artifact.name)' names several artifacts of pipeline '\(artifact.pipeline)' (\(candidates.joined(separator: ", ")))",
                "write \(artifact.pipeline)/step.output"
            )
        case .notFound:
            if let newest = try store.listArtifacts(pipeline: artifact.pipeline, name: artifact.name, limit: 1).first,
                let version = artifact.version
            {
                return (
                    "pipeline '\(artifact.pipeline)' has published no version \(version) of '\(artifact.name)'",
                    "its latest is \(newest.qualifiedName)"
                )
            }
            let published = Set(try store.listArtifacts(pipeline: artifact.pipeline, limit: 1000).map(\.name))
            return (
                "pipeline '\(artifact.pipeline)' has published no artifact '\(artifact.name)'",
                Suggestion.hint(for: artifact.name, in: published.sorted()) ?? "run pipeline '\(artifact.pipeline)' first"
            )
        default:
            throw error
        }
    }
}
