import Foundation

/// Errors of the artifact store. Each names the thing that is wrong and, where it helps, what to do.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case io(path: String, reason: String)
    case unsupportedContent(path: String, reason: String)
    case database(path: String, reason: String)
    case notFound(kind: String, reference: String, hint: String?)
    case ambiguous(kind: String, reference: String, candidates: [String])
    case invalidReference(String, reason: String)

    public var description: String {
        switch self {
        case .io(let path, let reason):
            return "\(path): \(reason)"
        case .unsupportedContent(let path, let reason):
            return "\(path): \(reason)"
        case .database(let path, let reason):
            return "store database \(path): \(reason)"
        case .notFound(let kind, let reference, let hint):
            return "no \(kind) matches '\(reference)'" + (hint.map { " (\($0))" } ?? "")
        case .ambiguous(let kind, let reference, let candidates):
            let shown = candidates.prefix(5).joined(separator: ", ")
            return
                "'\(reference)' matches \(candidates.count) \(kind)s (\(shown)\(candidates.count > 5 ? ", ..." : "")): give more characters"
        case .invalidReference(let reference, let reason):
            return "'\(reference)' is not a valid reference: \(reason)"
        }
    }
}
