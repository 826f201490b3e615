import ArtifactStore
import Foundation
import Hummingbird
import Orchestrator

/// The server-sent event streams the live pages follow: a run's changes, the runs list's, a step's log.
extension Dashboard {
    func addLiveRoutes<Context: RequestContext>(to router: Router<Context>) {
        let watcher = RunWatcher(store: store)
        router.get("/api/runs/events") { _, _ in
            EventStream.response { writer in
                var last = watcher.listFingerprint()
                try await writer.write(EventStream.event("ready", "{}"))
                let clock = ContinuousClock()
                let end = clock.now + EventStream.maxDuration
                var quiet = 0
                while clock.now < end {
                    try await Task.sleep(for: RunWatcher.interval)
                    let now = watcher.listFingerprint()
                    if now != last {
                        last = now
                        quiet = 0
                        try await writer.write(EventStream.event("state", "{}"))
                    } else {
                        quiet += 1
                        if quiet % 30 == 0 { try await writer.write(EventStream.keepAlive) }
                    }
                }
            }
        }
        router.get("/api/runs/:id/events") { _, context in
            let run: RunRecord
            do {
                run = try store.resolveRun(context.parameters.get("id") ?? "")
            } catch {
                return Responses.apiError(error)
            }
            let runID = run.id
            return EventStream.response { writer in
                var last = watcher.fingerprint(runID: runID)
                try await writer.write(EventStream.event("ready", "{}"))
                let clock = ContinuousClock()
                let end = clock.now + EventStream.maxDuration
                while clock.now < end {
                    if watcher.isFinished(runID: runID) {
                        if watcher.fingerprint(runID: runID) != last { try await writer.write(EventStream.event("state", "{}")) }
                        try await writer.write(EventStream.event("end", "{}"))
                        return
                    }
                    try await Task.sleep(for: RunWatcher.interval)
                    let now = watcher.fingerprint(runID: runID)
                    if now != last {
                        last = now
                        try await writer.write(EventStream.event("state", "{}"))
                    }
                }
            }
        }
        router.get("/api/runs/:id/steps/:step/log") { request, context in
            let run: RunRecord
            let step: StepRunRecord
            do {
                run = try store.resolveRun(context.parameters.get("id") ?? "")
                let name = context.parameters.get("step") ?? ""
                guard let found = try store.latestStepRuns(runID: run.id)[name] else {
                    throw DashboardError.notFound("run \(Identifier.short(run.id)) has no step '\(name)'")
                }
                step = found
            } catch {
                return Responses.apiError(error)
            }
            let logs = StepLogs(store: store)
            let url = logs.url(run: run, step: step)
            guard Self.query(request)["follow"] == "1" else { return Responses.text(logs.read(url).text) }
            // Follows the file as the step writes it, until the step has finished and its last bytes are sent.
            let stepRunID = step.id!
            return EventStream.response { writer in
                var offset: UInt64 = 0
                let clock = ContinuousClock()
                let end = clock.now + EventStream.maxDuration
                while clock.now < end {
                    let finished = (try? store.stepRun(id: stepRunID))?.status.isFinished ?? true
                    let (text, next) = logs.read(url, from: offset)
                    offset = next
                    if !text.isEmpty {
                        try await writer.write(EventStream.event(nil, JSONText.compact(.object(["text": .string(text)]))))
                    }
                    if finished {
                        try await writer.write(EventStream.event("end", "{}"))
                        return
                    }
                    try await Task.sleep(for: RunWatcher.interval)
                }
            }
        }
    }
}
