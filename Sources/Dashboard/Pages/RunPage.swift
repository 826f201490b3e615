import ArtifactStore
import Foundation
import Orchestrator

/// A run's page: its DAG coloured by status, the timeline, and each step's parameters, cache key, why it
/// ran or was reused, inputs, outputs, metrics and log; for a reproduction, the match report.
struct RunPage {
    let store: Store
    let catalog: StepCatalog

    func context(_ run: RunRecord) throws -> [String: Any] {
        let summary = try RunSummary.load(store, run: run)
        let plan = try? RunEngine(store: store).recordedPlan(of: run, catalog: catalog)
        let logs = StepLogs(store: store)
        let parameters = (try? JSONText.parse(run.parameters))?.objectValue ?? [:]
        var steps: [[String: Any]] = []
        for step in summary.steps {
            let record = step.record
            let running = record.status == .running
            var item: [String: Any] = [
                "name": record.step, "type": record.stepType, "status": record.status.rawValue, "attempt": record.attempt,
                "run_id": run.id, "running": running, "error": Formats.optional(record.error),
            ]
            if let duration = Formats.duration(record.startedAt, record.finishedAt) { item["duration"] = duration }
            if let key = record.cacheKey {
                item["cache_key"] = key
                item["cache_key_short"] = String(key.prefix(12))
            }
            if record.status.isFinished, record.status != .skipped {
                item["why"] = Formats.optional(try? CacheExplanation.load(store, run: run, step: record.step).reason)
            }
            let stepParameters = plan?.step(record.step)?.parameters ?? [:]
            item["parameters"] = Formats.pairs(stepParameters)
            item["has_parameters"] = !stepParameters.isEmpty
            let inputs = (try? store.inputs(ofStepRun: record.id!)) ?? [:]
            item["inputs"] = inputs.sorted { $0.key < $1.key }.map { port, artifact in
                ["port": port, "id": artifact.id, "label": artifact.qualifiedName]
            }
            item["has_inputs"] = !inputs.isEmpty
            item["outputs"] = step.outputs.map { port, artifact in
                ["port": port, "id": artifact.id, "label": artifact.qualifiedName, "size": Formats.size(artifact.size)]
            }
            item["has_outputs"] = !step.outputs.isEmpty
            let metadata = (try? JSONText.parse(record.metadata))?.objectValue ?? [:]
            item["metrics"] = Formats.pairs(metadata)
            item["has_metrics"] = !metadata.isEmpty
            // A running step's log streams in; a finished one's is shown as it ended.
            item["log"] = running ? "" : logs.read(logs.url(run: run, step: record)).text
            steps.append(item)
        }
        var context: [String: Any] = [
            "id": run.id, "short": Identifier.short(run.id), "pipeline": run.pipeline, "status": summary.status.rawValue,
            "trigger": run.trigger, "trigger_detail": Formats.optional(run.triggerDetail), "created": Formats.time(run.createdAt),
            "spec_path": Formats.optional(run.specPath), "error": Formats.optional(run.error), "steps": steps,
            "parameters": Formats.pairs(parameters), "has_parameters": !parameters.isEmpty,
            "finished": summary.status.isFinished || summary.status == .interrupted,
            "can_resume": summary.status == .failed || summary.status == .interrupted || summary.status == .cancelled,
            "dag": GraphSVG.render(dag(summary), title: "Steps of run \(Identifier.short(run.id))"),
            "gantt": GanttChart.render(
                summary.steps.map {
                    GanttChart.Bar(
                        label: $0.record.step, start: $0.record.startedAt, end: $0.record.finishedAt,
                        status: $0.record.status.rawValue)
                }, now: run.finishedAt ?? Store.now()),
        ]
        if let duration = Formats.duration(run.startedAt, run.finishedAt) { context["duration"] = duration }
        if run.trigger == "reproduce", let originalID = run.triggerDetail, let original = try store.run(id: originalID) {
            context["match"] = try MatchReport(store: store).context(original: original, reproduction: run)
        }
        return context
    }

    /// The steps as nodes, with an edge for every data input and `after:` between them.
    func dag(_ summary: RunSummary) -> GraphModel {
        let spec = try? SpecParser.parse(summary.run.specText, file: summary.run.specPath ?? "")
        var nodes: [GraphModel.Node] = []
        for step in summary.steps {
            let record = step.record
            var detail = record.status.rawValue
            if let duration = Formats.duration(record.startedAt, record.finishedAt) { detail += " · " + duration }
            nodes.append(
                .init(
                    id: record.step, label: record.step, detail: detail,
                    classes: "step status-\(record.status.rawValue)" + (record.status == .cached ? " cached" : ""),
                    link: "#step-\(record.step)"))
        }
        var edges: [GraphModel.Edge] = []
        for step in spec?.steps ?? [] {
            for (name, binding) in step.inputs.sorted(by: { $0.key < $1.key }) where binding.artifact == nil {
                edges.append(.init(from: binding.step, to: step.name, label: "\(binding.output) → \(name)"))
            }
            for before in step.after { edges.append(.init(from: before, to: step.name, label: "after")) }
        }
        return GraphModel(nodes: nodes, edges: edges)
    }
}
