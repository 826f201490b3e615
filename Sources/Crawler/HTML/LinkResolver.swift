import Foundation

/// Resolves `href`-style references against a base URL, keeping only web (http/https) results.
enum LinkResolver {
    static func resolve(_ reference: String?, against base: URL?) -> URL? {
        guard let reference = reference?.trimmingCharacters(in: .whitespacesAndNewlines), !reference.isEmpty,
            let url = URL(string: reference, relativeTo: base)?.absoluteURL,
            let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil
        else { return nil }
        return url
    }
}
