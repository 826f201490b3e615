import Foundation

/// Which crawler a link goes to, decided from the link alone (a web page may still turn out to be
/// a feed once its content type is known).
public enum LinkSource: Sendable, Equatable {
    case webPage(URL)
    case feed(URL)
    /// A clone URL: a forge repository page, any `.git` URL, or a local repository folder.
    case gitRepository(URL)
    case localFiles(URL)
    case linkedInExport(URL)

    static let forges: Set<String> = ["github.com", "gitlab.com", "bitbucket.org", "codeberg.org"]

    /// Classifies `link`; relative paths are read from `base` (the project folder).
    public static func classify(_ link: String, base: URL) throws(CrawlFailure) -> LinkSource {
        if let url = URL(string: link), let scheme = url.scheme?.lowercased(), scheme.count > 1 {
            switch scheme {
            case "http", "https": return web(url)
            case "file": return try local(URL(fileURLWithPath: url.path))
            default: throw CrawlFailure("unsupported link scheme '\(scheme)' (use http, https, file or a path)")
            }
        }
        let path = (link as NSString).expandingTildeInPath
        return try local(path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path))
    }

    private static func web(_ url: URL) -> LinkSource {
        let host = url.host?.lowercased() ?? ""
        let parts = url.path.split(separator: "/")
        if url.path.hasSuffix(".git") || (forges.contains(host) && parts.count == 2) {
            return .gitRepository(url)
        }
        if let feed = FeedLocator.feedURL(forProfile: url) { return .feed(feed) }
        return .webPage(url)
    }

    private static func local(_ url: URL) throws(CrawlFailure) -> LinkSource {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw CrawlFailure("no such file or folder: \(url.path)")
        }
        if isFolder.boolValue {
            return GitRepositoryCrawler.isRepository(url) ? .gitRepository(url) : .localFiles(url)
        }
        return url.pathExtension.lowercased() == "csv" ? .linkedInExport(url) : .localFiles(url)
    }
}
