/// Renders an element tree as readable plain text with light Markdown: `#` headings, blank lines between
/// paragraphs, `- ` and `1. ` list items with nested lists indented, fenced code blocks that keep their
/// whitespace, `backticks` for inline code, `> ` quotes, and table rows as cells joined by ` | `. Links
/// become their text; images disappear.
enum TextRenderer {
    static func render(_ element: MarkupElement) -> String {
        let text = blocks(of: element.children).joined(separator: "\n\n")
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.droppingTrailingWhitespace() }.joined(separator: "\n")
    }

    /// The blocks of a sequence of nodes; inline runs between block elements become paragraphs.
    private static func blocks(of nodes: [MarkupNode]) -> [String] {
        var blocks: [String] = []
        var inline = InlineText()
        func flush() {
            if let lines = inline.lines() { blocks.append(lines.joined(separator: "\n")) }
            inline = InlineText()
        }
        for node in nodes {
            switch node {
            case .text(let run):
                inline.append(run)
            case .element(let element):
                if isBlock(element) {
                    flush()
                    blocks += self.blocks(of: element)
                } else {
                    appendInline(element, to: &inline)
                }
            }
        }
        flush()
        return blocks
    }

    private static func blocks(of element: MarkupElement) -> [String] {
        if let level = HTMLTags.headings[element.name] {
            let title = singleLine(element)
            return title.isEmpty ? [] : [String(repeating: "#", count: level) + " " + title]
        }
        if HTMLTags.preformatted.contains(element.name) { return codeBlock(element).map { [$0] } ?? [] }
        if HTMLTags.lists.contains(element.name) || element.name == "li" { return list(element) }
        switch element.name {
        case "blockquote":
            let inner = blocks(of: element.children).joined(separator: "\n\n")
            guard !inner.isEmpty else { return [] }
            return [
                inner.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { $0.isEmpty ? ">" : "> " + $0 }.joined(separator: "\n")
            ]
        case "table":
            return table(element)
        case "hr":
            return []
        default:
            return blocks(of: element.children)
        }
    }

    /// An element is laid out as a block when HTML says so, or when it wraps blocks (a link around a card).
    private static func isBlock(_ element: MarkupElement) -> Bool {
        HTMLTags.block.contains(element.name) || element.firstDescendant { HTMLTags.block.contains($0.name) } != nil
    }

    private static func appendInline(_ element: MarkupElement, to inline: inout InlineText) {
        if element.name == "br" {
            inline.lineBreak()
        } else if HTMLTags.inlineCode.contains(element.name) {
            let raw = element.textContent
            let code = TextMeasure.collapse(raw)
            guard !code.isEmpty else { return }
            let fence = code.contains("`") ? "``" : "`"
            let padded = code.contains("`") ? " \(code) " : code
            inline.appendAtom(
                fence + padded + fence, spaceBefore: raw.first?.isWhitespace == true,
                spaceAfter: raw.last?.isWhitespace == true)
        } else {
            for child in element.children {
                switch child {
                case .text(let run): inline.append(run)
                case .element(let nested): appendInline(nested, to: &inline)
                }
            }
        }
    }

    /// All of an element's text on one line, whatever blocks or breaks it contains (headings, table cells).
    private static func singleLine(_ element: MarkupElement) -> String {
        var inline = InlineText()
        appendFlattened(element, to: &inline)
        return inline.lines()?.filter { !$0.isEmpty }.joined(separator: " ") ?? ""
    }

    private static func appendFlattened(_ element: MarkupElement, to inline: inout InlineText) {
        for child in element.children {
            switch child {
            case .text(let run):
                inline.append(run)
            case .element(let nested) where HTMLTags.block.contains(nested.name):
                inline.space()
                appendFlattened(nested, to: &inline)
                inline.space()
            case .element(let nested) where nested.name == "br":
                inline.space()
            case .element(let nested) where HTMLTags.inlineCode.contains(nested.name):
                appendInline(nested, to: &inline)
            case .element(let nested):
                appendFlattened(nested, to: &inline)
            }
        }
    }

    // MARK: Code

    private static func codeBlock(_ element: MarkupElement) -> String? {
        var code = ""
        appendPreformatted(element, to: &code)
        code = code.replacingCRLF()
        // HTML ignores a newline right after `<pre>`; trailing newlines are layout, not code.
        if code.hasPrefix("\n") { code.removeFirst() }
        while let last = code.last, last.isWhitespace { code.removeLast() }
        guard !code.isEmpty else { return nil }
        var fence = "```"
        while code.contains(fence) { fence += "`" }
        return fence + (language(of: element) ?? "") + "\n" + code + "\n" + fence
    }

    private static func appendPreformatted(_ element: MarkupElement, to code: inout String) {
        for child in element.children {
            switch child {
            case .text(let run): code += run
            case .element(let nested) where nested.name == "br": code += "\n"
            case .element(let nested): appendPreformatted(nested, to: &code)
            }
        }
    }

    /// The language named by a `language-x`/`lang-x` class (or `data-lang`) on the `<pre>` or its `<code>`.
    private static func language(of pre: MarkupElement) -> String? {
        for element in [pre] + pre.childElements(named: "code") {
            for name in element.classNames {
                for prefix in ["language-", "lang-"] where name.hasPrefix(prefix) && name.count > prefix.count {
                    return String(name.dropFirst(prefix.count))
                }
            }
            if let language = element.attribute("data-lang") ?? element.attribute("data-language"),
                !language.isEmpty, !language.contains(where: \.isWhitespace)
            {
                return language.lowercased()
            }
        }
        return nil
    }

    // MARK: Lists

    /// A list as one block of items. A lone `<li>` outside any list renders as a one-item list.
    private static func list(_ element: MarkupElement) -> [String] {
        if element.name == "li" { return item(blocks(of: element.children), marker: "- ").map { [$0] } ?? [] }
        let ordered = element.name == "ol"
        var number = element.attribute("start").flatMap { Int($0[...].trimmingEdges()) } ?? 1
        var items: [String] = []
        for node in element.children {
            switch node {
            case .element(let child) where child.name == "li":
                if let value = child.attribute("value").flatMap({ Int($0[...].trimmingEdges()) }) {
                    number = value
                }
                let marker = ordered ? "\(number). " : "- "
                number += 1
                if let rendered = item(blocks(of: child.children), marker: marker) { items.append(rendered) }
            default:
                // A list nested directly in a list, or stray content: continues the previous item.
                let rendered = blocks(of: [node]).joined(separator: "\n")
                guard !rendered.isEmpty else { continue }
                if let previous = items.popLast() {
                    items.append(previous + "\n" + indent(rendered, by: 2))
                } else {
                    items.append(rendered)
                }
            }
        }
        return items.isEmpty ? [] : [items.joined(separator: "\n")]
    }

    private static func item(_ blocks: [String], marker: String) -> String? {
        let body = blocks.joined(separator: "\n")
        guard !body.isEmpty else { return nil }
        return marker + indent(body, by: marker.count).dropFirst(marker.count)
    }

    private static func indent(_ text: String, by width: Int) -> String {
        let padding = String(repeating: " ", count: width)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : padding + $0 }.joined(separator: "\n")
    }

    // MARK: Tables

    /// A data table as rows of ` | `-separated cells; a layout table (cells holding paragraphs, lists or
    /// other tables) as the blocks of its cells in order.
    private static func table(_ table: MarkupElement) -> [String] {
        let rows = self.rows(of: table)
        let cells = rows.flatMap { $0.childElements.filter { $0.name == "td" || $0.name == "th" } }
        let isLayout = cells.contains { cell in
            cell.firstDescendant { layoutMarkers.contains($0.name) || HTMLTags.preformatted.contains($0.name) } != nil
        }
        var blocks = table.childElements(named: "caption").map(singleLine).filter { !$0.isEmpty }
        if isLayout {
            for cell in cells { blocks += self.blocks(of: cell.children) }
            return blocks
        }
        let lines = rows.compactMap { row -> String? in
            let texts = row.childElements.filter { $0.name == "td" || $0.name == "th" }.map(singleLine)
            return texts.allSatisfy(\.isEmpty) ? nil : texts.joined(separator: " | ")
        }
        if !lines.isEmpty { blocks.append(lines.joined(separator: "\n")) }
        return blocks
    }

    /// The table's rows in order, through `thead`/`tbody`/`tfoot` but not into nested tables.
    private static func rows(of table: MarkupElement) -> [MarkupElement] {
        table.childElements.flatMap { child -> [MarkupElement] in
            switch child.name {
            case "tr": [child]
            case "thead", "tbody", "tfoot": child.childElements(named: "tr")
            default: []
            }
        }
    }

    private static let layoutMarkers: Set<String> = [
        "p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section", "article",
    ]
}

private extension String {
    /// The text with CR LF and lone CR line ends turned into LF.
    func replacingCRLF() -> String {
        var scalars = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in unicodeScalars {
            if scalar == "\n" && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = scalar == "\r"
            scalars.append(previousWasCR ? "\n" : scalar)
        }
        return String(scalars)
    }
}

private extension Substring {
    func droppingTrailingWhitespace() -> String {
        guard let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[...last])
    }
}
