import ArtifactStore
import Foundation
import GRDB

/// Fills a store with `artifacts` artifacts as runs of a 10-step chain (each step reads the
/// previous step's output), written straight into the tables in one transaction so that the
/// benchmark measures queries, not setup.
enum LineageStoreBuilder {
    static func build(at root: URL, artifacts: Int) throws {
        let store = try Store(root: root)
        let runs = artifacts / 10
        let now = Date().timeIntervalSince1970
        try store.database.write { db in
            for run in 0..<runs {
                let runID = String(format: "bench%015d", run)
                try db.execute(
                    sql: """
                        INSERT INTO runs (id, pipeline, status, trigger, spec_text, project_dir, parameters, options, created_at)
                        VALUES (?, 'bench', 'succeeded', 'manual', '', '/', '{}', '{}', ?)
                        """, arguments: [runID, now])
                var previous: String?
                for step in 0..<10 {
                    try db.execute(
                        sql: """
                            INSERT INTO step_runs (run_id, pipeline, step, step_type, attempt, status, cache_key, started_at, finished_at)
                            VALUES (?, 'bench', ?, 'command', 1, 'succeeded', ?, ?, ?)
                            """, arguments: [runID, "s\(step)", "key-\(run)-\(step)", now, now])
                    let stepRunID = db.lastInsertedRowID
                    if let previous {
                        try db.execute(
                            sql: "INSERT INTO step_inputs (step_run_id, input, artifact_id) VALUES (?, 'i', ?)",
                            arguments: [stepRunID, previous])
                    }
                    let artifactID = String(format: "a%09d%02d", run, step)
                    let digest = Hashing.sha256("\(run)-\(step)")
                    try db.execute(
                        sql: """
                            INSERT INTO artifacts (id, pipeline, name, version, type, kind, sha256, size, metadata, producer_step_run_id, created_at)
                            VALUES (?, 'bench', ?, ?, 'file', 'file', ?, 10, '{}', ?, ?)
                            """, arguments: [artifactID, "s\(step).o", run + 1, digest, stepRunID, now])
                    try db.execute(
                        sql: "INSERT INTO step_outputs (step_run_id, output, artifact_id) VALUES (?, 'o', ?)",
                        arguments: [stepRunID, artifactID])
                    previous = artifactID
                }
            }
        }
        print("built \(runs * 10) artifacts in \(runs) runs at \(root.path)")
    }
}
