import Foundation

/// Why a request produced no response. Each reads as the reason recorded for a failed link.
public enum HTTPFetchError: Error, Equatable, CustomStringConvertible, Sendable {
    case unsupportedURL(String)
    case timedOut(seconds: Double)
    case tooLarge(limit: Int)
    case tooManyRedirects(limit: Int)
    case connectionFailed(String)
    case cancelled
    case transport(String)

    public var description: String {
        switch self {
        case .unsupportedURL(let url): "not an http or https URL: \(url)"
        case .timedOut(let seconds): "timed out after \(Self.seconds(seconds))"
        case .tooLarge(let limit): "response larger than the \(Self.bytes(limit)) limit (raise max_bytes to accept it)"
        case .tooManyRedirects(let limit): "more than \(limit) redirects (a redirect loop?)"
        case .connectionFailed(let message): "could not connect: \(message)"
        case .cancelled: "cancelled"
        case .transport(let message): message
        }
    }

    /// Worth another attempt: the next one may succeed where this one failed.
    public var isTransient: Bool {
        switch self {
        case .timedOut, .transport: true
        default: false
        }
    }

    public static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }

    static func bytes(_ count: Int) -> String {
        count >= 1_000_000 ? "\(count / 1_000_000) MB" : count >= 1_000 ? "\(count / 1_000) KB" : "\(count) B"
    }
}
