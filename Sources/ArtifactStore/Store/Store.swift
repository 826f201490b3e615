import Foundation
import GRDB

/// The store: one folder holding the SQLite metadata database, the content-addressed blobs,
/// step logs and scratch space.
///
/// ```
/// runs/orchestrate.sqlite   metadata (WAL)
/// runs/blobs/sha256/ab/cd/  artifact content
/// runs/logs/RUN/STEP.log    step logs
/// runs/work/RUN/STEP/       scratch folders of running steps
/// runs/locks/RUN.lock       held by the process executing a run
/// ```
/// Several processes may open one store at once: SQLite serializes writers (immediate
/// transactions, busy timeout) and blobs are published by atomic rename.
public final class Store: Sendable {
    public let root: URL
    public let database: any DatabaseWriter
    public let blobs: any BlobStorage

    /// Digests of files outside the store, for cache keys (see `FileDigestMemo`).
    public var fileDigests: FileDigestMemo { FileDigestMemo(database: database) }

    public var logsDirectory: URL { root.appendingPathComponent("logs") }
    public var workDirectory: URL { root.appendingPathComponent("work") }
    public var locksDirectory: URL { root.appendingPathComponent("locks") }
    /// Long steps' checkpoints, one folder per cache key, kept across attempts until the step succeeds.
    public var checkpointsDirectory: URL { root.appendingPathComponent("checkpoints") }

    /// Opens (creating if needed) the store at `root` and brings its schema up to date. `blobStorage` makes
    /// the blob storage from the local blob folder (`root/blobs`), which stays the working copy; by default
    /// that folder is the storage.
    public init(root: URL, blobStorage: ((LocalBlobStorage) throws -> any BlobStorage)? = nil) throws {
        self.root = root
        let databasePath = root.appendingPathComponent("orchestrate.sqlite").path
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder), !isFolder.boolValue {
            throw StoreError.io(path: root.path, reason: "cannot create the store folder: a file is in the way")
        }
        do {
            for folder in ["logs", "work", "locks"] {
                try FileManager.default.createDirectory(
                    at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
        } catch {
            throw StoreError.io(
                path: root.path,
                reason: "cannot create the store folder (\(FoundationErrorText.describe(error) ?? "\(error)"))")
        }
        let local = try LocalBlobStorage(root: root.appendingPathComponent("blobs"))
        blobs = try blobStorage?(local) ?? local
        do {
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            configuration.busyMode = .timeout(30)
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            // Two processes opening a new store at once must not both create the schema.
            database = try FileLock.withLock(at: root.appendingPathComponent("locks/open.lock").path, .exclusive) {
                let pool = try DatabasePool(path: databasePath, configuration: configuration)
                try Migrations.migrator.migrate(pool)
                return pool
            }
        } catch let error as DatabaseError {
            throw StoreError.database(path: databasePath, reason: error.message ?? "\(error)")
        }
    }

    /// Runs a write transaction, turning SQLite failures into errors that name the database.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.write(body)
        } catch let error as DatabaseError {
            throw StoreError.database(
                path: root.appendingPathComponent("orchestrate.sqlite").path,
                reason: "\(error.message ?? "error") (\(error.sql ?? "no statement"))")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.read(body)
        } catch let error as DatabaseError {
            throw StoreError.database(
                path: root.appendingPathComponent("orchestrate.sqlite").path,
                reason: "\(error.message ?? "error") (\(error.sql ?? "no statement"))")
        }
    }

    public static func now() -> Double { Date().timeIntervalSince1970 }
}
