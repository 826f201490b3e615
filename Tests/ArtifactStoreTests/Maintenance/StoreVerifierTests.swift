import ArtifactStore
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("StoreVerifier")
struct StoreVerifierTests {
    @Test("a store whose blobs are intact has no problems")
    func intact() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        try fixture.produce(step: "gen", in: try fixture.makeRun(), outputs: ["a": "one", "b": "two"])
        let result = try StoreVerifier(store: fixture.store).verify()
        #expect(result.checked == 2)
        #expect(result.problems.isEmpty)
    }

    @Test("a blob whose content changed is reported with its new digest and the artifacts sharing it")
    func corrupted() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let artifacts = try fixture.produce(step: "gen", in: try fixture.makeRun(), outputs: ["a": "one", "b": "two"]).artifacts
        let blob = fixture.store.blobs.location(ofSHA256: artifacts["a"]!.sha256)
        chmod(blob.path, 0o644)
        try Data("tampered".utf8).write(to: blob)

        let result = try StoreVerifier(store: fixture.store).verify()
        #expect(result.checked == 2)
        let problem = try #require(result.problems.first)
        #expect(result.problems.count == 1)
        #expect(problem.sha256 == artifacts["a"]!.sha256)
        #expect(problem.problem == "content changed (now sha256:\(Hashing.sha256("tampered").prefix(12)))")
        #expect(problem.artifacts == ["demo/gen.a@1"])
    }

    @Test("a missing blob is reported as missing")
    func missing() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let artifacts = try fixture.produce(step: "gen", in: try fixture.makeRun(), outputs: ["a": "one"]).artifacts
        try fixture.store.blobs.remove(sha256: artifacts["a"]!.sha256)
        let result = try StoreVerifier(store: fixture.store).verify()
        #expect(result.problems.map(\.problem) == ["missing"])
        #expect(result.problems.map(\.artifacts) == [["demo/gen.a@1"]])
    }
}
