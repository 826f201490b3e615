import Foundation
import GRDB

extension Store {
    public func insert(run: RunRecord) throws {
        try write { db in try run.insert(db) }
    }

    public func update(run: RunRecord) throws {
        try write { db in try run.update(db) }
    }

    public func run(id: String) throws -> RunRecord? {
        try read { db in try RunRecord.fetchOne(db, key: id) }
    }

    /// Finds a run by its id or any unique prefix of it.
    public func resolveRun(_ prefix: String) throws -> RunRecord {
        let trimmed = prefix.trimmingCharacters(in: .whitespaces).lowercased()
        guard !trimmed.isEmpty else { throw StoreError.invalidReference(prefix, reason: "empty run id") }
        let matches = try read { db in
            try RunRecord.filter(sql: "id LIKE ? ESCAPE '\\'", arguments: [escapeLike(trimmed) + "%"])
                .limit(6).fetchAll(db)
        }
        if matches.count == 1 { return matches[0] }
        if let exact = matches.first(where: { $0.id == trimmed }) { return exact }
        if matches.isEmpty {
            throw StoreError.notFound(
                kind: "run", reference: prefix, hint: "`orchestrate runs list` shows the runs in \(root.path)")
        }
        throw StoreError.ambiguous(kind: "run", reference: prefix, candidates: matches.map { Identifier.short($0.id) })
    }

    public func listRuns(pipeline: String? = nil, limit: Int = 50) throws -> [RunRecord] {
        try read { db in
            var request = RunRecord.order(RunRecord.Columns.createdAt.desc)
            if let pipeline { request = request.filter(RunRecord.Columns.pipeline == pipeline) }
            return try request.limit(limit).fetchAll(db)
        }
    }

    /// The status to show: a run recorded as running whose process no longer holds its lock was
    /// killed, and is reported as interrupted until `resume` picks it up.
    public func effectiveStatus(of run: RunRecord) -> RunStatus {
        guard run.status == .running || run.status == .pending else { return run.status }
        return RunLock.isHeld(runID: run.id, in: locksDirectory) ? run.status : .interrupted
    }

    /// Whether some process holds the run's lock, executing it right now.
    public func isLocked(runID: String) -> Bool {
        RunLock.isHeld(runID: runID, in: locksDirectory)
    }

    /// Marks a run's process as the one executing it.
    public func acquireLock(for runID: String) throws -> RunLock {
        try RunLock.acquire(runID: runID, in: locksDirectory)
    }
}

func escapeLike(_ text: String) -> String {
    text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
        .replacingOccurrences(of: "_", with: "\\_")
}
