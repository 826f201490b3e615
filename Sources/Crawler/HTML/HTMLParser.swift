import CLibXML2

/// Parses HTML the way browsers tolerate it (unclosed tags, stray end tags, missing `<html>`/`<body>`) with
/// libxml2's HTML parser, returning the document's root element (`html`).
public enum HTMLParser {
    public static func parse(_ html: String) -> MarkupElement {
        LibXMLSetup.initialized
        // libxml2 stops at a NUL byte even when given a length.
        var bytes = Array(html.utf8)
        bytes.removeAll { $0 == 0 }
        guard !bytes.isEmpty, bytes.count < Int(Int32.max) else { return MarkupElement(name: "html") }
        // The text is already decoded, so a `<meta charset>` inside it must not re-decode it (IGNORE_ENC).
        let options =
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue
        let root: MarkupElement? = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            let document = base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { characters in
                htmlReadMemory(characters, Int32(buffer.count), nil, "UTF-8", Int32(bitPattern: UInt32(options)))
            }
            guard let document else { return nil }
            defer { xmlFreeDoc(document) }
            return xmlDocGetRootElement(document).map(LibXMLTree.element(from:))
        }
        return root ?? MarkupElement(name: "html")
    }
}
