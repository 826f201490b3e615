import Foundation
import GRDB

/// "Latest" means the content a run published last. Versions are unique per content, so content that
/// returns to an earlier state (A, B, then A again) reuses A's row and version; every publication, a
/// cached reuse included, moves the artifact's `published_at` forward, and every "latest" lookup orders
/// by it.
extension Store {
    /// The most recently published artifact of a pipeline by name (full `step.output` or just the output).
    public func latestArtifact(pipeline: String, name: String) throws -> ArtifactRecord? {
        try read { db in
            try ArtifactRecord.fetchOne(
                db,
                sql: """
                    SELECT * FROM artifacts WHERE pipeline = ? AND (name = ? OR name LIKE ? ESCAPE '\\')
                    ORDER BY published_at DESC, version DESC LIMIT 1
                    """, arguments: [pipeline, name, "%." + escapeLike(name)])
        }
    }

    /// The most recently published artifact of a type in any pipeline (`search`'s default index).
    public func latestArtifact(type: String) throws -> ArtifactRecord? {
        try read { db in
            try ArtifactRecord.fetchOne(
                db, sql: "SELECT * FROM artifacts WHERE type = ? ORDER BY published_at DESC, version DESC LIMIT 1",
                arguments: [type])
        }
    }

    /// The most recently published version of exactly `pipeline`/`name`.
    func latestVersion(pipeline: String, name: String, db: Database) throws -> ArtifactRecord? {
        try ArtifactRecord.fetchOne(
            db,
            sql: "SELECT * FROM artifacts WHERE pipeline = ? AND name = ? ORDER BY published_at DESC, version DESC LIMIT 1",
            arguments: [pipeline, name])
    }

    /// Records that a step run published `artifact` now, inside the transaction that links it.
    static func markPublished(_ artifact: inout ArtifactRecord, db: Database) throws {
        artifact.publishedAt = try publicationTime(pipeline: artifact.pipeline, name: artifact.name, db: db)
        try db.execute(
            sql: "UPDATE artifacts SET published_at = ? WHERE id = ?", arguments: [artifact.publishedAt, artifact.id])
    }

    /// Now, but never below the name's newest publication, so a clock stepped back cannot reorder "latest".
    static func publicationTime(pipeline: String, name: String, db: Database) throws -> Double {
        let newest = try Double.fetchOne(
            db, sql: "SELECT MAX(published_at) FROM artifacts WHERE pipeline = ? AND name = ?", arguments: [pipeline, name])
        return max(Store.now(), (newest ?? 0).nextUp)
    }
}
