import Foundation
import OrchestrateTesting
import Testing

@testable import ArtifactStore

@Suite("RunLock")
struct RunLockTests {
    @Test("a lock is held while its holder keeps it and free after release")
    func heldUntilReleased() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        #expect(!RunLock.isHeld(runID: "run1", in: folder.url))
        let lock = try RunLock.acquire(runID: "run1", in: folder.url)
        #expect(RunLock.isHeld(runID: "run1", in: folder.url))
        #expect(!RunLock.isHeld(runID: "run2", in: folder.url))
        lock.release()
        #expect(!RunLock.isHeld(runID: "run1", in: folder.url))
        lock.release()
    }

    @Test("a second holder is refused while the first holds the lock")
    func exclusive() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let lock = try RunLock.acquire(runID: "abcdefghjk", in: folder.url)
        let error = #expect(throws: StoreError.self) { try RunLock.acquire(runID: "abcdefghjk", in: folder.url) }
        #expect(error?.description.hasSuffix("run abcdefgh is being executed by another process") == true)
        lock.release()
        try RunLock.acquire(runID: "abcdefghjk", in: folder.url).release()
    }

    @Test("checking a lock does not take it")
    func checkingDoesNotTake() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try RunLock.acquire(runID: "run", in: folder.url).release()
        #expect(!RunLock.isHeld(runID: "run", in: folder.url))
        let lock = try RunLock.acquire(runID: "run", in: folder.url)
        #expect(RunLock.isHeld(runID: "run", in: folder.url))
        lock.release()
    }

    @Test("a lock whose holder is gone is free")
    func releasedOnDeinit() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        do {
            let lock = try RunLock.acquire(runID: "run", in: folder.url)
            #expect(RunLock.isHeld(runID: "run", in: folder.url))
            withExtendedLifetime(lock) {}
        }
        #expect(!RunLock.isHeld(runID: "run", in: folder.url))
    }
}
