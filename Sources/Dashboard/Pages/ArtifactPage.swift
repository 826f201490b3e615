import ArtifactStore
import Foundation
import Orchestrator

/// An artifact's page: metadata, versions, a preview, and its lineage a few hops up and down, each node a
/// link, cut at a node limit with "expand" links where the graph goes on.
struct ArtifactPage {
    let store: Store

    static let defaultHops = 2
    static let nodeLimit = 60

    func context(_ artifact: ArtifactRecord, hops: Int) throws -> [String: Any] {
        let neighborhood = try store.lineageNeighborhood(of: artifact, hops: hops, limit: Self.nodeLimit)
        let producer = try artifact.producerStepRunId.flatMap { try store.stepRun(id: $0) }
        let metadata = artifact.metadataValue.objectValue ?? [:]
        let versions = try store.versions(of: artifact)
        var context: [String: Any] = [
            "id": artifact.id, "label": artifact.qualifiedName, "type": artifact.type, "sha256": artifact.sha256,
            "size": Formats.size(artifact.size), "kind": artifact.kind.rawValue, "created": Formats.time(artifact.createdAt),
            "versions": versions.versions.map { ["id": $0.id, "version": $0.version, "current": $0.id == artifact.id] },
            "older_versions": versions.total > versions.versions.count
                ? "/artifacts?pipeline=\(Self.encoded(artifact.pipeline))&name=\(Self.encoded(artifact.name))" as Any : false,
            "version_count": versions.total,
            "metadata": Formats.pairs(metadata), "has_metadata": !metadata.isEmpty, "hops": hops,
            "more_hops": hops + 1, "limit": Self.nodeLimit, "truncated": neighborhood.isTruncated,
            "lineage": GraphSVG.render(graph(neighborhood, hops: hops), title: "Lineage of \(artifact.qualifiedName)"),
        ]
        if hops > 1 { context["fewer_hops"] = hops - 1 }
        if let producer {
            context["producer"] = ["step": producer.step, "run": producer.runId, "run_short": Identifier.short(producer.runId)]
        }
        context.merge(ArtifactPreview(store: store).context(artifact)) { _, preview in preview }
        return context
    }

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    /// Artifacts and step runs as nodes; where the walk stopped with more beyond, an "expand" node links to
    /// that artifact's own lineage.
    func graph(_ neighborhood: LineageNeighborhood, hops: Int) -> GraphModel {
        var nodes: [GraphModel.Node] = []
        for artifact in neighborhood.artifacts.values.sorted(by: { $0.qualifiedName < $1.qualifiedName }) {
            let root = artifact.id == neighborhood.root.id
            nodes.append(
                .init(
                    id: "a:" + artifact.id, label: artifact.qualifiedName, detail: artifact.type,
                    classes: "artifact" + (root ? " root" : ""), link: "/artifacts/\(artifact.id)"))
        }
        for record in neighborhood.stepRuns.values.sorted(by: { $0.id! < $1.id! }) {
            nodes.append(
                .init(
                    id: "s:\(record.id!)", label: record.step,
                    detail: "\(record.status.rawValue) · run \(Identifier.short(record.runId))",
                    classes: "step status-\(record.status.rawValue)", link: "/runs/\(record.runId)#step-\(record.step)"))
        }
        var edges = neighborhood.edges.map { edge in
            edge.isInput
                ? GraphModel.Edge(from: "a:" + edge.artifactID, to: "s:\(edge.stepRunID)", label: edge.port)
                : GraphModel.Edge(from: "s:\(edge.stepRunID)", to: "a:" + edge.artifactID, label: edge.port)
        }
        for id in neighborhood.truncatedAt.sorted() where neighborhood.artifacts[id] != nil && id != neighborhood.root.id {
            let more = "more:" + id
            nodes.append(.init(id: more, label: "expand…", detail: "lineage goes on", classes: "more", link: "/artifacts/\(id)"))
            edges.append(.init(from: "a:" + id, to: more))
        }
        return GraphModel(nodes: nodes, edges: edges)
    }

    func json(_ artifact: ArtifactRecord, hops: Int) throws -> JSONValue {
        let neighborhood = try store.lineageNeighborhood(of: artifact, hops: hops, limit: Self.nodeLimit)
        return .object([
            "root": .string(artifact.id), "hops": .int(hops), "truncated": .bool(neighborhood.isTruncated),
            "artifacts": .array(neighborhood.artifacts.values.sorted { $0.id < $1.id }.map { ArtifactJSON.object($0) }),
            "step_runs": .array(
                neighborhood.stepRuns.values.sorted { $0.id! < $1.id! }.map { record in
                    .object([
                        "id": .int(Int(record.id!)), "run": .string(record.runId), "step": .string(record.step),
                        "status": .string(record.status.rawValue),
                    ])
                }),
            "edges": .array(
                neighborhood.edges.map { edge in
                    .object([
                        "artifact": .string(edge.artifactID), "step_run": .int(Int(edge.stepRunID)),
                        "direction": .string(edge.isInput ? "input" : "output"), "name": .string(edge.port),
                    ])
                }),
            "expandable": .array(neighborhood.truncatedAt.sorted().map { .string($0) }),
        ])
    }
}
