import ArtifactStore
import Foundation
import Orchestrator

/// The `report` artifact: every model's numbers side by side (the book's comparison table), each example's
/// answers and verdicts, and the gate. Its metadata holds the evaluated model's numbers at the top level
/// (`evaluate.report.perplexity` in a `when`), `base_`/`baseline_` prefixed ones of the others, `metrics`
/// and `gate` for the model registry.
struct EvaluationReport {
    let candidates: [String]
    let results: [String: CandidateResult]
    let examples: [EvaluationExample]
    let gate: EvaluationGate?
    let style: [String: JSONValue]?

    /// The model the gate and the top-level numbers are about: `model` when there is one, else the base.
    var evaluated: String { candidates.last! }

    /// Whether the model may be promoted: never on no evidence (an empty test split), else the gate's verdict.
    var gatePassed: Bool {
        guard !examples.isEmpty else { return false }
        guard let gate else { return true }
        let others = Dictionary(uniqueKeysWithValues: candidates.map { ($0, results[$0]!.metrics) })
        return gate.passes(results[evaluated]!.metrics, others: others)
    }

    var metadata: [String: JSONValue] {
        let own = results[evaluated]!.metrics
        var metadata = own
        for label in candidates where label != evaluated {
            for (name, value) in results[label]!.metrics { metadata["\(label)_\(name)"] = value }
        }
        metadata["metrics"] = .object(own)
        metadata["models"] = .array(candidates.map { .string($0) })
        metadata["evaluated"] = .string(evaluated)
        metadata["examples"] = .int(examples.count)
        metadata["gate"] = .object(["expression": .string(gate?.text ?? ""), "passed": .bool(gatePassed)])
        metadata["gate_passed"] = .bool(gatePassed)
        return metadata
    }

    var summaryLine: String {
        candidates.map { label in
            let metrics = results[label]!.metrics
            let judge = metrics["judge_accuracy"].map { ", judge accuracy \($0.interpolationText)" } ?? ""
            return "\(label) perplexity \(metrics["perplexity"]!.interpolationText)\(judge)"
        }.joined(separator: "; ") + "; gate " + (gate == nil ? "none" : gatePassed ? "passed" : "failed")
    }

    func write(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var report: [String: JSONValue] = [
            "models": .object(Dictionary(uniqueKeysWithValues: candidates.map { ($0, .object(results[$0]!.metrics)) })),
            "order": .array(candidates.map { .string($0) }), "evaluated": .string(evaluated),
            "gate": .object(["expression": .string(gate?.text ?? ""), "passed": .bool(gatePassed)]),
            "examples": .int(examples.count),
        ]
        if let style { report["style"] = .object(style) }
        try Data((JSONText.pretty(.object(report)) + "\n").utf8).write(to: folder.appendingPathComponent("report.json"))
        try Data(exampleLines().utf8).write(to: folder.appendingPathComponent("examples.jsonl"))
        try Data(markdown().utf8).write(to: folder.appendingPathComponent("report.md"))
    }

    private func exampleLines() -> String {
        examples.enumerated().map { index, example in
            var models: [String: JSONValue] = [:]
            for label in candidates {
                let result = results[label]!
                var entry: [String: JSONValue] = [:]
                if let score = result.perplexity[index] {
                    entry["perplexity"] = .double(CandidateResult.rounded(score.perplexity))
                }
                if index < result.answers.count {
                    entry["answer"] = .string(result.answers[index])
                    entry["judge"] = result.verdicts[index].json
                }
                if index < result.style.count {
                    entry["style_similarity"] = .double(CandidateResult.rounded(result.style[index].similarity))
                    entry["style_margin"] = result.style[index].margin.map { .double(CandidateResult.rounded($0)) } ?? .null
                }
                models[label] = .object(entry)
            }
            return JSONText.compact(
                .object([
                    "number": .int(example.number), "instruction": .string(example.instruction),
                    "reference": .string(example.reference), "models": .object(models),
                ])) + "\n"
        }.joined()
    }

    /// The comparison as a Markdown table, one column per model.
    private func markdown() -> String {
        let rows: [(String, String)] = [
            ("perplexity", "Perplexity"), ("bits_per_byte", "Bits per byte"), ("judge_accuracy", "Judge: accuracy (1-3)"),
            ("judge_style", "Judge: style (1-3)"), ("unreadable_verdicts", "Unreadable verdicts"),
            ("style_similarity", "Style: similarity to the author"), ("style_margin", "Style: margin over others"),
        ]
        var lines = [
            "# Evaluation on \(examples.count) test conversations", "",
            "| | " + candidates.joined(separator: " | ") + " |",
            "|---|" + String(repeating: "---|", count: candidates.count),
        ]
        for (key, title) in rows where candidates.contains(where: { results[$0]!.metrics[key] != nil }) {
            lines.append(
                "| \(title) | "
                    + candidates.map { Self.cell(results[$0]!.metrics[key]) }.joined(separator: " | ") + " |")
        }
        lines += ["", "Gate: " + (gate.map { "`\($0.text)` " + (gatePassed ? "passed" : "failed") } ?? "none"), ""]
        return lines.joined(separator: "\n")
    }

    /// A number as a person reads it in a table: at most four decimals, no trailing zeros; "-" for none.
    static func cell(_ value: JSONValue?) -> String {
        guard let number = value?.doubleValue else { return "-" }
        var text = String(format: "%.4f", number)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
