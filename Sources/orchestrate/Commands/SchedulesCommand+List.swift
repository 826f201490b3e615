import ArgumentParser
import ArtifactStore
import Foundation
import Orchestrator
import Steps

extension SchedulesCommand {
    struct List: ParsableCommand, UsesGlobalOptions {
        static let configuration = CommandConfiguration(
            abstract: "Show every scheduled or triggered pipeline with its last and next firing.")

        @Option(name: .long, help: ArgumentHelp("The folder of pipeline files.", valueName: "dir"))
        var pipelines = "pipelines"

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let folder = PipelineFolder.load(URL(fileURLWithPath: pipelines), catalog: BuiltInSteps.catalog)
            let store =
                FileManager.default.fileExists(
                    atPath: URL(fileURLWithPath: global.storePath)
                        .appendingPathComponent("orchestrate.sqlite").path) ? try global.openStore() : nil
            let now = Date()
            var rows: [JSONValue] = []
            var table = Table("PIPELINE", "WHEN", "LAST FIRING", "NEXT FIRING")
            for entry in folder.pipelines.values.sorted(by: { $0.spec.name < $1.spec.name }) {
                let spec = entry.spec
                guard spec.schedule != nil || !spec.triggers.isEmpty else { continue }
                let last = try store?.firings(pipeline: spec.name, limit: 1).first
                var next: Date?
                var when: [String] = []
                if let schedule = spec.schedule, let cron = try? CronExpression(schedule.cron),
                    let zone = TimeZone(identifier: schedule.timezone)
                {
                    next = cron.nextFireDate(after: now, in: zone)
                    when.append("cron \(schedule.cron) (\(schedule.timezone))")
                }
                when += spec.triggers.map { "on \($0.pipeline)/\($0.artifact)" + ($0.when.map { " when \($0)" } ?? "") }
                let lastText =
                    last.map { firing in
                        let time = firing.dueAt ?? firing.createdAt
                        return "\(Timestamp.local(time)) \(firing.status.rawValue)"
                            + (firing.runId.map { " run \(Identifier.short($0))" } ?? "")
                    } ?? "never"
                table.add(
                    spec.name, when.joined(separator: "; "), lastText,
                    next.map { Timestamp.local($0.timeIntervalSince1970) } ?? "-")
                rows.append([
                    "name": .string(spec.name), "file": .string(entry.file),
                    "schedule": spec.schedule.map { schedule in
                        [
                            "cron": .string(schedule.cron), "timezone": .string(schedule.timezone),
                            "catch_up": .string(schedule.catchUp.rawValue), "max_catch_up": .int(schedule.maxCatchUp),
                        ]
                    } ?? .null,
                    "triggers": .array(
                        spec.triggers.map { trigger in
                            [
                                "pipeline": .string(trigger.pipeline), "name": .string(trigger.artifact),
                                "when": trigger.when.map { .string($0) } ?? .null,
                            ]
                        }),
                    "last_firing": last.map { firing in
                        [
                            "key": .string(firing.key), "kind": .string(firing.kind.rawValue),
                            "status": .string(firing.status.rawValue),
                            "due_at": firing.dueAt.map { .string(Timestamp.iso($0)) } ?? .null,
                            "artifact": firing.artifactId.map { .string($0) } ?? .null,
                            "run": firing.runId.map { .string($0) } ?? .null,
                            "reason": firing.reason.map { .string($0) } ?? .null,
                        ]
                    } ?? .null,
                    "next_firing": next.map { .string(Timestamp.iso($0.timeIntervalSince1970)) } ?? .null,
                ])
            }
            let holder = store?.schedulerIsRunning == true ? try store?.currentLease() : nil
            if global.json {
                Terminal.print(
                    JSONText.pretty([
                        "scheduler": holder.map {
                            ["running": true, "pid": .int($0.pid), "heartbeat_at": .string(Timestamp.iso($0.heartbeatAt))]
                        }
                            ?? ["running": false],
                        "pipelines": .array(rows),
                        "problems": .array(
                            folder.problems.keys.sorted().flatMap { folder.problems[$0]!.map { .string($0.description) } }),
                    ]))
                return
            }
            Terminal.print(
                holder.map { "scheduler: running (process \($0.pid), last heartbeat \(Int(Store.now() - $0.heartbeatAt))s ago)" }
                    ?? "scheduler: not running (start it with `orchestrate scheduler`)")
            Terminal.print(rows.isEmpty ? "no pipeline in \(pipelines)/ has a schedule or triggers" : table.render())
            for (file, problems) in folder.problems.sorted(by: { $0.key < $1.key }) {
                Terminal.error(
                    "\(file) is not scheduled:\n  " + problems.map(\.description).joined(separator: "\n  "), plain: true)
            }
        }
    }
}
