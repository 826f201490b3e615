import Foundation
import Orchestrator
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The SVG writer escapes text, sorts attributes and trims coordinates; the line chart draws what it says.
@Suite("SVG")
struct SVGWriterTests {
    @Test("text and attributes are escaped, attributes sorted, coordinates short")
    func writer() {
        var svg = SVGWriter(width: 100, height: 50)
        svg.text("loss < 1 & \"gate\"", x: 10.5, y: 20, anchor: .middle)
        svg.line(x1: 0, y1: 0.126, x2: 10, y2: -0.001, stroke: "#333")
        let text = svg.document(title: "a & b")
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(text.contains("<title>a &amp; b</title>"))
        #expect(
            text.contains(
                ##"<text fill="#333333" font-size="12" text-anchor="middle" x="10.5" y="20">loss &lt; 1 &amp; &quot;gate&quot;</text>"##
            ))
        #expect(text.contains(##"<line stroke="#333" stroke-width="1" x1="0" x2="10" y1="0.13" y2="0"/>"##))
        #expect(text.hasSuffix("</svg>\n"))
    }

    @Test("a chart has its title, axis labels, tick labels, one line and legend entry per series")
    func chart() throws {
        let chart = LineChart(
            title: "loss by update", subtitle: "run 3k2j", xLabel: "update", yLabel: "loss",
            series: [
                .init(name: "sft", points: (1...20).map { (x: Double($0), y: 8 - Double($0) * 0.1) }),
                .init(name: "dpo", points: [(x: 1, y: 0.7), (x: 2, y: 0.5), (x: 3, y: 0.2)]),
            ], integerX: true)
        let svg = chart.svg()
        #expect(svg.contains(">loss by update</text>"))
        #expect(svg.contains(">run 3k2j</text>"))
        #expect(svg.contains(">update</text>") && svg.contains("rotate(-90"))
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(svg.components(separatedBy: "<circle").count - 1 == 23)
        for label in ["0", "5", "10", "15", "20", ">sft<", ">dpo<"] { #expect(svg.contains(label)) }
        #expect(chart.yTicks.values.map(chart.yTicks.label) == ["0", "2", "4", "6", "8"])
        // Every point lies inside the plot area.
        let numbers = try #require(svg.firstMatch(of: /points="([^"]+)"/)).1.split(separator: " ").flatMap {
            $0.split(separator: ",").map { Double($0)! }
        }
        #expect(numbers.allSatisfy { $0 >= 0 && $0 <= 800 })
        let data = Data(svg.utf8)
        #expect(try XMLDocument(data: data).rootElement()?.name == "svg")
    }

    @Test("a chart without points says so")
    func empty() {
        let svg = LineChart(title: "t", xLabel: "x", yLabel: "y", series: [.init(name: "sft", points: [])]).svg()
        #expect(svg.contains(">no data</text>"))
    }

    @Test("CSV fields with commas, quotes or line breaks are quoted, quotes doubled")
    func csv() {
        let text = CSVWriter.text(
            header: ["step", "update", "rewards/margins"], rows: [["a,b", "1", "say \"hi\""], ["x", "2", "3"]])
        #expect(text == "step,update,rewards/margins\n\"a,b\",1,\"say \"\"hi\"\"\"\nx,2,3\n")
    }
}
