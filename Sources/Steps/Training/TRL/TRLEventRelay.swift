import ArtifactStore
import Foundation
import Orchestrator

/// Turns `trl_train.py`'s events into what the native trainer reports: a log line per logging step, the
/// step's progress, and the training curve kept for the artifact.
final class TRLEventRelay: @unchecked Sendable {
    let kind: String
    let context: StepContext
    let tail: JSONLinesTail
    private let lock = NSLock()
    private(set) var history: [[String: JSONValue]] = []
    private(set) var done: [String: JSONValue]?
    private(set) var resumedFrom: Int?
    private var maxSteps: Int?

    init(kind: String, context: StepContext, tail: JSONLinesTail) {
        self.kind = kind
        self.context = context
        self.tail = tail
    }

    /// Handles the events written since the last call.
    func relay() {
        lock.lock()
        defer { lock.unlock() }
        for event in tail.newObjects() {
            var values = event
            values["event"] = nil
            switch event["event"]?.stringValue {
            case "start":
                maxSteps = values["max_steps"]?.intValue
                resumedFrom = values["resumed_from_step"]?.intValue
                if let resumedFrom { context.log.write("\(kind): resumed from the checkpoint after update \(resumedFrom)") }
            case "log":
                let entry = values.filter { $0.value.doubleValue != nil }
                history.append(entry)
                context.log.write("\(kind): " + JSONText.compact(.object(entry)))
                if let step = entry["step"]?.intValue {
                    let loss = entry["loss"]?.doubleValue.map { String(format: ", loss %.4f", $0) } ?? ""
                    context.progress(
                        StepProgress(
                            fraction: maxSteps.map { Double(step) / Double(max(1, $0)) },
                            message: "\(kind) update \(step)/\(maxSteps.map(String.init) ?? "?")\(loss) (trl)"))
                }
            case "eval":
                context.log.write("\(kind): evaluation " + JSONText.compact(.object(values)))
            case "done":
                done = values
            default:
                continue
            }
        }
    }
}
