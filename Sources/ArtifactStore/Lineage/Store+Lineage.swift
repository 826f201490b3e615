import Foundation
import GRDB

extension Store {
    /// Collects the lineage of an artifact with two recursive queries (nodes, then edges), so the
    /// cost grows with the size of the answer, not of the store.
    public func lineage(of root: ArtifactRecord, direction: LineageGraph.Direction) throws -> LineageGraph {
        try read { db in
            let reachable: String
            switch direction {
            case .upstream:
                reachable = """
                    WITH RECURSIVE reach(id) AS (
                        SELECT ?
                        UNION
                        SELECT si.artifact_id FROM reach
                        JOIN artifacts a ON a.id = reach.id
                        JOIN step_inputs si ON si.step_run_id = a.producer_step_run_id
                    )
                    """
            case .downstream:
                reachable = """
                    WITH RECURSIVE reach(id) AS (
                        SELECT ?
                        UNION
                        SELECT a.id FROM reach
                        JOIN step_inputs si ON si.artifact_id = reach.id
                        JOIN artifacts a ON a.producer_step_run_id = si.step_run_id
                    )
                    """
            }
            let artifacts = try ArtifactRecord.fetchAll(
                db, sql: reachable + " SELECT a.* FROM artifacts a JOIN reach ON a.id = reach.id", arguments: [root.id])
            var byID: [String: ArtifactRecord] = [:]
            for artifact in artifacts { byID[artifact.id] = artifact }

            let producerIDs = Set(artifacts.compactMap(\.producerStepRunId))
            var stepRuns: [Int64: StepRunRecord] = [:]
            var edges: [LineageGraph.Edge] = []
            if !producerIDs.isEmpty {
                let list = producerIDs.map(String.init).joined(separator: ",")
                for record in try StepRunRecord.fetchAll(db, sql: "SELECT * FROM step_runs WHERE id IN (\(list))") {
                    stepRuns[record.id!] = record
                }
                let rows = try Row.fetchAll(
                    db, sql: "SELECT step_run_id, input, artifact_id FROM step_inputs WHERE step_run_id IN (\(list))")
                for row in rows {
                    let artifactID: String = row["artifact_id"]
                    // Keep only edges between nodes of this graph: downstream, a consumer's other
                    // inputs are not part of what was made from the root.
                    guard byID[artifactID] != nil else { continue }
                    edges.append(.init(artifactID: artifactID, stepRunID: row["step_run_id"], input: row["input"]))
                }
            }
            return LineageGraph(root: root, direction: direction, artifacts: byID, stepRuns: stepRuns, edges: edges)
        }
    }
}
