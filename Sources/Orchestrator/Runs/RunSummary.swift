import ArtifactStore
import Foundation

/// A run as `runs show`, `run --json` and `reproduce --json` present it: the run, and the latest
/// attempt of each step in pipeline order with its outputs.
public struct RunSummary: Sendable {
    public struct StepSummary: Sendable {
        public var record: StepRunRecord
        /// Output name → artifact.
        public var outputs: [(output: String, artifact: ArtifactRecord)]
        /// The run whose outputs a cached step reused.
        public var cachedFromRun: String?
    }

    public var run: RunRecord
    public var status: RunStatus
    public var steps: [StepSummary]
    /// For a run started by an artifact trigger: the version that fired it, and the run that published it.
    public var triggerArtifact: ArtifactRecord?
    public var triggerArtifactRun: String?
    /// What the run's references to other pipelines' artifacts read, as pinned with its options, by reference key.
    public var artifactInputs: [(reference: String, artifact: ArtifactRecord, publishedByRun: String?)] = []

    public static func load(_ store: Store, run: RunRecord) throws -> RunSummary {
        let latest = try store.latestStepRuns(runID: run.id)
        let fileOrder = (try? SpecParser.parse(run.specText, file: run.specPath ?? ""))?.steps.map(\.name) ?? []
        let names = fileOrder.filter { latest[$0] != nil } + latest.keys.filter { !fileOrder.contains($0) }.sorted()
        let steps = try names.map { name -> StepSummary in
            let record = latest[name]!
            let outputs = try store.outputs(ofStepRun: record.id!).map { ($0.key, $0.value) }.sorted { $0.0 < $1.0 }
            let cachedFromRun = try record.cachedFrom.flatMap { try store.stepRun(id: $0)?.runId }
            return StepSummary(record: record, outputs: outputs, cachedFromRun: cachedFromRun)
        }
        var summary = RunSummary(run: run, status: store.effectiveStatus(of: run), steps: steps)
        if run.trigger == "artifact", let id = run.triggerDetail, let artifact = try store.artifact(id: id) {
            summary.triggerArtifact = artifact
            summary.triggerArtifactRun = try artifact.producerStepRunId.flatMap { try store.stepRun(id: $0)?.runId }
        }
        for (reference, id) in (PinnedArtifacts.recorded(inOptions: run.options) ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let artifact = try store.artifact(id: id) else { continue }
            let publisher = try artifact.producerStepRunId.flatMap { try store.stepRun(id: $0)?.runId }
            summary.artifactInputs.append((reference, artifact, publisher))
        }
        return summary
    }

    /// The stable JSON form, documented in docs/cli-json.md.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(run.id),
            "pipeline": .string(run.pipeline),
            "status": .string(status.rawValue),
            "trigger": .string(run.trigger),
            "trigger_detail": run.triggerDetail.map { .string($0) } ?? .null,
            "spec_path": run.specPath.map { .string($0) } ?? .null,
            "parameters": (try? JSONText.parse(run.parameters)) ?? .object([:]),
            "created_at": .string(Timestamp.iso(run.createdAt)),
            "started_at": run.startedAt.map { .string(Timestamp.iso($0)) } ?? .null,
            "finished_at": run.finishedAt.map { .string(Timestamp.iso($0)) } ?? .null,
            "error": run.error.map { .string($0) } ?? .null,
        ]
        if let started = run.startedAt, let finished = run.finishedAt {
            object["duration_seconds"] = .double(((finished - started) * 1000).rounded() / 1000)
        }
        object["steps"] = .array(steps.map(\.json))
        if let triggerArtifact {
            object["trigger_artifact"] = ArtifactJSON.object(
                triggerArtifact, extra: ["published_by_run": triggerArtifactRun.map { .string($0) } ?? .null])
        }
        if !artifactInputs.isEmpty {
            object["artifact_inputs"] = .array(
                artifactInputs.map { reference, artifact, publisher in
                    ArtifactJSON.object(
                        artifact,
                        extra: ["reference": .string(reference), "published_by_run": publisher.map { .string($0) } ?? .null])
                })
        }
        return .object(object)
    }
}

extension RunSummary.StepSummary {
    var json: JSONValue {
        var object: [String: JSONValue] = [
            "name": .string(record.step),
            "type": .string(record.stepType),
            "status": .string(record.status.rawValue),
            "attempt": .int(record.attempt),
            "cache_key": record.cacheKey.map { .string($0) } ?? .null,
            "cached_from_run": cachedFromRun.map { .string($0) } ?? .null,
            "started_at": record.startedAt.map { .string(Timestamp.iso($0)) } ?? .null,
            "finished_at": record.finishedAt.map { .string(Timestamp.iso($0)) } ?? .null,
            "error": record.error.map { .string($0) } ?? .null,
            "metadata": (try? JSONText.parse(record.metadata)) ?? .object([:]),
        ]
        if let duration = record.duration { object["duration_seconds"] = .double((duration * 1000).rounded() / 1000) }
        object["outputs"] = .array(
            outputs.map { output, artifact in
                ArtifactJSON.object(artifact, extra: ["output": .string(output)])
            })
        return .object(object)
    }
}

/// One JSON shape for an artifact everywhere it is printed.
public enum ArtifactJSON {
    public static func object(_ artifact: ArtifactRecord, extra: [String: JSONValue] = [:]) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(artifact.id),
            "pipeline": .string(artifact.pipeline),
            "name": .string(artifact.name),
            "version": .int(artifact.version),
            "type": .string(artifact.type),
            "kind": .string(artifact.kind.rawValue),
            "sha256": .string(artifact.sha256),
            "size": .int(Int(artifact.size)),
            "metadata": artifact.metadataValue,
            "producer_step_run": artifact.producerStepRunId.map { .int(Int($0)) } ?? .null,
            "created_at": .string(Timestamp.iso(artifact.createdAt)),
            "published_at": .string(Timestamp.iso(artifact.publishedAt)),
        ]
        for (key, value) in extra { object[key] = value }
        return .object(object)
    }
}

/// Timestamps as ISO 8601 in UTC with milliseconds.
public enum Timestamp {
    // Formatters are costly to create and safe to share.
    nonisolated(unsafe) private static let isoFormatter: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()

    public static func iso(_ seconds: Double) -> String {
        isoFormatter.string(from: Date(timeIntervalSince1970: seconds))
    }

    /// `2026-11-24 10:31:05` in local time, for tables.
    public static func local(_ seconds: Double) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
