import Foundation
import GRDB

/// Cache keys with what they were computed from, and the earlier step runs a key is compared with
/// when a user asks why a step re-ran.
extension Store {
    /// Remembers what a cache key was computed from. A key is a digest of its manifest, so the first
    /// manifest recorded for a digest is kept.
    public func recordCacheKey(_ digest: String, manifest: JSONValue) throws {
        try write { db in
            try db.execute(
                sql: "INSERT INTO cache_keys (digest, manifest, created_at) VALUES (?, ?, ?) ON CONFLICT(digest) DO NOTHING",
                arguments: [digest, JSONText.compact(manifest), Store.now()])
        }
    }

    /// The manifest recorded for a cache key; nil for keys computed before manifests were kept.
    public func cacheKeyManifest(_ digest: String) throws -> JSONValue? {
        let text = try read { db in
            try String.fetchOne(db, sql: "SELECT manifest FROM cache_keys WHERE digest = ?", arguments: [digest])
        }
        guard let text else { return nil }
        do {
            return try JSONText.parse(text)
        } catch {
            throw StoreError.database(
                path: root.appendingPathComponent("orchestrate.sqlite").path,
                reason: "the manifest of cache key \(digest.prefix(12)) is not JSON (\(error))")
        }
    }

    /// Step runs of a pipeline's step in other runs than `runID`, recorded before step run `id`, with a
    /// cache key: newest first. `sameKey` keeps only those with that key, `otherKey` only the others.
    public func earlierKeyedStepRuns(
        pipeline: String, step: String, before id: Int64, excludingRun runID: String, sameKey: String? = nil,
        otherKey: String? = nil, limit: Int = 20
    ) throws -> [StepRunRecord] {
        try read { db in
            var sql = "pipeline = ? AND step = ? AND id < ? AND run_id != ? AND cache_key IS NOT NULL"
            var arguments: StatementArguments = [pipeline, step, id, runID]
            if let sameKey {
                sql += " AND cache_key = ?"
                arguments += [sameKey]
            }
            if let otherKey {
                sql += " AND cache_key != ?"
                arguments += [otherKey]
            }
            return try StepRunRecord.filter(sql: sql, arguments: arguments).order(sql: "id DESC").limit(limit).fetchAll(db)
        }
    }
}
