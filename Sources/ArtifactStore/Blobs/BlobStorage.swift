import Foundation

/// Where artifact content lives, addressed by sha256.
///
/// The engine knows only this protocol so that blobs can later move to a shared filesystem or an
/// S3-compatible store without touching the scheduler.
public protocol BlobStorage: Sendable {
    /// The local path of a stored blob (a file or a folder), whether or not it exists.
    func location(ofSHA256 sha256: String) -> URL

    /// Whether a blob with this digest is stored.
    func contains(sha256: String) -> Bool

    /// Stores the file or folder at `source`, returning its content hash. With `consuming`,
    /// the source may be moved instead of copied. Storing content that is already there is a no-op.
    func ingest(_ source: URL, consuming: Bool) throws -> ContentHash

    /// Every digest currently stored.
    func allDigests() throws -> [String]

    /// Deletes a blob; used only by garbage collection.
    func remove(sha256: String) throws
}
