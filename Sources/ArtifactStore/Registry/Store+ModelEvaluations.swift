import GRDB

/// A version's evaluations are found through lineage, not recorded beside it: every `evaluation` artifact
/// that a succeeded (or cached) step run made after reading the version's content, whichever artifact
/// carried that content in. When the evaluation's metadata says which input it `evaluated` (the evaluate
/// step's compare mode reads a `model` beside a `baseline`), it belongs to the model read under that input
/// only: a baseline is not judged by the candidate's gate.
extension Store {
    /// The evaluations of a version, newest first (by when their step run finished).
    public func evaluations(of version: ModelVersionRecord) throws -> [ModelEvaluation] {
        try read { db in try Store.evaluations(sha256: version.sha256, db: db) }
    }

    static func evaluations(sha256: String, db: Database) throws -> [ModelEvaluation] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT DISTINCT e.*, r.id AS evaluation_step_run, r.run_id AS evaluation_run,
                    r.finished_at AS evaluation_finished
                FROM artifacts m
                JOIN step_inputs i ON i.artifact_id = m.id
                JOIN step_runs r ON r.id = i.step_run_id AND r.status IN ('succeeded', 'cached')
                JOIN step_outputs o ON o.step_run_id = r.id
                JOIN artifacts e ON e.id = o.artifact_id AND e.type = 'evaluation'
                WHERE m.sha256 = ?
                  AND (json_type(e.metadata, '$.evaluated') IS NOT 'text' OR json_extract(e.metadata, '$.evaluated') = i.input)
                ORDER BY r.finished_at DESC, r.id DESC, e.name
                """, arguments: [sha256])
        return try rows.map { row in
            ModelEvaluation(
                artifact: try ArtifactRecord(row: row), stepRunID: row["evaluation_step_run"], runID: row["evaluation_run"],
                finishedAt: row["evaluation_finished"] ?? 0)
        }
    }
}
