import ArtifactStore
import Foundation

/// The lines `runs show` prints for a training step: its first and last logged updates (loss, learning
/// rate, gradient norm, speed, and DPO's reward margin and accuracy), from the history the step recorded.
enum TrainingCurve {
    static func lines(step: String, metadata: String) -> [String] {
        guard let history = (try? JSONText.parse(metadata))?["training"]?["history"]?.arrayValue,
            let first = history.first, let last = history.last
        else { return [] }
        func number(_ entry: JSONValue, _ key: String, _ format: String) -> String? {
            entry[key]?.doubleValue.map { String(format: format, $0) }
        }
        func describe(_ entry: JSONValue) -> String {
            [
                number(entry, "step", "update %.0f:"), number(entry, "loss", "loss %.4f"),
                number(entry, "learning_rate", "lr %.2e"), number(entry, "grad_norm", "grad_norm %.3f"),
                number(entry, "rewards/margins", "margin %.4f"), number(entry, "rewards/accuracies", "accuracy %.2f"),
                number(entry, "tokens_per_second", "%.0f tokens/s"),
            ].compactMap { $0 }.joined(separator: " ")
        }
        var lines = ["  \(step): \(history.count) log entries (orchestrate runs logs RUN \(step) for all)"]
        lines.append("    first  " + describe(first))
        if history.count > 1 { lines.append("    last   " + describe(last)) }
        if let resumed = (try? JSONText.parse(metadata))?["training"]?["resumed_from_step"]?.intValue {
            lines.append("    resumed from the checkpoint after update \(resumed)")
        }
        return lines
    }
}
