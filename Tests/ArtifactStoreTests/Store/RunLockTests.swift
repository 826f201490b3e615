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

    @Test("probing a lock again and again never makes a concurrent acquire fail")
    func probingDoesNotBlockAcquire() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url
        try RunLock.acquire(runID: "run", in: url).release()
        let probes = Counter()
        let stop = Counter()
        let stopped = DispatchSemaphore(value: 0)
        // Another process's `runs list`, probing the run while this one takes and releases its lock.
        let prober = Thread {
            while stop.value == 0 {
                _ = RunLock.isHeld(runID: "run", in: url)
                probes.add()
            }
            stopped.signal()
        }
        prober.start()
        while probes.value == 0 { Thread.sleep(forTimeInterval: 0.001) }
        var failures = 0
        // Long enough for the prober to be interrupted many times, whether the two threads share a core or not.
        let deadline = Date().addingTimeInterval(1)
        while Date() < deadline {
            do {
                try RunLock.acquire(runID: "run", in: url).release()
            } catch {
                failures += 1
            }
        }
        stop.add()
        stopped.wait()
        #expect(failures == 0)
        #expect(probes.value > 1)
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

/// A count shared between threads.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func add() {
        lock.lock()
        count += 1
        lock.unlock()
    }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}
