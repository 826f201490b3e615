/// Which vectors a search may return, by metadata: a vector passes when every field that has an allowed
/// set holds one of that set's values (AND across fields, OR within one). A field left nil allows any
/// value; an empty set allows none.
public struct VectorFilter: Sendable, Hashable {
    public var authors: Set<String>?
    public var platforms: Set<String>?
    public var kinds: Set<String>?
    public var documentIDs: Set<String>?

    public init(
        authors: Set<String>? = nil, platforms: Set<String>? = nil, kinds: Set<String>? = nil,
        documentIDs: Set<String>? = nil
    ) {
        self.authors = authors
        self.platforms = platforms
        self.kinds = kinds
        self.documentIDs = documentIDs
    }

    /// Whether `metadata` passes; the index answers the same question from codes, this is the reference.
    public func matches(_ metadata: VectorMetadata) -> Bool {
        (authors?.contains(metadata.author) ?? true) && (platforms?.contains(metadata.platform) ?? true)
            && (kinds?.contains(metadata.kind) ?? true) && (documentIDs?.contains(metadata.documentID) ?? true)
    }

    /// The allowed sets in the order of the index's metadata fields (author, platform, kind, document).
    var fieldSets: [Set<String>?] { [authors, platforms, kinds, documentIDs] }
}
