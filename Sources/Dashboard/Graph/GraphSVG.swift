import Foundation

/// Draws a laid-out graph as SVG: a rounded box per node (a link when the node has one) and a curve
/// per edge, with every text escaped.
public enum GraphSVG {
    public static func render(_ graph: GraphModel, layout: LayeredLayout = LayeredLayout(), title: String) -> String {
        let (positions, width, height) = layout.place(graph)
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" class="graph" role="img" viewBox="0 0 \(number(width)) \(number(height))" \
            width="\(number(width))" height="\(number(height))"><title>\(HTML.escape(title))</title>
            <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">\
            <path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead"/></marker></defs>

            """
        for edge in graph.edges {
            guard let from = positions[edge.from], let to = positions[edge.to] else { continue }
            let x1 = from.x + layout.nodeWidth
            let y1 = from.y + layout.nodeHeight / 2
            let x2 = to.x
            let y2 = to.y + layout.nodeHeight / 2
            let bend = max(24, (x2 - x1) / 2)
            svg += "<path class=\"edge\" data-from=\"\(HTML.escape(edge.from))\" data-to=\"\(HTML.escape(edge.to))\" "
            svg += "d=\"M \(number(x1)) \(number(y1)) C \(number(x1 + bend)) \(number(y1)), "
            svg += "\(number(x2 - bend)) \(number(y2)), \(number(x2)) \(number(y2))\" marker-end=\"url(#arrow)\">"
            if !edge.label.isEmpty { svg += "<title>\(HTML.escape(edge.label))</title>" }
            svg += "</path>\n"
        }
        for node in graph.nodes {
            guard let at = positions[node.id] else { continue }
            var group = "<g class=\"node \(HTML.escape(node.classes))\" data-node=\"\(HTML.escape(node.id))\" "
            group += "transform=\"translate(\(number(at.x)) \(number(at.y)))\">"
            group += "<title>\(HTML.escape(node.label + (node.detail.isEmpty ? "" : " — " + node.detail)))</title>"
            group += "<rect width=\"\(number(layout.nodeWidth))\" height=\"\(number(layout.nodeHeight))\" rx=\"8\"/>"
            group += "<text x=\"10\" y=\"18\" class=\"label\">\(HTML.escape(clip(node.label, 22)))</text>"
            group += "<text x=\"10\" y=\"34\" class=\"detail\">\(HTML.escape(clip(node.detail, 28)))</text></g>"
            if let link = node.link {
                svg += "<a href=\"\(HTML.escape(link))\">\(group)</a>\n"
            } else {
                svg += group + "\n"
            }
        }
        return svg + "</svg>"
    }

    static func number(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(format: "%.1f", value)
    }

    private static func clip(_ text: String, _ length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }
}
