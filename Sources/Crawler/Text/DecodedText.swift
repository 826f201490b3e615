/// A body decoded to text, with the charset that was used and why it was chosen.
public struct DecodedText: Sendable, Equatable {
    public var text: String
    /// The canonical name of the charset used, e.g. "utf-8", "windows-1252", "utf-16le", "shift_jis".
    public var charset: String
    public var source: CharsetSource

    public init(text: String, charset: String, source: CharsetSource) {
        self.text = text
        self.charset = charset
        self.source = source
    }
}
