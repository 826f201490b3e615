import Foundation

/// A run's timeline: one bar per step from its start to its end (or to now while it runs), on a shared
/// time axis, coloured like the DAG.
public enum GanttChart {
    public struct Bar: Sendable {
        public var label: String
        public var start: Double?
        public var end: Double?
        public var status: String

        public init(label: String, start: Double?, end: Double?, status: String) {
            self.label = label
            self.start = start
            self.end = end
            self.status = status
        }
    }

    public static func render(_ bars: [Bar], now: Double) -> String {
        let labelWidth = 150.0
        let chartWidth = 560.0
        let rowHeight = 24.0
        let starts = bars.compactMap(\.start)
        let origin = starts.min() ?? now
        let finish = max(bars.compactMap { $0.end ?? ($0.start == nil ? nil : now) }.max() ?? origin, origin + 0.001)
        let span = finish - origin
        let height = Double(bars.count) * rowHeight + 24
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"gantt\" viewBox=\"0 0 \(Int(labelWidth + chartWidth + 70)) "
        svg +=
            "\(Int(height))\" width=\"\(Int(labelWidth + chartWidth + 70))\" height=\"\(Int(height))\"><title>Timeline</title>\n"
        for (index, bar) in bars.enumerated() {
            let y = Double(index) * rowHeight
            svg += "<text x=\"0\" y=\"\(GraphSVG.number(y + 16))\" class=\"label\">\(HTML.escape(bar.label))</text>"
            guard let start = bar.start else { continue }
            let end = bar.end ?? now
            let x = labelWidth + (start - origin) / span * chartWidth
            let width = max(2, (end - start) / span * chartWidth)
            svg +=
                "<rect class=\"bar status-\(HTML.escape(bar.status))\" x=\"\(GraphSVG.number(x))\" y=\"\(GraphSVG.number(y + 4))\" "
            svg += "width=\"\(GraphSVG.number(width))\" height=\"16\" rx=\"3\"><title>\(HTML.escape(bar.label)): "
            svg += "\(Durations.text(end - start))</title></rect>"
            svg += "<text x=\"\(GraphSVG.number(x + width + 4))\" y=\"\(GraphSVG.number(y + 16))\" class=\"detail\">"
            svg += "\(Durations.text(end - start))</text>\n"
        }
        let axisY = Double(bars.count) * rowHeight + 16
        svg += "<text x=\"\(Int(labelWidth))\" y=\"\(GraphSVG.number(axisY))\" class=\"detail\">0 s</text>"
        svg += "<text x=\"\(Int(labelWidth + chartWidth))\" y=\"\(GraphSVG.number(axisY))\" class=\"detail\" text-anchor=\"end\">"
        svg += "\(Durations.text(span))</text></svg>"
        return svg
    }
}
