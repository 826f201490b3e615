import CLibXML2

/// Copies a libxml2 tree into `MarkupElement` values so that no libxml2 pointer outlives the document that
/// owns it. Nesting deeper than `maximumDepth` is flattened into text, which keeps every later recursive
/// walk (rendering, scoring, equality) safe from stack exhaustion on hostile or broken markup.
enum LibXMLTree {
    static let maximumDepth = 160

    static func element(from node: xmlNodePtr) -> MarkupElement {
        element(from: node, depth: 0)
    }

    private static func element(from node: xmlNodePtr, depth: Int) -> MarkupElement {
        var element = MarkupElement(
            name: string(node.pointee.name) ?? "", namespace: namespace(node.pointee.ns),
            attributes: attributes(of: node))
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                if depth < maximumDepth {
                    element.children.append(.element(self.element(from: current, depth: depth + 1)))
                } else {
                    appendText(flattening: current, to: &element.children)
                }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                append(string(current.pointee.content) ?? "", to: &element.children)
            default:
                // Comments, processing instructions and entity references. An entity reference's children
                // are the entity's replacement text; not reading them is what keeps nested-entity
                // ("billion laughs") documents from expanding here.
                break
            }
            child = current.pointee.next
        }
        return element
    }

    /// Appends the text below `root` in document order without recursion.
    private static func appendText(flattening root: xmlNodePtr, to children: inout [MarkupNode]) {
        var node: xmlNodePtr? = root
        while let current = node {
            let type = current.pointee.type
            if type == XML_TEXT_NODE || type == XML_CDATA_SECTION_NODE {
                append(string(current.pointee.content) ?? "", to: &children)
            }
            if type == XML_ELEMENT_NODE, let first = current.pointee.children {
                node = first
                continue
            }
            var climbing: xmlNodePtr? = current
            node = nil
            while let up = climbing, up != root {
                if let next = up.pointee.next {
                    node = next
                    break
                }
                climbing = up.pointee.parent
            }
        }
    }

    private static func append(_ text: String, to children: inout [MarkupNode]) {
        guard !text.isEmpty else { return }
        if case .text(let previous)? = children.last {
            children[children.count - 1] = .text(previous + text)
        } else {
            children.append(.text(text))
        }
    }

    private static func attributes(of node: xmlNodePtr) -> [MarkupAttribute] {
        var attributes: [MarkupAttribute] = []
        var property = node.pointee.properties
        while let attribute = property {
            var value = ""
            var valueNode = attribute.pointee.children
            while let part = valueNode {
                if part.pointee.type == XML_TEXT_NODE { value += string(part.pointee.content) ?? "" }
                valueNode = part.pointee.next
            }
            if let name = string(attribute.pointee.name) {
                attributes.append(MarkupAttribute(name: name, namespace: namespace(attribute.pointee.ns), value: value))
            }
            property = attribute.pointee.next
        }
        return attributes
    }

    private static func namespace(_ ns: xmlNsPtr?) -> String? {
        guard let ns else { return nil }
        return string(ns.pointee.href)
    }

    private static func string(_ characters: UnsafePointer<xmlChar>?) -> String? {
        characters.map { String(cString: $0) }
    }
}
