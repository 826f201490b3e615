/// A graph to draw: nodes with a label, a CSS class and an optional link, and directed edges.
public struct GraphModel: Sendable, Equatable {
    public struct Node: Sendable, Equatable {
        public var id: String
        public var label: String
        /// A second, smaller line: a status, a duration, a version.
        public var detail: String
        /// CSS classes, e.g. `step status-succeeded cached`.
        public var classes: String
        public var link: String?

        public init(id: String, label: String, detail: String = "", classes: String = "", link: String? = nil) {
            self.id = id
            self.label = label
            self.detail = detail
            self.classes = classes
            self.link = link
        }
    }

    public struct Edge: Sendable, Equatable {
        public var from: String
        public var to: String
        public var label: String

        public init(from: String, to: String, label: String = "") {
            self.from = from
            self.to = to
            self.label = label
        }
    }

    public var nodes: [Node]
    public var edges: [Edge]

    public init(nodes: [Node], edges: [Edge]) {
        self.nodes = nodes
        self.edges = edges
    }
}
