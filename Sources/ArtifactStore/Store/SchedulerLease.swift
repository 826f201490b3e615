import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The right to be the one scheduler of a store.
///
/// On one machine an `flock` on `locks/scheduler.lock` decides: the kernel drops it the moment
/// its process dies, so a restarted scheduler takes over at once after `kill -9`. The row in
/// `scheduler_lease` with its heartbeat says who holds it and since when, for error messages and
/// `schedules list`.
public final class SchedulerLease: @unchecked Sendable {
    public struct Held: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public let owner: String
    private let store: Store
    private var descriptor: Int32

    private init(store: Store, owner: String, descriptor: Int32) {
        self.store = store
        self.owner = owner
        self.descriptor = descriptor
    }

    deinit { release() }

    public static func acquire(_ store: Store) throws -> SchedulerLease {
        let path = store.locksDirectory.appendingPathComponent("scheduler.lock").path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError.io(path: path, reason: String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            var message = "another scheduler is already running on the store \(store.root.path)"
            if let holder = try? store.currentLease() {
                let age = Int((Store.now() - holder.heartbeatAt).rounded())
                let since = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: holder.startedAt))
                message += " (process \(holder.pid), running since \(since), last heartbeat \(age)s ago)"
            }
            throw Held(description: message + "; stop it first, or use another --store")
        }
        let lease = SchedulerLease(store: store, owner: Identifier.make(), descriptor: fd)
        try store.write { db in
            try db.execute(
                sql: """
                    INSERT INTO scheduler_lease (id, owner, pid, started_at, heartbeat_at) VALUES (1, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET owner = excluded.owner, pid = excluded.pid,
                        started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at
                    """, arguments: [lease.owner, getpid(), Store.now(), Store.now()])
        }
        return lease
    }

    public func heartbeat() throws {
        try store.write { db in
            try db.execute(
                sql: "UPDATE scheduler_lease SET heartbeat_at = ? WHERE id = 1 AND owner = ?",
                arguments: [Store.now(), owner])
        }
    }

    public func release() {
        guard descriptor >= 0 else { return }
        _ = try? store.write { db in
            try db.execute(sql: "DELETE FROM scheduler_lease WHERE id = 1 AND owner = ?", arguments: [owner])
        }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }
}

/// Who holds the scheduler lease, as recorded in the store.
public struct LeaseHolder: Sendable {
    public var pid: Int
    public var startedAt: Double
    public var heartbeatAt: Double
}

extension Store {
    public func currentLease() throws -> LeaseHolder? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT pid, started_at, heartbeat_at FROM scheduler_lease WHERE id = 1").map {
                LeaseHolder(pid: $0["pid"], startedAt: $0["started_at"], heartbeatAt: $0["heartbeat_at"])
            }
        }
    }

    /// Whether a live process holds the scheduler lock (the row alone may outlive a killed scheduler).
    public var schedulerIsRunning: Bool {
        RunLock.isHeld(runID: "scheduler", in: locksDirectory)
    }
}
