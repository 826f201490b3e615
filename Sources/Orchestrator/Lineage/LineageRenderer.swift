import ArtifactStore
import Foundation

/// Prints a lineage graph as an indented tree, Graphviz DOT, or JSON.
public enum LineageRenderer {
    public enum Format: String, Sendable, CaseIterable {
        case tree, dot, json
    }

    public static func render(_ graph: LineageGraph, as format: Format) -> String {
        switch format {
        case .tree: tree(graph)
        case .dot: dot(graph)
        case .json: JSONText.pretty(json(graph))
        }
    }

    static func label(_ artifact: ArtifactRecord) -> String {
        "\(artifact.qualifiedName)  \(artifact.type)  sha256:\(artifact.sha256.prefix(12))  \(ByteCount.format(artifact.size))"
    }

    static func label(_ stepRun: StepRunRecord) -> String {
        "\(stepRun.step) (\(stepRun.stepType))  run \(Identifier.short(stepRun.runId))  \(stepRun.status.rawValue)"
    }

    private static func tree(_ graph: LineageGraph) -> String {
        var lines = [label(graph.root)]
        var expanded = Set<String>()
        func walk(_ artifact: ArtifactRecord, prefix: String) {
            guard expanded.insert(artifact.id).inserted else {
                lines[lines.count - 1] += "  (shown above)"
                return
            }
            switch graph.direction {
            case .upstream:
                guard let producer = graph.producer(of: artifact), let id = producer.id else { return }
                lines.append(prefix + "└─ " + label(producer))
                let inputs = graph.inputs(of: id)
                for (index, (input, source)) in inputs.enumerated() {
                    let last = index == inputs.count - 1
                    lines.append(prefix + "   " + (last ? "└─ " : "├─ ") + "\(input) ← " + label(source))
                    walk(source, prefix: prefix + "   " + (last ? "   " : "│  "))
                }
            case .downstream:
                let consumers = graph.consumers(of: artifact.id).filter { !graph.products(of: $0.id!).isEmpty }
                for (index, consumer) in consumers.enumerated() {
                    let last = index == consumers.count - 1
                    lines.append(prefix + (last ? "└─ " : "├─ ") + label(consumer))
                    let products = graph.products(of: consumer.id!)
                    let inner = prefix + (last ? "   " : "│  ")
                    for (productIndex, product) in products.enumerated() {
                        let lastProduct = productIndex == products.count - 1
                        lines.append(inner + (lastProduct ? "└─ " : "├─ ") + "→ " + label(product))
                        walk(product, prefix: inner + (lastProduct ? "   " : "│  "))
                    }
                }
            }
        }
        walk(graph.root, prefix: "")
        return lines.joined(separator: "\n")
    }

    private static func dot(_ graph: LineageGraph) -> String {
        func quote(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var lines = ["digraph lineage {", "  rankdir=LR;", "  node [fontname=\"Helvetica\"];"]
        for artifact in graph.artifacts.values.sorted(by: { $0.qualifiedName < $1.qualifiedName }) {
            let text = "\(artifact.qualifiedName)\\n\(artifact.type) sha256:\(artifact.sha256.prefix(12))"
            lines.append("  \(quote("a:" + artifact.id)) [shape=note, label=\(quote(text))];")
        }
        for stepRun in graph.stepRuns.values.sorted(by: { $0.id! < $1.id! }) {
            let text = "\(stepRun.step) (\(stepRun.stepType))\\nrun \(Identifier.short(stepRun.runId))"
            lines.append("  \(quote("s:\(stepRun.id!)")) [shape=box, style=rounded, label=\(quote(text))];")
        }
        for edge in graph.edges.sorted(by: { ($0.stepRunID, $0.input) < ($1.stepRunID, $1.input) }) {
            lines.append("  \(quote("a:" + edge.artifactID)) -> \(quote("s:\(edge.stepRunID)")) [label=\(quote(edge.input))];")
        }
        for artifact in graph.artifacts.values.sorted(by: { $0.qualifiedName < $1.qualifiedName }) {
            guard let producer = artifact.producerStepRunId, graph.stepRuns[producer] != nil else { continue }
            lines.append("  \(quote("s:\(producer)")) -> \(quote("a:" + artifact.id));")
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    public static func json(_ graph: LineageGraph) -> JSONValue {
        let artifacts = graph.artifacts.values.sorted { $0.qualifiedName < $1.qualifiedName }.map { ArtifactJSON.object($0) }
        let stepRuns = graph.stepRuns.values.sorted { $0.id! < $1.id! }.map { record -> JSONValue in
            [
                "id": .int(Int(record.id!)), "run": .string(record.runId), "pipeline": .string(record.pipeline),
                "step": .string(record.step), "type": .string(record.stepType), "status": .string(record.status.rawValue),
                "attempt": .int(record.attempt),
            ]
        }
        var edges: [JSONValue] = graph.edges.sorted { ($0.stepRunID, $0.input) < ($1.stepRunID, $1.input) }.map { edge in
            ["from": .string(edge.artifactID), "to": .int(Int(edge.stepRunID)), "kind": "input", "input": .string(edge.input)]
        }
        for artifact in graph.artifacts.values.sorted(by: { $0.qualifiedName < $1.qualifiedName }) {
            guard let producer = artifact.producerStepRunId, graph.stepRuns[producer] != nil else { continue }
            edges.append(["from": .int(Int(producer)), "to": .string(artifact.id), "kind": "output"])
        }
        return [
            "root": .string(graph.root.id), "direction": .string(graph.direction.rawValue),
            "artifacts": .array(artifacts), "step_runs": .array(stepRuns), "edges": .array(edges),
        ]
    }
}

/// Byte sizes for people: `812 B`, `12.3 KB`, `4.1 MB`.
public enum ByteCount {
    public static func format(_ bytes: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f", value) + " " + units[unit]
    }
}
