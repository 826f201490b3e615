import ArtifactStore
import Orchestrator

/// The JSON forms of the registry's answers (docs/cli-json.md): models, versions, evaluations, alias moves.
enum ModelJSON {
    static func summary(_ model: RegisteredModel) -> JSONValue {
        [
            "name": .string(model.name), "created_at": .string(Timestamp.iso(model.createdAt)),
            "updated_at": .string(Timestamp.iso(model.updatedAt)), "version_count": .int(model.versions.count),
            "latest": model.latest.map { .int($0.version) } ?? .null,
            "aliases": .object(Dictionary(uniqueKeysWithValues: model.aliases.map { ($0.alias, JSONValue.int($0.version)) })),
        ]
    }

    static func model(_ model: RegisteredModel, evaluations: [Int: [ModelEvaluation]]) -> JSONValue {
        var object = summary(model).objectValue ?? [:]
        object["versions"] = .array(
            model.versions.map { version in
                var fields = self.version(version, aliases: model.aliases(of: version.version)).objectValue ?? [:]
                fields["latest_evaluation"] = evaluations[version.version]?.first.map(evaluation) ?? .null
                return .object(fields)
            })
        return .object(object)
    }

    static func version(_ version: ModelVersionRecord, aliases: [String]) -> JSONValue {
        [
            "model": .string(version.model), "version": .int(version.version), "reference": .string(version.reference),
            "artifact_id": .string(version.artifactId), "sha256": .string(version.sha256), "format": .string(version.format),
            "base_model": version.baseModel.map(JSONValue.string) ?? .null,
            "base_sha256": version.baseSha256.map(JSONValue.string) ?? .null,
            "run": version.runId.map(JSONValue.string) ?? .null,
            "step_run": version.stepRunId.map { .int(Int($0)) } ?? .null,
            "created_at": .string(Timestamp.iso(version.createdAt)), "aliases": .array(aliases.map(JSONValue.string)),
        ]
    }

    static func version(_ detail: ModelVersionDetail) -> JSONValue {
        var object = version(detail.version, aliases: detail.aliases).objectValue ?? [:]
        object["artifact"] = ArtifactJSON.object(detail.artifact)
        object["step"] = detail.producer.map { .string($0.step) } ?? .null
        object["base_versions"] = .array(detail.baseVersions.map { .string($0.reference) })
        object["evaluations"] = .array(detail.evaluations.map(evaluation))
        object["data"] = .array(detail.data.map { ArtifactJSON.object($0) })
        object["lineage"] = LineageRenderer.json(detail.lineage)
        return .object(object)
    }

    static func evaluation(_ evaluation: ModelEvaluation) -> JSONValue {
        [
            "artifact": ArtifactJSON.object(evaluation.artifact), "run": .string(evaluation.runID),
            "step_run": .int(Int(evaluation.stepRunID)), "finished_at": .string(Timestamp.iso(evaluation.finishedAt)),
            "metrics": .object(evaluation.metrics.mapValues(JSONValue.double)),
            "gate": evaluation.gate.map { ["expression": .string($0.expression), "passed": .bool($0.passed)] } ?? .null,
        ]
    }

    static func move(_ move: ModelAliasMove) -> JSONValue {
        [
            "id": move.id.map { .int(Int($0)) } ?? .null, "model": .string(move.model), "alias": .string(move.alias),
            "action": .string(move.action.rawValue), "from_version": move.fromVersion.map { .int($0) } ?? .null,
            "to_version": .int(move.toVersion), "reason": move.reason.map(JSONValue.string) ?? .null,
            "forced": .bool(move.forced), "moved_by": .string(move.movedBy),
            "moved_at": .string(Timestamp.iso(move.movedAt)),
        ]
    }
}
