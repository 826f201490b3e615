import Foundation

/// Where artifact content lives, addressed by sha256.
///
/// The engine knows only this protocol so that blobs can later move to a shared filesystem or an
/// S3-compatible store without touching the scheduler.
public protocol BlobStorage: Sendable {
    /// The local path of a stored blob (a file or a folder), whether or not it exists.
    func location(ofSHA256 sha256: String) -> URL

    /// Where another machine finds this storage: a local folder's absolute path, or `s3://BUCKET/PREFIX`.
    /// `orchestrate step-exec` opens the same storage from it.
    var address: String { get }

    /// Where another machine finds one blob: a `file://` URL, or the object's `s3://` URL.
    func uri(ofSHA256 sha256: String) -> String

    /// Whether a blob with this digest is stored.
    func contains(sha256: String) -> Bool

    /// Stores the file or folder at `source`, returning its content hash. With `consuming`,
    /// the source may be moved instead of copied. Storing content that is already there keeps the
    /// stored copy but counts as storing it now (see `storedAt`): a step is about to reference it.
    func ingest(_ source: URL, consuming: Bool) throws -> ContentHash

    /// When a blob was last stored or ingested again, in seconds since 1970; nil if it is not stored.
    func storedAt(sha256: String) -> Double?

    /// Every digest currently stored.
    func allDigests() throws -> [String]

    /// Deletes a blob unconditionally (tests and repairs; garbage collection uses the guarded form).
    func remove(sha256: String) throws

    /// Deletes a blob unless it was stored at or after `cutoff` or `keep` says it is needed, returning
    /// whether it did. The checks and the removal happen together, with respect to `ingest` in any
    /// process: content that an ingest has just stored or found already stored is never removed under it.
    func remove(sha256: String, storedBefore cutoff: Double, unless keep: () throws -> Bool) throws -> Bool
}
