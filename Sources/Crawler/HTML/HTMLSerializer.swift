/// Writes elements back out as HTML (Atom's inline XHTML content becomes an HTML string this way).
enum HTMLSerializer {
    static func innerHTML(of element: MarkupElement) -> String {
        var html = ""
        for child in element.children { append(child, to: &html) }
        return html
    }

    private static func append(_ node: MarkupNode, to html: inout String) {
        switch node {
        case .text(let text):
            html += escape(text)
        case .element(let element):
            html += "<" + element.name
            for attribute in element.attributes where attribute.namespace == nil {
                html += " \(attribute.name)=\"\(escape(attribute.value, quotes: true))\""
            }
            html += ">"
            guard !HTMLTags.void.contains(element.name) else { return }
            for child in element.children { append(child, to: &html) }
            html += "</\(element.name)>"
        }
    }

    /// The text with `&`, `<`, `>` (and `"` when `quotes`) written as entities.
    static func escape(_ text: String, quotes: Bool = false) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"" where quotes: escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
