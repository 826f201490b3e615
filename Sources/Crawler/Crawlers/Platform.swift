import Foundation

/// The platform a document is filed under: the well-known names for the big sites, the host otherwise.
enum Platform {
    static func of(_ url: URL) -> String {
        guard url.isFileURL == false, let host = url.host?.lowercased() else { return "local" }
        let bare = host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
        for known in ["medium.com", "github.com", "gitlab.com", "linkedin.com"] where bare == known || bare.hasSuffix("." + known)
        {
            return String(known.split(separator: ".")[0])
        }
        return bare
    }
}
