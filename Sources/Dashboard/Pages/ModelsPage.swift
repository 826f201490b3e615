import ArtifactStore
import Foundation
import Orchestrator

/// The model registry: each model's aliases and versions with their latest evaluation's metrics side by
/// side, and a promote button where a version is not in production.
struct ModelsPage {
    let store: Store

    func context(chat: Bool) throws -> [String: Any] {
        let models = try store.registeredModels().map { model -> [String: Any] in
            let evaluations = try model.versions.map { try store.evaluations(of: $0).last }
            let metricNames = Array(Set(evaluations.compactMap { $0?.metrics.keys }.joined())).sorted()
            let production = model.aliases.first { $0.alias == ModelName.production }?.version
            let versions = zip(model.versions, evaluations).reversed().map { version, evaluation -> [String: Any] in
                [
                    "model": model.name, "version": version.version, "artifact": version.artifactId,
                    "aliases": model.aliases(of: version.version), "format": version.format, "base": version.baseModel ?? "",
                    "run": Formats.optional(version.runId), "run_short": version.runId.map(Identifier.short) ?? "",
                    "created": Formats.time(version.createdAt),
                    "metrics": metricNames.map { name in evaluation?.metrics[name].map { String(format: "%.4g", $0) } ?? "—" },
                    "gate": evaluation?.gate.map { ($0.passed ? "passed: " : "failed: ") + $0.expression } ?? "—",
                    "production": production == version.version,
                ]
            }
            return [
                "name": model.name, "versions": versions, "metric_names": metricNames,
                "aliases": model.aliases.map { ["alias": $0.alias, "version": $0.version] },
            ]
        }
        return ["models": models, "count": models.count, "chat": chat]
    }

    func json() throws -> JSONValue {
        .object([
            "models": .array(
                try store.registeredModels().map { model in
                    .object([
                        "name": .string(model.name),
                        "aliases": .object(Dictionary(uniqueKeysWithValues: model.aliases.map { ($0.alias, .int($0.version)) })),
                        "versions": .array(
                            try model.versions.map { version in
                                let evaluation = try store.evaluations(of: version).last
                                return .object([
                                    "version": .int(version.version), "artifact": .string(version.artifactId),
                                    "sha256": .string(version.sha256), "format": .string(version.format),
                                    "run": version.runId.map { .string($0) } ?? .null,
                                    "created_at": .string(Timestamp.iso(version.createdAt)),
                                    "metrics": .object((evaluation?.metrics ?? [:]).mapValues { .double($0) }),
                                    "gate_passed": evaluation?.gate.map { .bool($0.passed) } ?? .null,
                                ])
                            }),
                    ])
                })
        ])
    }
}
