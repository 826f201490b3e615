/// An element of a parsed document, held as plain values so it can outlive the parser that built it.
/// HTML element names are lower-case and have no namespace; XML elements carry their local name and
/// namespace URI.
public struct MarkupElement: Sendable, Equatable {
    public var name: String
    public var namespace: String?
    public var attributes: [MarkupAttribute]
    public var children: [MarkupNode]

    public init(
        name: String, namespace: String? = nil, attributes: [MarkupAttribute] = [],
        children: [MarkupNode] = []
    ) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.children = children
    }

    /// The value of the attribute with this name and namespace (none for HTML), or nil.
    public func attribute(_ name: String, namespace: String? = nil) -> String? {
        attributes.first { $0.name == name && $0.namespace == namespace }?.value
    }

    /// Whether this element has the name and namespace given.
    public func isNamed(_ name: String, namespace: String? = nil) -> Bool {
        self.name == name && self.namespace == namespace
    }

    public var childElements: [MarkupElement] {
        children.compactMap { node in
            if case .element(let element) = node { element } else { nil }
        }
    }

    /// The child elements with this name and namespace, in document order.
    public func childElements(named name: String, namespace: String? = nil) -> [MarkupElement] {
        childElements.filter { $0.isNamed(name, namespace: namespace) }
    }

    public func firstChild(named name: String, namespace: String? = nil) -> MarkupElement? {
        childElements.first { $0.isNamed(name, namespace: namespace) }
    }

    /// All descendant text concatenated in document order, exactly as it appears in the source.
    public var textContent: String {
        var text = ""
        appendText(to: &text)
        return text
    }

    /// The tokens of the `class` attribute, lower-cased.
    public var classNames: [String] {
        attribute("class").map { $0.lowercased().split(whereSeparator: \.isWhitespace).map(String.init) } ?? []
    }

    /// Descendants (not this element) that satisfy `predicate`, in document order.
    public func descendants(where predicate: (MarkupElement) -> Bool) -> [MarkupElement] {
        var found: [MarkupElement] = []
        collectDescendants(where: predicate, into: &found, firstOnly: false)
        return found
    }

    /// The first descendant in document order that satisfies `predicate`.
    public func firstDescendant(where predicate: (MarkupElement) -> Bool) -> MarkupElement? {
        var found: [MarkupElement] = []
        collectDescendants(where: predicate, into: &found, firstOnly: true)
        return found.first
    }

    private func appendText(to text: inout String) {
        for child in children {
            switch child {
            case .text(let run): text += run
            case .element(let element): element.appendText(to: &text)
            }
        }
    }

    private func collectDescendants(
        where predicate: (MarkupElement) -> Bool, into found: inout [MarkupElement],
        firstOnly: Bool
    ) {
        for case .element(let element) in children {
            if predicate(element) {
                found.append(element)
                if firstOnly { return }
            }
            element.collectDescendants(where: predicate, into: &found, firstOnly: firstOnly)
            if firstOnly && !found.isEmpty { return }
        }
    }
}
