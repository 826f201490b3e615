import Foundation

/// A completed HTTP exchange: the final URL after redirects, status, headers (names lower-cased,
/// the last value of a repeated header wins) and the body.
public struct HTTPResponse: Sendable {
    public var url: URL
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(url: URL, status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.url = url
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The media type of `Content-Type`, lower-cased and without parameters (`text/html`), or nil.
    public var mediaType: String? {
        guard let value = headers["content-type"] else { return nil }
        let type = value.split(separator: ";", maxSplits: 1).first.map(String.init) ?? value
        let trimmed = type.trimmingCharacters(in: .whitespaces).lowercased()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The `charset` parameter of `Content-Type`, lower-cased and unquoted, or nil.
    public var charset: String? {
        guard let value = headers["content-type"] else { return nil }
        for parameter in value.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, parts[0].lowercased() == "charset" else { continue }
            let name = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'")).lowercased()
            return name.isEmpty ? nil : name
        }
        return nil
    }
}
