import ArtifactStore
import Foundation
import Orchestrator

/// The text forms of `models list`, `models show`, `models promote`, `rollback` and `aliases`.
enum ModelPrinter {
    /// Who moves an alias, for the log: `$USER`.
    static var currentUser: String {
        ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "unknown"
    }

    static func list(_ models: [RegisteredModel], storePath: String) -> String {
        if models.isEmpty {
            return "no registered models yet in \(storePath)/ (every model artifact a step outputs is registered)"
        }
        var table = Table("MODEL", "VERSIONS", "LATEST", "FORMAT", "ALIASES", "UPDATED")
        for model in models {
            table.add(
                model.name, String(model.versions.count), model.latest.map { String($0.version) } ?? "-",
                model.latest?.format ?? "-", aliasText(model.aliases), Timestamp.local(model.updatedAt))
        }
        return table.render()
    }

    static func model(_ model: RegisteredModel, evaluations: [Int: [ModelEvaluation]]) -> String {
        var lines = [
            "model     \(model.name)",
            "versions  \(model.versions.count)" + (model.latest.map { " (latest \($0.version))" } ?? ""),
            "aliases   \(model.aliases.isEmpty ? "none" : aliasText(model.aliases))",
            "",
        ]
        var table = Table("VERSION", "FORMAT", "BASE", "RUN", "STEP RUN", "CREATED", "ALIASES", "GATE")
        for version in model.versions {
            let aliases = model.aliases(of: version.version)
            table.add(
                String(version.version), version.format, version.baseModel ?? "-",
                version.runId.map(Identifier.short) ?? "-", version.stepRunId.map(String.init) ?? "-",
                Timestamp.local(version.createdAt), aliases.isEmpty ? "-" : aliases.joined(separator: ","),
                gateText(evaluations[version.version]?.first))
        }
        lines.append(table.render())
        lines.append("")
        lines.append("`orchestrate models show \(model.name)/VERSION` shows a version's lineage and evaluations")
        return lines.joined(separator: "\n")
    }

    static func version(_ detail: ModelVersionDetail) -> String {
        let version = detail.version
        var lines = [
            "version   \(version.reference)",
            "artifact  \(detail.artifact.qualifiedName)  sha256:\(version.sha256.prefix(12))  "
                + ByteCount.format(detail.artifact.size),
            "format    \(version.format)",
            "base      " + baseText(detail),
            "made by   "
                + (detail.producer.map { "run \(Identifier.short($0.runId)) (\($0.pipeline)), step \($0.step)" }
                    ?? "no step run (its run was removed)"),
            "created   \(Timestamp.local(version.createdAt))",
            "aliases   \(detail.aliases.isEmpty ? "none" : detail.aliases.joined(separator: ", "))",
            "",
        ]
        if detail.evaluations.isEmpty {
            lines.append("evaluations  none (an evaluation artifact made by a step that read this model)")
        } else {
            lines.append("evaluations (newest first)")
            for evaluation in detail.evaluations {
                lines.append(
                    "  \(evaluation.artifact.qualifiedName)  run \(Identifier.short(evaluation.runID))  "
                        + Timestamp.local(evaluation.finishedAt))
                if let gate = evaluation.gate {
                    lines.append("    gate     \(gate.passed ? "passed" : "failed")  \(gate.expression)")
                }
                if !evaluation.metrics.isEmpty {
                    lines.append(
                        "    metrics  "
                            + evaluation.metrics.keys.sorted().map { "\($0) \(MetricText.format(evaluation.metrics[$0]!))" }
                            .joined(separator: "  "))
                }
            }
        }
        lines.append("")
        if detail.data.isEmpty {
            lines.append("trained on  no dataset or documents artifact upstream")
        } else {
            lines.append("trained on")
            var table = Table("  ARTIFACT", "TYPE", "CONTENT")
            for artifact in detail.data {
                table.add("  " + artifact.qualifiedName, artifact.type, contentText(artifact))
            }
            lines.append(table.render())
        }
        lines.append("")
        lines.append("lineage")
        lines.append(LineageRenderer.render(detail.lineage, as: .tree))
        return lines.joined(separator: "\n")
    }

    static func moved(_ move: ModelAliasMove) -> String {
        let from = move.fromVersion.map { "\($0) → " } ?? "(unset) → "
        var line = "\(move.model)@\(move.alias): \(from)\(move.toVersion)"
        if move.action == .rollback { line += " (rolled back)" }
        if move.forced { line += " (forced past the gate)" }
        if let reason = move.reason { line += "  reason: \(reason)" }
        return line
    }

    static func aliasLog(_ log: [ModelAliasMove], model: RegisteredModel) -> String {
        if log.isEmpty {
            return "\(model.name) has no alias moves yet (`orchestrate models promote \(model.name) VERSION --alias staging`)"
        }
        var table = Table("TIME", "ALIAS", "ACTION", "FROM", "TO", "BY", "REASON")
        for move in log {
            table.add(
                Timestamp.local(move.movedAt), move.alias, move.action.rawValue + (move.forced ? " (forced)" : ""),
                move.fromVersion.map(String.init) ?? "-", String(move.toVersion), move.movedBy, move.reason ?? "-")
        }
        var lines = [table.render()]
        if !model.aliases.isEmpty { lines += ["", "now  " + aliasText(model.aliases)] }
        return lines.joined(separator: "\n")
    }

    /// `production=2 staging=3`.
    static func aliasText(_ aliases: [ModelAliasRecord]) -> String {
        aliases.isEmpty ? "-" : aliases.sorted { $0.alias < $1.alias }.map { "\($0.alias)=\($0.version)" }.joined(separator: " ")
    }

    static func gateText(_ evaluation: ModelEvaluation?) -> String {
        guard let evaluation else { return "-" }
        guard let gate = evaluation.gate else { return "no gate" }
        return gate.passed ? "passed" : "failed"
    }

    private static func baseText(_ detail: ModelVersionDetail) -> String {
        let version = detail.version
        guard let base = version.baseModel else { return "unknown (the artifact names none)" }
        var text = base
        if let digest = version.baseSha256 {
            text += "  sha256:\(digest.prefix(12))"
        } else {
            text += "  (digest not recorded)"
        }
        if !detail.baseVersions.isEmpty { text += "  = " + detail.baseVersions.map(\.reference).joined(separator: ", ") }
        return text
    }

    /// What a dataset or documents artifact holds, from its metadata.
    private static func contentText(_ artifact: ArtifactRecord) -> String {
        let metadata = artifact.metadataValue
        guard let count = metadata["count"]?.intValue else { return ByteCount.format(artifact.size) }
        if artifact.type == "dataset" {
            let split = [metadata["train"]?.intValue.map { "train \($0)" }, metadata["test"]?.intValue.map { "test \($0)" }]
                .compactMap { $0 }
            return "\(count) examples" + (split.isEmpty ? "" : " (\(split.joined(separator: ", ")))")
        }
        return "\(count) \(artifact.type)"
    }
}
