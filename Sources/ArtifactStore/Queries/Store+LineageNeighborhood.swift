import Foundation
import GRDB

extension Store {
    /// Walks the lineage breadth first from `root`, `hops` step runs up and `hops` down, taking at most
    /// `limit` nodes (artifacts and step runs together). Each level is one query per direction, so the
    /// cost follows the answer, never the store.
    public func lineageNeighborhood(of root: ArtifactRecord, hops: Int, limit: Int) throws -> LineageNeighborhood {
        try read { db in
            var graph = LineageNeighborhood(root: root, artifacts: [root.id: root], stepRuns: [:], edges: [], truncatedAt: [])
            var nodeCount = 1
            for upward in [true, false] {
                var frontier = [root.id]
                for _ in 0..<max(0, hops) where !frontier.isEmpty {
                    let list = quoted(frontier)
                    // Step runs one hop away: producers of the frontier upward, consumers downward.
                    let links = try Row.fetchAll(
                        db,
                        sql: upward
                            ? "SELECT step_run_id, output AS port, artifact_id FROM step_outputs WHERE artifact_id IN (\(list))"
                            : "SELECT step_run_id, input AS port, artifact_id FROM step_inputs WHERE artifact_id IN (\(list))")
                    var newRuns: [Int64] = []
                    for row in links {
                        let stepRunID: Int64 = row["step_run_id"]
                        let artifactID: String = row["artifact_id"]
                        if graph.stepRuns[stepRunID] == nil, !newRuns.contains(stepRunID) {
                            guard nodeCount < limit else {
                                graph.truncatedAt.insert(artifactID)
                                continue
                            }
                            newRuns.append(stepRunID)
                            nodeCount += 1
                        }
                        graph.edges.append(
                            .init(artifactID: artifactID, stepRunID: stepRunID, isInput: !upward, port: row["port"]))
                    }
                    guard !newRuns.isEmpty else {
                        frontier = []
                        break
                    }
                    let runList = newRuns.map(String.init).joined(separator: ",")
                    for record in try StepRunRecord.fetchAll(db, sql: "SELECT * FROM step_runs WHERE id IN (\(runList))") {
                        graph.stepRuns[record.id!] = record
                    }
                    // Artifacts one hop further: what those step runs read upward, what they made downward.
                    let far = try Row.fetchAll(
                        db,
                        sql: upward
                            ? "SELECT step_run_id, input AS port, artifact_id FROM step_inputs WHERE step_run_id IN (\(runList))"
                            : "SELECT step_run_id, output AS port, artifact_id FROM step_outputs WHERE step_run_id IN (\(runList))"
                    )
                    var next: [String] = []
                    for row in far {
                        let stepRunID: Int64 = row["step_run_id"]
                        let artifactID: String = row["artifact_id"]
                        if graph.artifacts[artifactID] == nil, !next.contains(artifactID) {
                            guard nodeCount < limit else {
                                graph.truncatedAt.insert(String(stepRunID))
                                continue
                            }
                            next.append(artifactID)
                            nodeCount += 1
                        }
                        graph.edges.append(
                            .init(artifactID: artifactID, stepRunID: stepRunID, isInput: upward, port: row["port"]))
                    }
                    frontier = next
                    guard !next.isEmpty else { break }
                    let nextList = quoted(next)
                    for record in try ArtifactRecord.fetchAll(db, sql: "SELECT * FROM artifacts WHERE id IN (\(nextList))") {
                        graph.artifacts[record.id] = record
                    }
                }
                // Past the last hop, the frontier's artifacts that have further neighbours are where "expand" goes on.
                if !frontier.isEmpty {
                    let more = try String.fetchAll(
                        db,
                        sql: upward
                            ? "SELECT DISTINCT artifact_id FROM step_outputs WHERE artifact_id IN (\(quoted(frontier)))"
                            : "SELECT DISTINCT artifact_id FROM step_inputs WHERE artifact_id IN (\(quoted(frontier)))")
                    graph.truncatedAt.formUnion(more)
                }
            }
            graph.edges = Array(Set(graph.edges)).sorted { ($0.stepRunID, $0.artifactID) < ($1.stepRunID, $1.artifactID) }
            return graph
        }
    }
}

/// Artifact ids as an SQL list; ids are hex, the quoting is for safety's sake.
private func quoted(_ ids: [String]) -> String {
    ids.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: ",")
}
