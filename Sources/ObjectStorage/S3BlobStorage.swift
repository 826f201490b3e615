import ArtifactStore
import Foundation

/// Blobs in an S3-compatible object store, with the local blob folder as the working copy: steps read
/// and write local paths as before, every blob this store ingests is uploaded, and a blob another machine
/// uploaded is downloaded the first time it is asked for. So machines that share the bucket share
/// artifact content without a shared filesystem.
///
/// A file blob is one object, `PREFIX/sha256/<digest>`. A folder blob is its files under
/// `PREFIX/sha256/<digest>/` and then `PREFIX/sha256/<digest>.folder`, a list of its entries written last:
/// a folder whose list is missing was never completely uploaded and does not exist. A download is checked
/// against its digest before it is used, so a damaged or tampered object is refused, never served.
/// Garbage collection removes local copies only; `remove(sha256:)` removes the object too.
public struct S3BlobStorage: BlobStorage {
    public let local: LocalBlobStorage
    let client: S3Client

    public init(local: LocalBlobStorage, location: S3Location) {
        self.local = local
        client = S3Client(location: location)
    }

    /// Creates the bucket if the server has none of that name (for a fresh MinIO or moto server).
    public func createBucket() throws { try client.createBucket() }

    private func fileKey(_ digest: String) -> String { client.location.key("sha256/\(digest)") }
    private func folderKey(_ digest: String) -> String { client.location.key("sha256/\(digest).folder") }

    public func location(ofSHA256 sha256: String) -> URL {
        let path = local.location(ofSHA256: sha256)
        if !local.contains(sha256: sha256) {
            // Whoever reads the path next finds the file or, when the download failed, nothing: the same as
            // a missing local blob, which the store reports with its digest.
            try? download(sha256)
        }
        return path
    }

    public var address: String {
        "s3://\(client.location.bucket)\(client.location.prefix.isEmpty ? "" : "/" + client.location.prefix)"
    }

    public func uri(ofSHA256 sha256: String) -> String { "s3://\(client.location.bucket)/\(fileKey(sha256))" }

    public func contains(sha256: String) -> Bool {
        if local.contains(sha256: sha256) { return true }
        return (try? client.exists(fileKey(sha256))) == true || (try? client.exists(folderKey(sha256))) == true
    }

    public func ingest(_ source: URL, consuming: Bool) throws -> ContentHash {
        let hash = try local.ingest(source, consuming: consuming)
        try upload(hash)
        return hash
    }

    public func storedAt(sha256: String) -> Double? { local.storedAt(sha256: sha256) }

    public func allDigests() throws -> [String] {
        let prefix = client.location.key("sha256/")
        var digests = Set(try local.allDigests())
        for key in try client.keys(prefix: prefix) {
            let name = key.dropFirst(prefix.count)
            if !name.contains("/") { digests.insert(name.hasSuffix(".folder") ? String(name.dropLast(7)) : String(name)) }
        }
        return digests.sorted()
    }

    public func remove(sha256: String) throws {
        try? local.remove(sha256: sha256)
        // The folder's list first: from then on the folder does not exist, whatever of its files remain.
        try client.delete(folderKey(sha256))
        for key in try client.keys(prefix: fileKey(sha256)) { try client.delete(key) }
    }

    public func remove(sha256: String, storedBefore cutoff: Double, unless keep: () throws -> Bool) throws -> Bool {
        try local.remove(sha256: sha256, storedBefore: cutoff, unless: keep)
    }

    /// Uploads a stored blob unless the bucket has it already.
    func upload(_ hash: ContentHash) throws {
        let blob = local.location(ofSHA256: hash.sha256)
        switch hash.kind {
        case .file:
            guard try !client.exists(fileKey(hash.sha256)) else { return }
            try client.put(fileKey(hash.sha256), try Data(contentsOf: blob))
        case .folder:
            guard try !client.exists(folderKey(hash.sha256)) else { return }
            var listing: [JSONValue] = []
            for entry in try FolderWalk.entries(of: blob) {
                switch entry.kind {
                case .folder:
                    listing.append(.array([.string(entry.relativePath), "folder"]))
                case .file:
                    try client.put(fileKey(hash.sha256) + "/" + entry.relativePath, try Data(contentsOf: entry.url))
                    listing.append(.array([.string(entry.relativePath), "file"]))
                }
            }
            try client.put(folderKey(hash.sha256), Data(JSONText.compact(.array(listing)).utf8))
        }
    }

    /// Fetches a blob into a staging folder and ingests it locally, which hashes it: content that does not
    /// match its digest is refused.
    func download(_ sha256: String) throws {
        let staging = FileManager.default.temporaryDirectory.appendingPathComponent("orchestrate-s3-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: staging) }
        if let data = try client.get(fileKey(sha256)) {
            try data.write(to: staging)
        } else if let listing = try client.get(folderKey(sha256)) {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
            for entry in try JSONText.parse(String(decoding: listing, as: UTF8.self)).arrayValue ?? [] {
                guard let path = entry.arrayValue?.first?.stringValue, !path.split(separator: "/").contains("..") else {
                    throw ObjectStorageError("\(folderKey(sha256)) lists an entry that is not a relative path")
                }
                let target = staging.appendingPathComponent(path)
                if entry.arrayValue?.last?.stringValue == "folder" {
                    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
                } else {
                    guard let data = try client.get(fileKey(sha256) + "/" + path) else {
                        throw ObjectStorageError("\(folderKey(sha256)) lists \(path), which the bucket does not have")
                    }
                    try FileManager.default.createDirectory(
                        at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try data.write(to: target)
                }
            }
        } else {
            return
        }
        let hash = try ContentHash.of(staging)
        guard hash.sha256 == sha256 else {
            throw ObjectStorageError(
                "\(client.location.description): the object of blob \(sha256.prefix(12)) holds other content "
                    + "(sha256 \(hash.sha256.prefix(12))); it is not used")
        }
        _ = try local.ingest(staging, consuming: true)
    }
}
