/// How the text extractor treats HTML element names.
enum HTMLTags {
    /// Elements whose content is never article text: code, styling, embedded media, interactive controls,
    /// and the page-level landmarks (navigation, side content, page footer).
    static let dropped: Set<String> = [
        "script", "style", "noscript", "template", "svg", "math", "iframe", "frame", "frameset", "object", "embed",
        "applet", "canvas", "form", "button", "input", "select", "option", "optgroup", "textarea", "datalist",
        "nav", "aside", "footer", "dialog", "menu", "img", "picture", "video", "audio", "source", "track", "map",
        "area", "head", "title", "meta", "link", "base", "param", "portal",
    ]

    /// Elements that start a new block of text.
    static let block: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "dir",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hgroup", "hr", "html", "legend", "li", "listing", "main", "menu", "nav", "ol", "p", "plaintext",
        "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "xmp",
    ]

    /// Elements rendered as preformatted code.
    static let preformatted: Set<String> = ["pre", "listing", "xmp", "plaintext"]

    /// Inline elements rendered as `code`.
    static let inlineCode: Set<String> = ["code", "kbd", "samp", "tt"]

    static let headings: [String: Int] = ["h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6]

    static let lists: Set<String> = ["ul", "ol", "dir"]

    /// Elements defined by HTML to have no content, which a serializer must not close.
    static let void: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    ]
}
