import ArtifactStore
import Foundation
import Testing

@Suite("Store lineage")
struct StoreLineageTests {
    /// load → clean → chunk, one artifact each.
    struct Chain {
        let fixture: StoreFixture
        let load: (stepRun: StepRunRecord, artifact: ArtifactRecord)
        let clean: (stepRun: StepRunRecord, artifact: ArtifactRecord)
        let chunk: (stepRun: StepRunRecord, artifact: ArtifactRecord)

        init() throws {
            fixture = try StoreFixture()
            let run = try fixture.makeRun()
            let load = try fixture.produce(step: "load", in: run, outputs: ["documents": "raw"])
            let clean = try fixture.produce(
                step: "clean", in: run, inputs: ["documents": load.artifacts["documents"]!], outputs: ["documents": "clean"])
            let chunk = try fixture.produce(
                step: "chunk", in: run, inputs: ["documents": clean.artifacts["documents"]!], outputs: ["chunks": "chunks"])
            self.load = (load.stepRun, load.artifacts["documents"]!)
            self.clean = (clean.stepRun, clean.artifacts["documents"]!)
            self.chunk = (chunk.stepRun, chunk.artifacts["chunks"]!)
        }
    }

    /// source → left, right → join(left, right).
    struct Diamond {
        let fixture: StoreFixture
        let source: ArtifactRecord
        let left: (stepRun: StepRunRecord, artifact: ArtifactRecord)
        let right: (stepRun: StepRunRecord, artifact: ArtifactRecord)
        let join: (stepRun: StepRunRecord, artifact: ArtifactRecord)

        init() throws {
            fixture = try StoreFixture()
            let run = try fixture.makeRun()
            source = try fixture.produce(step: "source", in: run, outputs: ["out": "s"]).artifacts["out"]!
            let left = try fixture.produce(step: "left", in: run, inputs: ["in": source], outputs: ["out": "l"])
            let right = try fixture.produce(step: "right", in: run, inputs: ["in": source], outputs: ["out": "r"])
            let join = try fixture.produce(
                step: "join", in: run, inputs: ["b": right.artifacts["out"]!, "a": left.artifacts["out"]!], outputs: ["out": "j"])
            self.left = (left.stepRun, left.artifacts["out"]!)
            self.right = (right.stepRun, right.artifacts["out"]!)
            self.join = (join.stepRun, join.artifacts["out"]!)
        }
    }

    private func edges(_ graph: LineageGraph) -> Set<String> {
        Set(graph.edges.map { "\(graph.artifacts[$0.artifactID]!.name) -\($0.input)-> \(graph.stepRuns[$0.stepRunID]!.step)" })
    }

    @Test("upstream of the end of a chain reaches every artifact and producer before it")
    func chainUpstream() throws {
        let chain = try Chain()
        defer { chain.fixture.remove() }
        let graph = try chain.fixture.store.lineage(of: chain.chunk.artifact, direction: .upstream)
        #expect(graph.root == chain.chunk.artifact)
        #expect(Set(graph.artifacts.values.map(\.name)) == ["load.documents", "clean.documents", "chunk.chunks"])
        #expect(Set(graph.stepRuns.values.map(\.step)) == ["load", "clean", "chunk"])
        #expect(edges(graph) == ["load.documents -documents-> clean", "clean.documents -documents-> chunk"])
        #expect(graph.producer(of: chain.chunk.artifact)?.id == chain.chunk.stepRun.id)
        #expect(graph.inputs(of: chain.chunk.stepRun.id!).map { $0.0 } == ["documents"])
        #expect(graph.inputs(of: chain.chunk.stepRun.id!).map { $0.1 } == [chain.clean.artifact])
    }

    @Test("upstream of the middle of a chain stops there")
    func chainUpstreamFromMiddle() throws {
        let chain = try Chain()
        defer { chain.fixture.remove() }
        let graph = try chain.fixture.store.lineage(of: chain.clean.artifact, direction: .upstream)
        #expect(Set(graph.artifacts.values.map(\.name)) == ["load.documents", "clean.documents"])
        #expect(edges(graph) == ["load.documents -documents-> clean"])
    }

    @Test("downstream of the start of a chain reaches everything made from it")
    func chainDownstream() throws {
        let chain = try Chain()
        defer { chain.fixture.remove() }
        let graph = try chain.fixture.store.lineage(of: chain.load.artifact, direction: .downstream)
        #expect(Set(graph.artifacts.values.map(\.name)) == ["load.documents", "clean.documents", "chunk.chunks"])
        #expect(edges(graph) == ["load.documents -documents-> clean", "clean.documents -documents-> chunk"])
        #expect(graph.consumers(of: chain.load.artifact.id).map(\.id) == [chain.clean.stepRun.id])
        #expect(graph.products(of: chain.clean.stepRun.id!) == [chain.clean.artifact])
    }

    @Test("downstream of the end of a chain is just the artifact")
    func chainDownstreamFromEnd() throws {
        let chain = try Chain()
        defer { chain.fixture.remove() }
        let graph = try chain.fixture.store.lineage(of: chain.chunk.artifact, direction: .downstream)
        #expect(Array(graph.artifacts.keys) == [chain.chunk.artifact.id])
        #expect(graph.edges.isEmpty)
    }

    @Test("upstream of a diamond's join holds both branches and the shared source once")
    func diamondUpstream() throws {
        let diamond = try Diamond()
        defer { diamond.fixture.remove() }
        let graph = try diamond.fixture.store.lineage(of: diamond.join.artifact, direction: .upstream)
        #expect(Set(graph.artifacts.values.map(\.name)) == ["source.out", "left.out", "right.out", "join.out"])
        #expect(graph.stepRuns.count == 4)
        #expect(edges(graph) == ["source.out -in-> left", "source.out -in-> right", "left.out -a-> join", "right.out -b-> join"])
        #expect(graph.inputs(of: diamond.join.stepRun.id!).map { $0.0 } == ["a", "b"])
        #expect(graph.consumers(of: diamond.source.id).map(\.step) == ["left", "right"])
    }

    @Test("downstream of a diamond's source reaches both branches and the join")
    func diamondDownstream() throws {
        let diamond = try Diamond()
        defer { diamond.fixture.remove() }
        let graph = try diamond.fixture.store.lineage(of: diamond.source, direction: .downstream)
        #expect(Set(graph.artifacts.values.map(\.name)) == ["source.out", "left.out", "right.out", "join.out"])
        #expect(edges(graph) == ["source.out -in-> left", "source.out -in-> right", "left.out -a-> join", "right.out -b-> join"])
    }

    @Test("downstream of one branch leaves out the other branch, also as an input of the join")
    func diamondDownstreamFromBranch() throws {
        let diamond = try Diamond()
        defer { diamond.fixture.remove() }
        let graph = try diamond.fixture.store.lineage(of: diamond.left.artifact, direction: .downstream)
        #expect(Set(graph.artifacts.values.map(\.name)) == ["left.out", "join.out"])
        #expect(edges(graph) == ["left.out -a-> join"])
    }
}
