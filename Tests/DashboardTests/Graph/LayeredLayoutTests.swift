import Testing

@testable import Dashboard

@Suite("Layered layout")
struct LayeredLayoutTests {
    let layout = LayeredLayout()

    func graph(_ nodes: [String], _ edges: [(String, String)]) -> GraphModel {
        GraphModel(nodes: nodes.map { .init(id: $0, label: $0) }, edges: edges.map { .init(from: $0.0, to: $0.1) })
    }

    @Test("a chain is laid out left to right, one layer per step")
    func chain() {
        let placed = layout.place(graph(["c", "a", "b"], [("a", "b"), ("b", "c")])).positions
        #expect(placed["a"]!.x < placed["b"]!.x)
        #expect(placed["b"]!.x < placed["c"]!.x)
        #expect(placed["a"]!.y == placed["c"]!.y)
    }

    @Test("a diamond puts its two branches in one layer, one above the other, and the join after both")
    func diamond() {
        let placed = layout.place(graph(["a", "b", "c", "d"], [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")])).positions
        #expect(placed["b"]!.x == placed["c"]!.x)
        #expect(placed["b"]!.y != placed["c"]!.y)
        #expect(placed["d"]!.x > placed["b"]!.x)
    }

    @Test("a node's layer is its longest path from a source, so a shortcut edge does not pull it left")
    func longestPath() {
        let placed = layout.place(graph(["a", "b", "c"], [("a", "b"), ("b", "c"), ("a", "c")])).positions
        #expect(placed["c"]!.x > placed["b"]!.x)
    }

    @Test("a cycle and edges to unknown nodes are drawn without hanging")
    func cycle() {
        let placed = layout.place(graph(["a", "b"], [("a", "b"), ("b", "a"), ("a", "ghost")])).positions
        #expect(placed.count == 2)
    }

    @Test("ordering within layers follows the neighbours, so parallel chains do not cross")
    func ordering() {
        let placed = layout.place(graph(["a1", "b1", "b2", "a2"], [("a1", "a2"), ("b1", "b2")])).positions
        #expect((placed["a1"]!.y < placed["b1"]!.y) == (placed["a2"]!.y < placed["b2"]!.y))
    }

    @Test("labels and links are escaped in the SVG")
    func escaping() {
        let svg = GraphSVG.render(
            GraphModel(nodes: [.init(id: "x\"", label: "<script>", detail: "a&b", link: "/runs/\"x")], edges: []), title: "t<")
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("&lt;script&gt;"))
        #expect(svg.contains("a&amp;b"))
        #expect(svg.contains("href=\"/runs/&quot;x\""))
    }
}
