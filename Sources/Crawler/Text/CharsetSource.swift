/// Which evidence chose the charset a body was decoded with.
public enum CharsetSource: String, Sendable {
    case byteOrderMark = "bom"
    case header
    case meta
    /// The bytes themselves decided, either with no label or because the label was contradicted by the bytes.
    case detected
    /// Nothing pointed anywhere and the bytes were not UTF-8, so windows-1252 was assumed.
    case fallback
}
