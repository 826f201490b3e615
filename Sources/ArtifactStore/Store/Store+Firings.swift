import Foundation
import GRDB

extension Store {
    /// Records firings in one transaction, ignoring any whose key is already recorded; returns
    /// those that were new. This is what makes a firing happen once: whoever records it owns it.
    public func record(firings: [FiringRecord]) throws -> [FiringRecord] {
        try write { db in
            var inserted: [FiringRecord] = []
            for firing in firings {
                guard try FiringRecord.filter(sql: "key = ?", arguments: [firing.key]).fetchCount(db) == 0 else { continue }
                var record = firing
                try record.insert(db)
                inserted.append(record)
            }
            return inserted
        }
    }

    /// Inserts a run and marks the firing that caused it as started, atomically: after a crash
    /// a firing is either pending with no run, or started with its run.
    public func insert(run: RunRecord, startingFiring firingID: Int64) throws {
        try write { db in
            try run.insert(db)
            try db.execute(sql: "UPDATE firings SET status = 'started', run_id = ? WHERE id = ?", arguments: [run.id, firingID])
        }
    }

    public func firings(status: FiringRecord.Status) throws -> [FiringRecord] {
        try read { db in try FiringRecord.filter(sql: "status = ?", arguments: [status.rawValue]).order(sql: "id").fetchAll(db) }
    }

    public func firings(pipeline: String, limit: Int = 50) throws -> [FiringRecord] {
        try read { db in
            try FiringRecord.filter(sql: "pipeline = ?", arguments: [pipeline]).order(sql: "id DESC").limit(limit).fetchAll(db)
        }
    }

    /// The latest fire time recorded (fired or skipped) for a pipeline's schedule.
    public func lastScheduledFiring(pipeline: String) throws -> Double? {
        try read { db in
            try Double.fetchOne(
                db, sql: "SELECT MAX(due_at) FROM firings WHERE pipeline = ? AND kind = 'schedule'", arguments: [pipeline])
        }
    }

    /// When the scheduler first saw a pipeline's schedule or triggers: nothing before it is owed.
    public func watchStart(pipeline: String, kind: FiringRecord.Kind, now: Double) throws -> Double {
        try write { db in
            if let existing = try Double.fetchOne(
                db, sql: "SELECT registered_at FROM watches WHERE pipeline = ? AND kind = ?",
                arguments: [pipeline, kind.rawValue])
            {
                return existing
            }
            try db.execute(
                sql: "INSERT INTO watches (pipeline, kind, registered_at) VALUES (?, ?, ?)",
                arguments: [pipeline, kind.rawValue, now])
            return now
        }
    }

    /// Versions of `pipeline`'s artifact `name` created after `time` that no firing of `firingPipeline` has seen yet, oldest first.
    public func unfiredArtifacts(pipeline: String, name: String, after time: Double, firingPipeline: String) throws
        -> [ArtifactRecord]
    {
        try read { db in
            try ArtifactRecord.fetchAll(
                db,
                sql: """
                    SELECT a.* FROM artifacts a
                    WHERE a.pipeline = ? AND (a.name = ? OR a.name LIKE ? ESCAPE '\\') AND a.created_at > ?
                      AND NOT EXISTS (SELECT 1 FROM firings f WHERE f.key = 'artifact:' || ? || ':' || a.id)
                    ORDER BY a.created_at, a.version
                    """, arguments: [pipeline, name, "%." + escapeLike(name), time, firingPipeline])
        }
    }
}

extension Store {
    public func update(firing: FiringRecord) throws {
        try write { db in try firing.update(db) }
    }

    /// Marks a firing skipped unless its run was already recorded.
    public func skipPendingFiring(id: Int64, reason: String) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE firings SET status = 'skipped', reason = ? WHERE id = ? AND status = 'pending'",
                arguments: [reason, id])
        }
    }
}
