import ArtifactStore
import Foundation
import OrchestrateTesting
import Testing

@Suite("LocalBlobStorage")
struct LocalBlobStorageTests {
    private func staging(_ storage: LocalBlobStorage) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: storage.root.appendingPathComponent("tmp").path)
    }

    @Test("a blob lives at sha256/ab/cd/<digest> under the root")
    func locationLayout() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let storage = try LocalBlobStorage(root: temporary.url)
        let digest = Hashing.sha256("abc")
        #expect(storage.location(ofSHA256: digest).path == temporary.url.path + "/sha256/ba/78/" + digest)
    }

    @Test("ingesting a file stores a read-only copy and leaves the source")
    func ingestFile() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let storage = try LocalBlobStorage(root: temporary.url.appendingPathComponent("blobs"))
        let source = try temporary.write("hello", to: "hello.txt")

        let hash = try storage.ingest(source, consuming: false)

        #expect(hash == ContentHash(kind: .file, sha256: Hashing.sha256("hello"), size: 5))
        #expect(storage.contains(sha256: hash.sha256))
        let blob = storage.location(ofSHA256: hash.sha256)
        #expect(try contents(of: blob) == "hello")
        #expect(try permissions(of: blob) == 0o444)
        #expect(FileManager.default.fileExists(atPath: source.path))
        #expect(try staging(storage).isEmpty)
    }

    @Test("ingesting a folder stores it whole, every file and folder read-only")
    func ingestFolder() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let storage = try LocalBlobStorage(root: temporary.url.appendingPathComponent("blobs"))
        try temporary.write("one", to: "data/one.txt")
        try temporary.write("two", to: "data/nested/two.txt")
        let source = temporary.url.appendingPathComponent("data")
        let expected = try ContentHash.of(source)

        let hash = try storage.ingest(source, consuming: false)

        #expect(hash == expected)
        #expect(hash.kind == .folder)
        let blob = storage.location(ofSHA256: hash.sha256)
        #expect(try ContentHash.of(blob) == expected)
        #expect(try contents(of: blob.appendingPathComponent("nested/two.txt")) == "two")
        #expect(try permissions(of: blob) == 0o555)
        #expect(try permissions(of: blob.appendingPathComponent("nested")) == 0o555)
        #expect(try permissions(of: blob.appendingPathComponent("one.txt")) == 0o444)
        #expect(try staging(storage).isEmpty)
    }

    @Test("ingesting the same content again is a no-op that returns the same hash")
    func idempotentIngest() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let storage = try LocalBlobStorage(root: temporary.url.appendingPathComponent("blobs"))
        let first = try storage.ingest(try temporary.write("same", to: "first.txt"), consuming: false)
        let second = try storage.ingest(try temporary.write("same", to: "second.txt"), consuming: false)
        #expect(first == second)
        #expect(try storage.allDigests() == [first.sha256])
        #expect(try staging(storage).isEmpty)
    }

    @Test("consuming ingest moves the source away, also when the content was already stored")
    func consumingMoves() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let storage = try LocalBlobStorage(root: temporary.url.appendingPathComponent("blobs"))
        let source = try temporary.write("moved", to: "out/moved.txt")
        let hash = try storage.ingest(source, consuming: true)
        #expect(!FileManager.default.fileExists(atPath: source.path))
        #expect(try contents(of: storage.location(ofSHA256: hash.sha256)) == "moved")

        let again = try temporary.write("moved", to: "out/again.txt")
        #expect(try storage.ingest(again, consuming: true) == hash)
        #expect(!FileManager.default.fileExists(atPath: again.path))
        #expect(try staging(storage).isEmpty)
    }

    @Test("allDigests lists every stored blob, sorted, and remove deletes one")
    func listAndRemove() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let storage = try LocalBlobStorage(root: temporary.url.appendingPathComponent("blobs"))
        #expect(try storage.allDigests().isEmpty)
        let hashes = try ["x", "y", "z"].map { try storage.ingest(try temporary.write($0, to: "\($0).txt"), consuming: true) }
        try temporary.write("folder content", to: "folder/file.txt")
        let folder = try storage.ingest(temporary.url.appendingPathComponent("folder"), consuming: true)
        #expect(try storage.allDigests() == (hashes.map(\.sha256) + [folder.sha256]).sorted())

        try storage.remove(sha256: folder.sha256)
        try storage.remove(sha256: hashes[0].sha256)
        #expect(!storage.contains(sha256: folder.sha256))
        #expect(try storage.allDigests() == hashes.dropFirst().map(\.sha256).sorted())
    }

    @Test("a symbolic link cannot be ingested and leaves nothing behind")
    func refusesSymbolicLinks() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let storage = try LocalBlobStorage(root: temporary.url.appendingPathComponent("blobs"))
        let target = try temporary.write("x", to: "data/target.txt")
        try FileManager.default.createSymbolicLink(
            at: temporary.url.appendingPathComponent("data/link"), withDestinationURL: target)
        #expect(throws: StoreError.self) { try storage.ingest(temporary.url.appendingPathComponent("data"), consuming: true) }
        #expect(try storage.allDigests().isEmpty)
        #expect(try staging(storage).isEmpty)
    }

    @Test("stale staging folders are removed, fresh ones kept, by when they arrived rather than when they were written")
    func staleStaging() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let storage = try LocalBlobStorage(root: temporary.url.appendingPathComponent("blobs"))
        let old = storage.root.appendingPathComponent("tmp/old")
        try FileManager.default.createDirectory(at: old, withIntermediateDirectories: true)
        Thread.sleep(forTimeInterval: 1.1)
        // A step's output written long ago and moved into staging just now is fresh.
        let output = temporary.url.appendingPathComponent("output")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -7200)], ofItemAtPath: output.path)
        try FileManager.default.moveItem(at: output, to: storage.root.appendingPathComponent("tmp/new"))

        #expect(try storage.removeStaleStaging(olderThan: 1) == 1)
        #expect(try staging(storage) == ["new"])
    }

    @Test("ingesting content that is already stored dates the blob as stored now")
    func ingestAgainRefreshes() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let storage = try LocalBlobStorage(root: temporary.url.appendingPathComponent("blobs"))
        try temporary.write("inside", to: "folder/file.txt")
        let file = try storage.ingest(try temporary.write("same", to: "a.txt"), consuming: true)
        let folder = try storage.ingest(temporary.url.appendingPathComponent("folder"), consuming: true)
        let before = try [file, folder].map { try #require(storage.storedAt(sha256: $0.sha256)) }
        Thread.sleep(forTimeInterval: 0.05)

        try temporary.write("inside", to: "again/file.txt")
        #expect(try storage.ingest(try temporary.write("same", to: "b.txt"), consuming: true) == file)
        #expect(try storage.ingest(temporary.url.appendingPathComponent("again"), consuming: false) == folder)

        let after = try [file, folder].map { try #require(storage.storedAt(sha256: $0.sha256)) }
        #expect(after[0] > before[0])
        #expect(after[1] > before[1])
        #expect(try contents(of: storage.location(ofSHA256: file.sha256)) == "same")
        #expect(try permissions(of: storage.location(ofSHA256: file.sha256)) == 0o444)
        #expect(try permissions(of: storage.location(ofSHA256: folder.sha256)) == 0o555)
    }

    @Test("the guarded remove keeps a blob stored at or after the cutoff, or one the caller still needs")
    func guardedRemove() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let storage = try LocalBlobStorage(root: temporary.url.appendingPathComponent("blobs"))
        try temporary.write("inside", to: "folder/file.txt")
        let hashes = [
            try storage.ingest(try temporary.write("file", to: "file.txt"), consuming: true),
            try storage.ingest(temporary.url.appendingPathComponent("folder"), consuming: true),
        ]
        let now = Date().timeIntervalSince1970
        for hash in hashes {
            #expect(try !storage.remove(sha256: hash.sha256, storedBefore: now - 60) { false })
            #expect(try !storage.remove(sha256: hash.sha256, storedBefore: now + 60) { true })
            #expect(storage.contains(sha256: hash.sha256))
            #expect(try storage.remove(sha256: hash.sha256, storedBefore: now + 60) { false })
            #expect(!storage.contains(sha256: hash.sha256))
            #expect(try !storage.remove(sha256: hash.sha256, storedBefore: now + 60) { false })
        }
        #expect(try storage.allDigests().isEmpty)
        #expect(try staging(storage).isEmpty)
    }
}
