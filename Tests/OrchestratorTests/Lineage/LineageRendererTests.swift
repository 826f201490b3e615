import ArtifactStore
import Foundation
import Orchestrator
import Testing

@Suite("LineageRenderer")
struct LineageRendererTests {
    @Test("upstream lineage prints as a tree from the artifact back to its sources")
    func upstreamTree() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(try fixture.plan(RunEngineTests.chain))
        let again = try #require(try fixture.artifact("again", in: run))
        let graph = try fixture.store.lineage(of: again, direction: .upstream)
        let lines = LineageRenderer.render(graph, as: .tree).components(separatedBy: "\n")
        let short = Identifier.short(run.id)

        #expect(lines.count == 6)
        #expect(lines[0] == "chain/again.out@1  text  sha256:\(again.sha256.prefix(12))  6 B")
        #expect(lines[1] == "└─ again (upper)  run \(short)  succeeded")
        #expect(lines[2].hasPrefix("   └─ text ← chain/shout.out@1  text  sha256:"))
        #expect(lines[3] == "      └─ shout (upper)  run \(short)  succeeded")
        #expect(lines[4].hasPrefix("         └─ text ← chain/write.out@1  text  sha256:"))
        #expect(lines[5] == "            └─ write (write)  run \(short)  succeeded")
    }

    @Test("downstream lineage prints what was made from an artifact")
    func downstreamTree() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(try fixture.plan(RunEngineTests.chain))
        let graph = try fixture.store.lineage(of: try #require(try fixture.artifact("write", in: run)), direction: .downstream)
        let text = LineageRenderer.render(graph, as: .tree)
        #expect(text.components(separatedBy: "\n").count == 5)
        #expect(text.contains("└─ shout (upper)"))
        #expect(text.contains("→ chain/again.out@1"))
    }

    @Test("the JSON form lists artifacts, step runs and input and output edges")
    func json() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(try fixture.plan(RunEngineTests.chain))
        let again = try #require(try fixture.artifact("again", in: run))
        let json = LineageRenderer.json(try fixture.store.lineage(of: again, direction: .upstream))

        #expect(json["root"] == .string(again.id))
        #expect(json["direction"] == "upstream")
        #expect(json["artifacts"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["again.out", "shout.out", "write.out"])
        #expect(json["step_runs"]?.arrayValue?.compactMap { $0["step"]?.stringValue } == ["write", "shout", "again"])
        let kinds = json["edges"]?.arrayValue?.compactMap { $0["kind"]?.stringValue } ?? []
        #expect(kinds.filter { $0 == "input" }.count == 2)
        #expect(kinds.filter { $0 == "output" }.count == 3)
        #expect(
            try JSONText.parse(LineageRenderer.render(try fixture.store.lineage(of: again, direction: .upstream), as: .json))
                == json)
    }

    @Test("the DOT form is a digraph with a node per artifact and step run")
    func dot() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(try fixture.plan(RunEngineTests.chain))
        let graph = try fixture.store.lineage(of: try #require(try fixture.artifact("again", in: run)), direction: .upstream)
        let lines = LineageRenderer.render(graph, as: .dot).components(separatedBy: "\n")
        #expect(lines.first == "digraph lineage {")
        #expect(lines.last == "}")
        #expect(lines.filter { $0.contains("[shape=note") }.count == 3)
        #expect(lines.filter { $0.contains("[shape=box") }.count == 3)
        #expect(lines.filter { $0.contains(" -> ") }.count == 5)
    }

    @Test(
        "byte counts print in decimal units",
        arguments: [
            (Int64(0), "0 B"), (812, "812 B"), (999, "999 B"), (1000, "1.0 KB"), (12_300, "12.3 KB"), (4_100_000, "4.1 MB"),
            (2_000_000_000, "2.0 GB"),
        ])
    func byteCount(bytes: Int64, text: String) {
        #expect(ByteCount.format(bytes) == text)
    }
}
