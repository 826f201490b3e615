/// A token matched in the text as a whole before normalization and WordPiece run, such as `[CLS]`, `[SEP]`
/// or `[MASK]`: Hugging Face's tokenizers do this for every added token, so a text that contains `[MASK]`
/// gets the mask's id, not the pieces of `[`, `mask` and `]`.
public struct AddedToken: Sendable, Equatable {
    public var content: String
    public var id: Int
    /// Matched in the normalized text instead of the raw text (after normalizing `content` the same way).
    public var normalized: Bool
    /// Whitespace on the left (`lstrip`) or right (`rstrip`) of a match is swallowed into it.
    public var leftStrip: Bool
    public var rightStrip: Bool

    public init(content: String, id: Int, normalized: Bool = false, leftStrip: Bool = false, rightStrip: Bool = false) {
        self.content = content
        self.id = id
        self.normalized = normalized
        self.leftStrip = leftStrip
        self.rightStrip = rightStrip
    }
}
