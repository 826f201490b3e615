import ArtifactStore
import Orchestrator

/// For a reproduced run: per step, whether its outputs' content hashes equal the original's.
struct MatchReport {
    let store: Store

    func context(original: RunRecord, reproduction: RunRecord) throws -> [String: Any] {
        let before = try store.latestStepRuns(runID: original.id)
        let after = try store.latestStepRuns(runID: reproduction.id)
        var steps: [[String: Any]] = []
        var allMatch = true
        for name in Set(before.keys).union(after.keys).sorted() {
            let old = try before[name].flatMap { $0.status.isSuccess ? try store.outputs(ofStepRun: $0.id!) : nil }
            let new = try after[name].flatMap { $0.status.isSuccess ? try store.outputs(ofStepRun: $0.id!) : nil }
            let ports = Set((old ?? [:]).keys).union((new ?? [:]).keys).sorted()
            let verdict: String
            if old == nil && new == nil {
                verdict = before[name]?.status == after[name]?.status ? "match" : "missing"
            } else if old == nil || new == nil {
                verdict = "missing"
            } else {
                verdict = ports.allSatisfy { old?[$0]?.sha256 == new?[$0]?.sha256 } ? "match" : "differs"
            }
            if verdict != "match" { allMatch = false }
            steps.append([
                "step": name, "verdict": verdict,
                "outputs": ports.map { port in
                    [
                        "name": port, "original": old?[port].map { String($0.sha256.prefix(12)) } ?? "—",
                        "reproduced": new?[port].map { String($0.sha256.prefix(12)) } ?? "—",
                    ]
                },
            ])
        }
        let finished = store.effectiveStatus(of: reproduction).isFinished
        return [
            "original": original.id, "original_short": Identifier.short(original.id), "steps": steps,
            "verdict": !finished ? "in progress" : allMatch ? "every output matches" : "some outputs differ",
        ]
    }
}
