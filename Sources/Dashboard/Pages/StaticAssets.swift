/// The stylesheet and script, built into the binary so the dashboard needs no files beside it.
enum StaticAssets {
    struct Asset {
        var bytes: [UInt8]
        var contentType: String
    }

    /// Only these names are served: a URL never reaches the file system.
    static func asset(named name: String) -> Asset? {
        switch name {
        case "dashboard.css": Asset(bytes: PackageResources.dashboard_css, contentType: "text/css; charset=utf-8")
        case "dashboard.js": Asset(bytes: PackageResources.dashboard_js, contentType: "text/javascript; charset=utf-8")
        default: nil
        }
    }
}
