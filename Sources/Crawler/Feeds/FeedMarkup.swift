import Foundation

/// Reading helpers shared by the RSS and Atom readers.
enum FeedMarkup {
    /// The text of the first child with this name, whitespace collapsed, or nil when missing or blank.
    static func text(of element: MarkupElement, child name: String, namespace: String?) -> String? {
        element.firstChild(named: name, namespace: namespace).flatMap { nonEmpty(TextMeasure.collapse($0.textContent)) }
    }

    /// An element holding HTML: escaped or CDATA text is the HTML itself; XHTML written inline as child
    /// elements (which some RSS feeds do) is serialized back.
    static func html(of element: MarkupElement?) -> String? {
        guard let element else { return nil }
        let html = element.childElements.isEmpty ? element.textContent : HTMLSerializer.innerHTML(of: element)
        return nonEmpty(html.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
