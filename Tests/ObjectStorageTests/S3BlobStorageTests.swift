import ArtifactStore
import Foundation
import OrchestrateTesting
import Testing

@testable import ObjectStorage

/// Blobs shared through an S3-compatible bucket (moto's server): what one store ingests another finds,
/// downloads once and verifies; a damaged object is refused.
@Suite(.serialized)
struct S3BlobStorageTests {
    func storage(_ folder: TemporaryFolder, _ name: String, _ location: S3Location) throws -> S3BlobStorage {
        S3BlobStorage(local: try LocalBlobStorage(root: folder.url.appendingPathComponent(name)), location: location)
    }

    @Test func whatOneStoreIngestsAnotherFindsAndDownloadsVerified() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let location = try moto.location()
        let first = try storage(folder, "first", location)
        let second = try storage(folder, "second", location)

        let file = folder.url.appendingPathComponent("report.txt")
        try Data("the twin's report\n".utf8).write(to: file)
        let adapter = folder.url.appendingPathComponent("adapter")
        try FileManager.default.createDirectory(
            at: adapter.appendingPathComponent("nested/empty"), withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: adapter.appendingPathComponent("adapter_config.json"))
        try Data([0, 1, 2, 255]).write(to: adapter.appendingPathComponent("nested/weights.bin"))
        let fileHash = try first.ingest(file, consuming: false)
        let folderHash = try first.ingest(adapter, consuming: false)

        for hash in [fileHash, folderHash] {
            #expect(!second.local.contains(sha256: hash.sha256))
            #expect(second.contains(sha256: hash.sha256))
            let path = second.location(ofSHA256: hash.sha256)
            #expect(second.local.contains(sha256: hash.sha256))
            #expect(try ContentHash.of(path) == hash)
        }
        #expect(
            FileManager.default.fileExists(
                atPath: second.location(ofSHA256: folderHash.sha256).appendingPathComponent("nested/empty").path))
        #expect(Set(try second.allDigests()) == [fileHash.sha256, folderHash.sha256])

        try first.remove(sha256: fileHash.sha256)
        let third = try storage(folder, "third", location)
        #expect(!third.contains(sha256: fileHash.sha256))
        #expect(third.contains(sha256: folderHash.sha256))
    }

    @Test func anObjectWhoseContentIsNotItsDigestIsRefused() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let location = try moto.location()
        let digest = Hashing.sha256("what the object should hold")
        try S3Client(location: location).put(location.key("sha256/\(digest)"), Data("something else".utf8))
        let reader = try storage(folder, "reader", location)
        #expect {
            try reader.download(digest)
        } throws: { "\($0)".contains("holds other content") }
        #expect(!reader.local.contains(sha256: digest))
        _ = reader.location(ofSHA256: digest)
        #expect(!reader.local.contains(sha256: digest))
    }

    @Test func aServerThatRefusesSaysWhichRequestAndWhy() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        var location = try moto.location()
        location.bucket = "no-such-bucket-here"
        #expect {
            try S3Client(location: location).put(location.key("x"), Data())
        } throws: { "\($0)".contains("PUT blobs/x answered HTTP 404 (NoSuchBucket)") }
    }
}
