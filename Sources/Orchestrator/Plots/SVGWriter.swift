import Foundation

/// A small SVG 1.1 writer: shapes and text with their attributes, escaped, coordinates with at most two
/// decimals. Enough for charts; no layout of its own.
public struct SVGWriter: Sendable {
    public let width: Double
    public let height: Double
    private var elements: [String] = []

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil) {
        add("rect", ["x": n(x), "y": n(y), "width": n(width), "height": n(height), "fill": fill, "stroke": stroke])
    }

    public mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dash: String? = nil
    ) {
        add(
            "line",
            [
                "x1": n(x1), "y1": n(y1), "x2": n(x2), "y2": n(y2), "stroke": stroke, "stroke-width": n(width),
                "stroke-dasharray": dash,
            ])
    }

    public mutating func polyline(_ points: [(x: Double, y: Double)], stroke: String, width: Double = 2) {
        add(
            "polyline",
            [
                "points": points.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " "), "fill": "none", "stroke": stroke,
                "stroke-width": n(width), "stroke-linejoin": "round", "stroke-linecap": "round",
            ])
    }

    public mutating func circle(cx: Double, cy: Double, r: Double, fill: String) {
        add("circle", ["cx": n(cx), "cy": n(cy), "r": n(r), "fill": fill])
    }

    public enum Anchor: String, Sendable {
        case start, middle, end
    }

    public mutating func text(
        _ content: String, x: Double, y: Double, size: Double = 12, anchor: Anchor = .start, bold: Bool = false,
        rotation: Double? = nil, fill: String = "#333333"
    ) {
        let attributes: [String: String?] = [
            "x": n(x), "y": n(y), "font-size": n(size), "text-anchor": anchor.rawValue, "fill": fill,
            "font-weight": bold ? "bold" : nil, "transform": rotation.map { "rotate(\(n($0)) \(n(x)) \(n(y)))" },
        ]
        elements.append("<text\(render(attributes))>\(Self.escape(content))</text>")
    }

    /// The whole document.
    public func document(title: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" viewBox="0 0 \(n(width)) \(n(height))" font-family="Helvetica, Arial, sans-serif">
        <title>\(Self.escape(title))</title>

        """ + elements.joined(separator: "\n") + "\n</svg>\n"
    }

    /// Text and attribute values with `&`, `<`, `>` and quotes escaped.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    private mutating func add(_ name: String, _ attributes: [String: String?]) {
        elements.append("<\(name)\(render(attributes))/>")
    }

    /// Attributes sorted by name, so the same chart is the same bytes.
    private func render(_ attributes: [String: String?]) -> String {
        attributes.keys.sorted().compactMap { key in
            attributes[key]!.map { " \(key)=\"\(Self.escape($0))\"" }
        }.joined()
    }

    /// A coordinate: at most two decimals, no trailing zeros.
    private func n(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
