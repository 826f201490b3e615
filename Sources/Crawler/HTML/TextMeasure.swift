/// Text quantities the content locator compares.
enum TextMeasure {
    /// The number of non-whitespace characters below `element`.
    static func length(of element: MarkupElement) -> Int {
        var count = 0
        visitText(element) { run in count += length(of: run) }
        return count
    }

    /// The number of non-whitespace Unicode scalars in `text` (ASCII whitespace only: this runs over every
    /// character of a page, several times).
    static func length(of text: String) -> Int {
        var count = 0
        for byte in text.utf8 where byte & 0xC0 != 0x80 {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0C, 0x0D: break
            default: count += 1
            }
        }
        return count
    }

    /// The share of the element's text that sits inside links.
    static func linkDensity(of element: MarkupElement) -> Double {
        let total = length(of: element)
        guard total > 0 else { return 0 }
        let linked = element.descendants { $0.name == "a" }.reduce(0) { $0 + length(of: $1) }
        return min(1, Double(linked) / Double(total))
    }

    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    private static func visitText(_ element: MarkupElement, _ visit: (String) -> Void) {
        for child in element.children {
            switch child {
            case .text(let run): visit(run)
            case .element(let nested): visitText(nested, visit)
            }
        }
    }
}
