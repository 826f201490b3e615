import CLibXML2
import Foundation

/// Parses an XML document with libxml2 into `MarkupElement` values. Entities are not substituted
/// (no XML_PARSE_NOENT) and nothing is fetched from the network, so a hostile DOCTYPE can neither
/// expand exponentially nor reach out; recovery mode tolerates the small errors real feeds carry.
enum XMLTreeReader {
    static func read(_ data: Data) throws -> MarkupElement {
        LibXMLSetup.initialized
        var bytes = [UInt8](data)
        while bytes.last.map({ $0 == 0 || $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) == true {
            bytes.removeLast()
        }
        guard !bytes.isEmpty else { throw FeedError("empty document") }
        guard bytes.count < Int(Int32.max) else { throw FeedError("document too large") }
        guard let context = xmlNewParserCtxt() else { throw FeedError("XML parser could not be created") }
        defer { xmlFreeParserCtxt(context) }
        let options =
            XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue
            | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
        let root: MarkupElement? = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            let document = base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { characters in
                xmlCtxtReadMemory(context, characters, Int32(buffer.count), nil, nil, Int32(bitPattern: UInt32(options)))
            }
            guard let document else { return nil }
            defer { xmlFreeDoc(document) }
            return xmlDocGetRootElement(document).map(LibXMLTree.element(from:))
        }
        let detail =
            context.pointee.lastError.message.map { ": " + String(cString: $0) }?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        // Recovery mode keeps going after ordinary errors; the parser halts only on fatal conditions such as
        // an entity expansion loop, and what was read up to there is not the document.
        guard context.pointee.disableSAX == 0 else { throw FeedError("XML parsing stopped" + detail) }
        guard let root else { throw FeedError("not well-formed XML" + detail) }
        return root
    }
}
