import Foundation
import Orchestrator

/// When a dataset is too poor to count as a success. A step whose extracts mostly gave nothing must fail
/// rather than be cached and fire the triggers of training: `max_failure_ratio` bounds the share of
/// extracts that gave no usable example, `min_examples` the examples it must keep.
struct DatasetThresholds: Equatable {
    let maxFailureRatio: Double
    let minExamples: Int

    static let descriptors = [
        ParameterDescriptor(
            "max_failure_ratio", .number, default: 0.5,
            "Fail when a larger share of the extracts gave no usable example (0 to 1; 1 never fails)."),
        ParameterDescriptor("min_examples", .int, default: 1, "Fail when fewer examples are kept (0 never fails)."),
    ]

    init(maxFailureRatio: Double, minExamples: Int) {
        self.maxFailureRatio = maxFailureRatio
        self.minExamples = minExamples
    }

    init(_ parameters: StepParameters) throws {
        maxFailureRatio = try parameters.double("max_failure_ratio")
        guard (0...1).contains(maxFailureRatio) else {
            throw StepFailure("parameter 'max_failure_ratio' must be between 0 and 1, got \(maxFailureRatio)")
        }
        minExamples = try parameters.int("min_examples")
        guard minExamples >= 0 else { throw StepFailure("parameter 'min_examples' must be 0 or more, got \(minExamples)") }
    }

    /// Throws when the dataset misses a threshold: the counts, the first reasons extracts gave nothing, and
    /// which parameter to change. `failed` are the extracts without a usable example; `folder` is where the
    /// dataset was written anyway, for inspection.
    func check(extracts: Int, failed: [String], examples: Int, rejections: [Rejection], folder: URL) throws {
        let ratio = extracts == 0 ? 0 : Double(failed.count) / Double(extracts)
        var problem: String?
        var remedy = ""
        if ratio > maxFailureRatio {
            problem =
                "\(failed.count) of \(extracts) extracts (\(Self.percent(ratio))) gave no usable example, more than "
                + "max_failure_ratio \(maxFailureRatio) allows"
            remedy = "use a better generator or prompt, or raise max_failure_ratio (at most 1) to accept so poor a dataset"
        } else if examples < minExamples {
            problem = "\(examples) usable examples from \(extracts) extracts, fewer than min_examples \(minExamples)"
            remedy = "give the step more text or a better generator, or lower min_examples"
        }
        guard let problem else { return }
        let unusable = Set(failed)
        var reasons: [String] = []
        for rejection in rejections where unusable.contains(rejection.extract) || unusable.isEmpty {
            let reason = "(\(rejection.kind.rawValue)) \(rejection.reason)"
            if !reasons.contains(reason) { reasons.append(reason) }
            if reasons.count == 3 { break }
        }
        let first = reasons.isEmpty ? "" : "; first reasons: " + reasons.joined(separator: "; ")
        throw StepFailure(
            problem + first + "; the dataset is kept for inspection in \(folder.path) (rejected.jsonl says why each item "
                + "was left out); \(remedy)")
    }

    private static func percent(_ ratio: Double) -> String {
        "\(Int((ratio * 100).rounded()))%"
    }
}
