import ArtifactStore
import Foundation
import Testing

@Suite("Store runs")
struct StoreRunsTests {
    private let ids = ["abcd0000000000000001", "abce0000000000000002", "bcde0000000000000003"]

    @Test("a run is found by its full id or any unique prefix, in any case")
    func uniquePrefix() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        for id in ids { try fixture.makeRun(id: id) }
        #expect(try fixture.store.resolveRun("b").id == ids[2])
        #expect(try fixture.store.resolveRun("abcd").id == ids[0])
        #expect(try fixture.store.resolveRun("ABCE").id == ids[1])
        #expect(try fixture.store.resolveRun(" \(ids[0]) ").id == ids[0])
    }

    @Test("a prefix shared by several runs is ambiguous and lists their short ids")
    func ambiguousPrefix() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        for id in ids { try fixture.makeRun(id: id) }
        let error = #expect(throws: StoreError.self) { try fixture.store.resolveRun("abc") }
        let description = try #require(error?.description)
        #expect(description.hasPrefix("'abc' matches 2 runs ("))
        #expect(description.contains("abcd0000") && description.contains("abce0000"))
        #expect(description.hasSuffix("): give more characters"))
    }

    @Test("an unknown prefix is not found, and LIKE wildcards in it are taken literally")
    func notFound() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        for id in ids { try fixture.makeRun(id: id) }
        for prefix in ["zz", "a_cd", "%"] {
            let error = #expect(throws: StoreError.self) { try fixture.store.resolveRun(prefix) }
            #expect(
                error?.description.hasPrefix("no run matches '\(prefix)' (`orchestrate runs list` shows the runs in ") == true)
        }
        #expect(throws: StoreError.self) { try fixture.store.resolveRun("  ") }
    }

    @Test("runs are listed newest first and can be filtered by pipeline")
    func listing() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let first = try fixture.makeRun(pipeline: "a")
        let second = try fixture.makeRun(pipeline: "b")
        let third = try fixture.makeRun(pipeline: "a")
        #expect(try fixture.store.listRuns().map(\.id) == [third.id, second.id, first.id])
        #expect(try fixture.store.listRuns(pipeline: "a").map(\.id) == [third.id, first.id])
        #expect(try fixture.store.listRuns(limit: 1).map(\.id) == [third.id])
    }

    @Test("a run updated in the store reads back as written")
    func updateRoundTrip() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        var run = try fixture.makeRun(status: .running)
        run.status = .failed
        run.error = "step 'x' failed"
        run.finishedAt = 42
        try fixture.store.update(run: run)
        #expect(try fixture.store.run(id: run.id) == run)
    }

    @Test("a running run whose lock is not held is reported as interrupted")
    func interrupted() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let running = try fixture.makeRun(status: .running)
        let pending = try fixture.makeRun(status: .pending)
        #expect(fixture.store.effectiveStatus(of: running) == .interrupted)
        #expect(fixture.store.effectiveStatus(of: pending) == .interrupted)

        let lock = try fixture.store.acquireLock(for: running.id)
        #expect(fixture.store.effectiveStatus(of: running) == .running)
        lock.release()
        #expect(fixture.store.effectiveStatus(of: running) == .interrupted)
    }

    @Test(
        "a finished run keeps its recorded status whether or not a lock is held",
        arguments: [
            RunStatus.succeeded, .failed, .cancelled,
        ])
    func finishedStatus(status: RunStatus) throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let run = try fixture.makeRun(status: status)
        #expect(fixture.store.effectiveStatus(of: run) == status)
    }
}
