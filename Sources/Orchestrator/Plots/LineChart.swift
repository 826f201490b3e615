/// A line chart as an SVG document: a title, axes with nice ticks, grid lines and labels, one colored line
/// per series with a legend beside the plot. `runs plot` draws training curves with it.
public struct LineChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]

        public init(name: String, points: [(x: Double, y: Double)]) {
            self.name = name
            self.points = points
        }
    }

    public var title: String
    public var subtitle: String?
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    /// Whether x ticks fall on whole numbers only (updates, epochs).
    public var integerX: Bool
    public var width: Double = 800
    public var height: Double = 480

    /// Tableau's ten colors: distinct for most kinds of color blindness and in gray print.
    public static let palette = [
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    ]

    public init(
        title: String, subtitle: String? = nil, xLabel: String, yLabel: String, series: [Series], integerX: Bool = false
    ) {
        self.title = title
        self.subtitle = subtitle
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.integerX = integerX
    }

    /// The plot area's left, top, right and bottom edges.
    var plotArea: (left: Double, top: Double, right: Double, bottom: Double) {
        let longest = series.map(\.name.count).max() ?? 0
        let legend = series.isEmpty ? 0 : min(220, Double(longest) * 7 + 44)
        return (left: 80, top: subtitle == nil ? 52 : 68, right: width - 24 - legend, bottom: height - 64)
    }

    public var xTicks: AxisTicks {
        let xs = series.flatMap { $0.points.map(\.x) }
        return AxisTicks(covering: xs.min() ?? 0, xs.max() ?? 1, target: 8, integers: integerX)
    }

    public var yTicks: AxisTicks {
        let ys = series.flatMap { $0.points.map(\.y) }
        return AxisTicks(covering: ys.min() ?? 0, ys.max() ?? 1, target: 6)
    }

    public func svg() -> String {
        var svg = SVGWriter(width: width, height: height)
        let area = plotArea
        let (xs, ys) = (xTicks, yTicks)
        func px(_ x: Double) -> Double { area.left + (x - xs.lower) / (xs.upper - xs.lower) * (area.right - area.left) }
        func py(_ y: Double) -> Double { area.bottom - (y - ys.lower) / (ys.upper - ys.lower) * (area.bottom - area.top) }

        svg.rect(x: 0, y: 0, width: width, height: height, fill: "#ffffff")
        svg.text(title, x: width / 2, y: 28, size: 17, anchor: .middle, bold: true, fill: "#222222")
        if let subtitle { svg.text(subtitle, x: width / 2, y: 48, size: 12, anchor: .middle, fill: "#666666") }

        for value in ys.values {
            svg.line(x1: area.left, y1: py(value), x2: area.right, y2: py(value), stroke: "#e6e6e6")
            svg.line(x1: area.left - 5, y1: py(value), x2: area.left, y2: py(value), stroke: "#333333")
            svg.text(ys.label(value), x: area.left - 9, y: py(value) + 4, size: 12, anchor: .end)
        }
        for value in xs.values {
            svg.line(x1: px(value), y1: area.top, x2: px(value), y2: area.bottom, stroke: "#f0f0f0")
            svg.line(x1: px(value), y1: area.bottom, x2: px(value), y2: area.bottom + 5, stroke: "#333333")
            svg.text(xs.label(value), x: px(value), y: area.bottom + 20, size: 12, anchor: .middle)
        }
        svg.line(x1: area.left, y1: area.top, x2: area.left, y2: area.bottom, stroke: "#333333")
        svg.line(x1: area.left, y1: area.bottom, x2: area.right, y2: area.bottom, stroke: "#333333")
        svg.text(xLabel, x: (area.left + area.right) / 2, y: height - 20, size: 13, anchor: .middle)
        svg.text(yLabel, x: 22, y: (area.top + area.bottom) / 2, size: 13, anchor: .middle, rotation: -90)

        if series.allSatisfy(\.points.isEmpty) {
            svg.text(
                "no data", x: (area.left + area.right) / 2, y: (area.top + area.bottom) / 2, size: 14, anchor: .middle,
                fill: "#999999")
        }
        for (index, line) in series.enumerated() {
            let color = Self.palette[index % Self.palette.count]
            let points = line.points.map { (x: px($0.x), y: py($0.y)) }
            if points.count > 1 { svg.polyline(points, stroke: color) }
            // Dots show where the logged values are, when there are few enough to tell apart.
            if points.count <= 60 { for point in points { svg.circle(cx: point.x, cy: point.y, r: 2.5, fill: color) } }
            let y = area.top + 10 + Double(index) * 20
            svg.line(x1: area.right + 16, y1: y, x2: area.right + 34, y2: y, stroke: color, width: 3)
            svg.text(line.name, x: area.right + 40, y: y + 4, size: 12)
        }
        return svg.document(title: subtitle.map { "\(title) — \($0)" } ?? title)
    }
}
