import Foundation
import GRDB

extension Store {
    /// One page of runs, newest first, and the number of runs the query matches. `interrupted` is a
    /// reported status, never a recorded one: it matches runs recorded as running or pending, which
    /// the caller then reports through `effectiveStatus`.
    public func runs(matching query: RunQuery) throws -> QueryPage<RunRecord> {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let pipeline = query.pipeline {
            conditions.append("pipeline = ?")
            arguments.append(pipeline)
        }
        if let status = query.status {
            if status == .interrupted {
                conditions.append("status IN ('running', 'pending')")
            } else {
                conditions.append("status = ?")
                arguments.append(status.rawValue)
            }
        }
        if let trigger = query.trigger {
            conditions.append("trigger = ?")
            arguments.append(trigger)
        }
        if let since = query.since {
            conditions.append("created_at >= ?")
            arguments.append(since)
        }
        if let until = query.until {
            conditions.append("created_at < ?")
            arguments.append(until)
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try read { db in
            let total =
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs" + filter, arguments: StatementArguments(arguments)) ?? 0
            let rows = try RunRecord.fetchAll(
                db, sql: "SELECT * FROM runs\(filter) ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                arguments: StatementArguments(arguments + [query.limit, query.offset]))
            return QueryPage(rows: rows, total: total, offset: query.offset, limit: query.limit)
        }
    }

    /// The names of the pipelines that have runs, for filters.
    public func runPipelines() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT pipeline FROM runs ORDER BY pipeline") }
    }

    /// The newest run of each pipeline, by pipeline name.
    public func latestRuns() throws -> [String: RunRecord] {
        try read { db in
            let rows = try RunRecord.fetchAll(
                db,
                sql: """
                    SELECT r.* FROM runs r
                    WHERE r.id = (SELECT id FROM runs WHERE pipeline = r.pipeline ORDER BY created_at DESC, id DESC LIMIT 1)
                    """)
            return Dictionary(rows.map { ($0.pipeline, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }
}
