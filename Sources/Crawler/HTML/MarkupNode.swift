/// A node of a parsed HTML or XML document: an element or a run of text (entities already decoded).
/// Comments, processing instructions and unexpanded entity references are not kept.
public enum MarkupNode: Sendable, Equatable {
    case element(MarkupElement)
    case text(String)
}
