import Foundation
import Mustache

/// Renders the pages from the templates built into the binary: a page's own template, then the layout
/// around it (navigation, styles, script). Every `{{value}}` is HTML-escaped by the template engine; the
/// only unescaped values are SVG and HTML the dashboard drew itself, with its texts escaped.
struct PageRenderer: Sendable {
    enum Section: String, Sendable {
        case pipelines, runs, artifacts, models, authors
    }

    private let library: MustacheLibrary

    init() throws {
        var library = MustacheLibrary()
        for (name, bytes) in Self.templates {
            try library.register(String(decoding: bytes, as: UTF8.self), named: name)
        }
        self.library = library
    }

    private static let templates: [(String, [UInt8])] = [
        ("layout", PackageResources.layout_mustache), ("runs", PackageResources.runs_mustache),
        ("run", PackageResources.run_mustache), ("pipelines", PackageResources.pipelines_mustache),
        ("artifacts", PackageResources.artifacts_mustache), ("artifact", PackageResources.artifact_mustache),
        ("models", PackageResources.models_mustache), ("authors", PackageResources.authors_mustache),
        ("error", PackageResources.error_mustache),
    ]

    func page(_ template: String, title: String, section: Section?, context: [String: Any]) -> String {
        let body = library.render(context, withTemplate: template) ?? ""
        var layout: [String: Any] = ["title": title, "body": body]
        if let section { layout["nav_" + section.rawValue] = true }
        return library.render(layout, withTemplate: "layout") ?? body
    }

    func error(_ failure: DashboardError) -> String {
        page(
            "error", title: "Error", section: nil,
            context: ["status": Int(failure.status.code), "reason": failure.status.reasonPhrase, "message": failure.message])
    }
}
