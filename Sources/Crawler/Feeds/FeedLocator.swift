import Foundation

/// Maps an author's profile or blog URL to the feed that lists their posts, for the hosts whose feed
/// address follows from the profile address, or to itself when it already is a feed address.
public enum FeedLocator {
    /// `medium.com/@user…` → `https://medium.com/feed/@user`; `user.medium.com…` → `https://user.medium.com/feed`;
    /// `name.substack.com…` → `https://name.substack.com/feed`; a URL whose path ends in `/feed`, `/rss`,
    /// `/atom`, `.rss`, `.atom` or `.xml` (or a `medium.com/feed/…` URL) → itself; nil for anything else.
    public static func feedURL(forProfile url: URL) -> URL? {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host?.lowercased(), !host.isEmpty
        else { return nil }
        let path = url.path
        if isFeedPath(path) { return url }
        let hostName = host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
        if hostName == "medium.com" {
            let components = path.split(separator: "/")
            if components.first == "feed" && components.count > 1 { return url }
            guard let user = components.first, user.hasPrefix("@"), user.count > 1 else { return nil }
            return URL(string: "https://medium.com/feed/\(user)")
        }
        for platform in ["medium.com", "substack.com"] where hostName.hasSuffix("." + platform) {
            let name = hostName.dropLast(platform.count + 1)
            guard !name.isEmpty, !name.contains(".") else { return nil }
            return URL(string: "https://\(name).\(platform)/feed")
        }
        return nil
    }

    private static func isFeedPath(_ path: String) -> Bool {
        let lowered = path.lowercased()
        let trimmed = lowered.hasSuffix("/") ? String(lowered.dropLast()) : lowered
        return ["/feed", "/rss", "/atom"].contains { trimmed.hasSuffix($0) }
            || [".rss", ".atom", ".xml"].contains { lowered.hasSuffix($0) }
    }
}
