import Foundation

/// The few facts read from a page's JSON-LD (`<script type="application/ld+json">`): the first author name
/// and publication date found in its objects, `@graph` included.
struct LinkedData {
    var author: String?
    var datePublished: String?

    init(document: MarkupElement) {
        let scripts = document.descendants { element in
            element.name == "script" && element.attribute("type")?.lowercased().contains("ld+json") == true
        }
        for script in scripts {
            guard let data = script.textContent.data(using: .utf8),
                let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            else { continue }
            visit(json, depth: 0)
            if author != nil && datePublished != nil { return }
        }
    }

    private mutating func visit(_ value: Any, depth: Int) {
        guard depth < 8 else { return }
        if let array = value as? [Any] {
            for element in array { visit(element, depth: depth + 1) }
        } else if let object = value as? [String: Any] {
            if author == nil, let value = object["author"] { author = Self.name(value) }
            if datePublished == nil, let date = object["datePublished"] as? String, !date.isEmpty {
                datePublished = date.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            if let graph = object["@graph"] { visit(graph, depth: depth + 1) }
        }
    }

    /// An author given as a name, a Person object, or a list of either.
    private static func name(_ value: Any) -> String? {
        if let name = value as? String { return clean(name) }
        if let object = value as? [String: Any], let name = object["name"] as? String { return clean(name) }
        if let array = value as? [Any] { return array.lazy.compactMap(name).first }
        return nil
    }

    private static func clean(_ name: String) -> String? {
        let collapsed = TextMeasure.collapse(name)
        return collapsed.isEmpty || collapsed.contains("://") ? nil : collapsed
    }
}
