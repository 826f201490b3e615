import Foundation
import GRDB

extension Store {
    /// Upserts documents and their authors in one transaction. A document whose id is stored
    /// with the same content hash is left alone (its `crawled_at` and source artifact too).
    @discardableResult
    public func upsert(documents: [WarehouseDocument], sourceArtifactID: String?) throws -> WarehouseUpsertCounts {
        try write { db in try Store.upsert(documents, sourceArtifactID: sourceArtifactID, db: db) }
    }

    /// Warehouse documents, by author name then title. `author` matches a name (any case) or an
    /// author id; `kind` matches exactly.
    public func documents(author: String? = nil, kind: String? = nil, limit: Int? = nil) throws -> [WarehouseDocument] {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let author {
            conditions.append("(authors.name = ? COLLATE NOCASE OR authors.id = ?)")
            arguments += [author, author]
        }
        if let kind {
            conditions.append("documents.kind = ?")
            arguments += [kind]
        }
        var sql = """
            SELECT documents.*, authors.name AS author_name FROM documents
            JOIN authors ON authors.id = documents.author_id
            """
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY authors.name, documents.title, documents.id"
        if let limit {
            sql += " LIMIT ?"
            arguments += [limit]
        }
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                WarehouseDocument(
                    id: row["id"], kind: row["kind"], platform: row["platform"], link: row["link"], title: row["title"],
                    author: row["author_name"], authorID: row["author_id"], content: row["content"],
                    contentSHA256: row["content_sha256"], crawledAt: row["crawled_at"],
                    sourceArtifactID: row["source_artifact_id"])
            }
        }
    }

    @discardableResult
    static func upsert(_ documents: [WarehouseDocument], sourceArtifactID: String?, db: Database) throws -> WarehouseUpsertCounts
    {
        var counts = WarehouseUpsertCounts()
        let now = Store.now()
        for document in documents {
            // An author's name follows the latest document that names it.
            try db.execute(
                sql: "INSERT INTO authors (id, name) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name",
                arguments: [document.authorID, document.author])
            let stored = try String.fetchOne(
                db, sql: "SELECT content_sha256 FROM documents WHERE id = ?", arguments: [document.id])
            if stored == document.contentSHA256 {
                counts.unchanged += 1
                continue
            }
            try db.execute(
                sql: """
                    INSERT INTO documents (id, author_id, kind, platform, link, title, content, content_sha256, crawled_at, source_artifact_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET
                        author_id = excluded.author_id, kind = excluded.kind, platform = excluded.platform,
                        link = excluded.link, title = excluded.title, content = excluded.content,
                        content_sha256 = excluded.content_sha256, crawled_at = excluded.crawled_at,
                        source_artifact_id = excluded.source_artifact_id
                    """,
                arguments: [
                    document.id, document.authorID, document.kind, document.platform, document.link, document.title,
                    document.content, document.contentSHA256, now, sourceArtifactID,
                ])
            if stored == nil { counts.inserted += 1 } else { counts.updated += 1 }
        }
        return counts
    }
}
