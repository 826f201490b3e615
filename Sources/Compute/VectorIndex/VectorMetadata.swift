/// What a vector was made from, kept beside it in the index so that searches can be narrowed to some
/// authors, platforms, kinds of text or documents. Each field is stored as a small integer code into a
/// per-field table of the distinct strings, since a few authors and platforms repeat across thousands
/// of chunks.
public struct VectorMetadata: Sendable, Hashable {
    public var author: String
    public var platform: String
    /// The kind of text (a post, a comment, a transcript).
    public var kind: String
    /// The document the chunk was cut from.
    public var documentID: String

    public init(author: String = "", platform: String = "", kind: String = "", documentID: String = "") {
        self.author = author
        self.platform = platform
        self.kind = kind
        self.documentID = documentID
    }
}
