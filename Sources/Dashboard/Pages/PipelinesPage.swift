import ArtifactStore
import Foundation
import Orchestrator

/// Every pipeline file of the project: description, parameters, schedule and triggers, last and next run,
/// its steps drawn, and a form that runs it with parameters.
struct PipelinesPage {
    let store: Store
    let folder: PipelineFolder

    func context() throws -> [String: Any] {
        let latest = try store.latestRuns()
        let pipelines = folder.pipelines.values.sorted { $0.spec.name < $1.spec.name }.map { entry -> [String: Any] in
            let spec = entry.spec
            var item: [String: Any] = [
                "name": spec.name, "file": entry.file, "description": Formats.optional(spec.description),
                "steps": spec.steps.map(\.name).joined(separator: " → "),
                "parameters": spec.parameters.map {
                    ["name": $0.name, "value": Formats.value($0.value), "type": $0.value.typeName]
                },
                "triggers": spec.triggers.map { "\($0.pipeline)/\($0.artifact)" + ($0.when.map { " when \($0)" } ?? "") },
                "has_triggers": !spec.triggers.isEmpty, "dag": GraphSVG.render(dag(spec), title: "Steps of \(spec.name)"),
            ]
            if let schedule = spec.schedule {
                item["schedule"] = "\(schedule.cron) (\(schedule.timezone))"
                if let cron = try? CronExpression(schedule.cron), let zone = TimeZone(identifier: schedule.timezone),
                    let next = cron.nextFireDate(after: Date(), in: zone)
                {
                    item["next_run"] = Formats.time(next.timeIntervalSince1970)
                }
            }
            if let run = latest[spec.name] {
                item["last_run"] = [
                    "id": run.id, "short": Identifier.short(run.id), "status": store.effectiveStatus(of: run).rawValue,
                    "created": Formats.time(run.createdAt),
                ]
            }
            return item
        }
        let problems = folder.problems.sorted { $0.key < $1.key }.map { file, diagnostics -> [String: Any] in
            ["file": file, "messages": diagnostics.map(\.description)]
        }
        return [
            "pipelines": pipelines, "count": pipelines.count, "problems": problems, "folder": folder.folder.path,
        ]
    }

    func dag(_ spec: PipelineSpec) -> GraphModel {
        let nodes = spec.steps.map { GraphModel.Node(id: $0.name, label: $0.name, detail: $0.uses, classes: "step") }
        var edges: [GraphModel.Edge] = []
        for step in spec.steps {
            for binding in step.inputs.values.sorted(by: { $0.description < $1.description }) where binding.artifact == nil {
                edges.append(.init(from: binding.step, to: step.name))
            }
            for before in step.after { edges.append(.init(from: before, to: step.name)) }
        }
        return GraphModel(nodes: nodes, edges: edges)
    }

    func json() throws -> JSONValue {
        let latest = try store.latestRuns()
        return .object([
            "pipelines": .array(
                folder.pipelines.values.sorted { $0.spec.name < $1.spec.name }.map { entry in
                    let spec = entry.spec
                    return .object([
                        "name": .string(spec.name), "file": .string(entry.file),
                        "description": spec.description.map { .string($0) } ?? .null,
                        "parameters": .object(spec.parameterDefaults),
                        "steps": .array(spec.steps.map { .string($0.name) }),
                        "schedule": spec.schedule.map { .string($0.cron) } ?? .null,
                        "triggers": .array(spec.triggers.map { .string("\($0.pipeline)/\($0.artifact)") }),
                        "last_run": latest[spec.name].map { .string($0.id) } ?? .null,
                    ])
                }),
            "problems": .object(folder.problems.mapValues { .array($0.map { .string($0.description) }) }),
        ])
    }
}
