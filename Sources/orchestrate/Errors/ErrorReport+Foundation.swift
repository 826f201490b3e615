import ArtifactStore
import Foundation

extension ErrorReport {
    /// Errors of the file system and of decoding, which name no file of ours unless we add it.
    static func foundation(_ error: any Error) -> ErrorReport? {
        switch error {
        case let failure as DecodingError:
            return ErrorReport(message: "unreadable data: \(Self.describe(failure))")
        default:
            guard let text = FoundationErrorText.describe(error) else { return nil }
            return ErrorReport(message: text, hint: (error as? CocoaError).flatMap { Self.fileHint($0.code) })
        }
    }

    private static func fileHint(_ code: CocoaError.Code) -> String? {
        switch code {
        case .fileNoSuchFile, .fileReadNoSuchFile: return "check the path"
        case .fileReadNoPermission, .fileWriteNoPermission: return "check the file's permissions"
        case .fileWriteOutOfSpace: return "free some disk space"
        case .fileWriteFileExists: return "remove it first, or choose another destination"
        default: return nil
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "" : " at \(keys.joined(separator: "."))"
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing key '\(key.stringValue)'\(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return context.debugDescription + path(context)
        @unknown default: return "\(error)"
        }
    }
}
