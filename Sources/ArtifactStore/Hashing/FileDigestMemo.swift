import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Remembers the sha256 of files outside the store by their identity (device, inode, size, modification
/// and change times), so that computing a cache key does not read a 90 MB model file on every run.
/// The change time cannot be set by hand and moves with every write, so a file whose bytes changed never
/// matches its old row; a file that changes while it is being hashed is not remembered.
///
/// It is used where it is installed as `FileDigestMemo.current` (the engine does so around the external
/// fingerprints of a step); elsewhere, `Hashing.sha256(fileAt:)` always reads the file.
public final class FileDigestMemo: Sendable {
    @TaskLocal public static var current: FileDigestMemo?

    private let database: any DatabaseWriter

    public init(database: any DatabaseWriter) {
        self.database = database
    }

    struct Identity: Equatable {
        var device: Int64
        var inode: Int64
        var size: Int64
        var modified: Int64
        var changed: Int64

        init?(path: String) {
            var status = stat()
            guard stat(path, &status) == 0 else { return nil }
            device = Int64(bitPattern: UInt64(status.st_dev))
            inode = Int64(bitPattern: UInt64(status.st_ino))
            size = Int64(status.st_size)
            #if canImport(Glibc)
                modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
                changed = Int64(status.st_ctim.tv_sec) * 1_000_000_000 + Int64(status.st_ctim.tv_nsec)
            #else
                modified = Int64(status.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(status.st_mtimespec.tv_nsec)
                changed = Int64(status.st_ctimespec.tv_sec) * 1_000_000_000 + Int64(status.st_ctimespec.tv_nsec)
            #endif
        }
    }

    /// The remembered digest of `url` if its identity is unchanged, else `compute()`, remembered.
    func sha256(of url: URL, compute: () throws -> String) throws -> String {
        let path = url.standardizedFileURL.path
        guard let before = Identity(path: path) else { return try compute() }
        let arguments: StatementArguments = [path, before.device, before.inode, before.size, before.modified, before.changed]
        if let known = try? database.read({ db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT sha256 FROM file_digests
                    WHERE path = ? AND device = ? AND inode = ? AND size = ? AND mtime_ns = ? AND ctime_ns = ?
                    """, arguments: arguments)
        }) {
            return known
        }
        let digest = try compute()
        if Identity(path: path) == before {
            // Best effort: a busy database only means hashing again next time.
            _ = try? database.write { db in
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO file_digests (path, device, inode, size, mtime_ns, ctime_ns, sha256)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """, arguments: arguments + [digest])
            }
        }
        return digest
    }
}
