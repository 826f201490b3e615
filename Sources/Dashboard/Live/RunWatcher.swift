import ArtifactStore
import Foundation

/// Polls the store for what a live page shows and says when it changed. Polling the database (every half
/// second, a few indexed rows) sees runs of every process sharing the store, not only this server's.
struct RunWatcher: Sendable {
    let store: Store
    static let interval: Duration = .milliseconds(500)

    /// A run's status and its steps' statuses and attempts, which change whenever the page would.
    func fingerprint(runID: String) -> String? {
        guard let run = try? store.run(id: runID) else { return nil }
        let steps = (try? store.stepRuns(runID: runID)) ?? []
        return store.effectiveStatus(of: run).rawValue + "|"
            + steps.map { "\($0.step):\($0.attempt):\($0.status.rawValue)" }.joined(separator: ",")
    }

    func isFinished(runID: String) -> Bool {
        guard let run = try? store.run(id: runID) else { return true }
        let status = store.effectiveStatus(of: run)
        return status.isFinished || status == .interrupted
    }

    /// The newest runs and their statuses: a new run or a status change on the first page changes it.
    func listFingerprint() -> String {
        let page = try? store.runs(matching: RunQuery(limit: 50))
        return "\(page?.total ?? 0)|"
            + (page?.rows ?? []).map { "\($0.id):\(store.effectiveStatus(of: $0).rawValue)" }.joined(separator: ",")
    }
}
