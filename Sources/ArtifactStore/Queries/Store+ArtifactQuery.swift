import Foundation
import GRDB

extension Store {
    /// One page of artifacts, newest first, and how many match.
    public func artifacts(matching query: ArtifactQuery) throws -> QueryPage<ArtifactRecord> {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let pipeline = query.pipeline {
            conditions.append("pipeline = ?")
            arguments.append(pipeline)
        }
        if let name = query.name {
            conditions.append("(name = ? OR name LIKE ? ESCAPE '\\')")
            arguments += [name, "%." + escapeLike(name)]
        }
        if let type = query.type {
            conditions.append("type = ?")
            arguments.append(type)
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try read { db in
            let total =
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM artifacts" + filter, arguments: StatementArguments(arguments))
                ?? 0
            let rows = try ArtifactRecord.fetchAll(
                db, sql: "SELECT * FROM artifacts\(filter) ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?",
                arguments: StatementArguments(arguments + [query.limit, query.offset]))
            return QueryPage(rows: rows, total: total, offset: query.offset, limit: query.limit)
        }
    }

    /// The newest `limit` versions of an artifact's name, oldest of them first, and how many there are.
    public func versions(of artifact: ArtifactRecord, limit: Int = 20) throws -> (versions: [ArtifactRecord], total: Int) {
        try read { db in
            let newest = try ArtifactRecord.filter(
                sql: "pipeline = ? AND name = ?", arguments: [artifact.pipeline, artifact.name]
            )
            .order(sql: "version DESC").limit(limit).fetchAll(db)
            let total =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM artifacts WHERE pipeline = ? AND name = ?",
                    arguments: [artifact.pipeline, artifact.name]) ?? 0
            return (newest.reversed(), total)
        }
    }
}
