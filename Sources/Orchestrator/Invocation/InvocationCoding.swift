import ArtifactStore
import Foundation

/// Decoding errors in words that name the field: Foundation's own describe a context dump.
enum InvocationCoding {
    static func describe(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return FoundationErrorText.describe(error) ?? "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let names = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return names.isEmpty ? "the top level" : "field '\(names.joined(separator: "."))'"
        }
        switch error {
        case .keyNotFound(let key, let context):
            let place = context.codingPath.isEmpty ? "" : " in \(path(context))"
            return "field '\(key.stringValue)' is missing\(place)"
        case .typeMismatch(let type, let context):
            return "\(path(context)) is not \(type == String.self ? "text" : "a \(type)")"
        case .valueNotFound(_, let context):
            return "\(path(context)) is null"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
