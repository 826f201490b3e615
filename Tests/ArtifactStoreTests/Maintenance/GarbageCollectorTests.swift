import ArtifactStore
import Foundation
import Testing

@Suite("GarbageCollector")
struct GarbageCollectorTests {
    @Test("unreferenced blobs are removed and referenced ones kept")
    func removesOnlyUnreferenced() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let artifact = try fixture.produce(step: "gen", in: try fixture.makeRun(), outputs: ["out": "kept"]).artifacts["out"]!
        let orphan = try fixture.ingest("orphan!")

        let result = try GarbageCollector(store: fixture.store).collect(minimumAge: 0, dryRun: false)

        #expect(result.removedBlobs == 1)
        #expect(result.freedBytes == 7)
        #expect(!fixture.store.blobs.contains(sha256: orphan.sha256))
        #expect(fixture.store.blobs.contains(sha256: artifact.sha256))
        #expect(try fixture.store.blobs.allDigests() == [artifact.sha256])
    }

    @Test("a dry run counts what it would remove and removes nothing")
    func dryRun() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let orphan = try fixture.ingest("orphan")
        let result = try GarbageCollector(store: fixture.store).collect(minimumAge: 0, dryRun: true)
        #expect(result.removedBlobs == 1)
        #expect(fixture.store.blobs.contains(sha256: orphan.sha256))
    }

    @Test("unreferenced blobs younger than the minimum age are kept")
    func keepsRecent() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let orphan = try fixture.ingest("orphan")
        let result = try GarbageCollector(store: fixture.store).collect(minimumAge: 3600, dryRun: false)
        #expect(result.removedBlobs == 0)
        #expect(result.keptRecent == 1)
        #expect(fixture.store.blobs.contains(sha256: orphan.sha256))
    }

    @Test("a blob stored long ago is young again once a step ingests the same content, until it is published")
    func ingestAgainProtects() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let old = try fixture.ingest("left by a crashed run")
        let stale = try fixture.ingest("stale")
        Thread.sleep(forTimeInterval: 1.1)
        // A running step produces the old content again: its blob is about to be referenced.
        #expect(try fixture.ingest("left by a crashed run") == old)

        let result = try GarbageCollector(store: fixture.store).collect(minimumAge: 1, dryRun: false)

        #expect(fixture.store.blobs.contains(sha256: old.sha256))
        #expect(!fixture.store.blobs.contains(sha256: stale.sha256))
        #expect(result.keptRecent == 1)
        #expect(result.removedBlobs == 1)
    }

    @Test("working folders of runs that no process executes are removed; a live run's are kept")
    func workFolders() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let dead = fixture.store.workDirectory.appendingPathComponent("deadrun/step-1")
        let live = fixture.store.workDirectory.appendingPathComponent("liverun/step-1")
        for folder in [dead, live] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        let lock = try fixture.store.acquireLock(for: "liverun")
        defer { lock.release() }

        let result = try GarbageCollector(store: fixture.store).collect(minimumAge: 0, dryRun: false)

        #expect(result.removedWorkFolders == 1)
        #expect(!FileManager.default.fileExists(atPath: dead.path))
        #expect(FileManager.default.fileExists(atPath: live.path))
    }
}
