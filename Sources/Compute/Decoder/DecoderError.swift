/// Why a decoder call was refused: the input does not fit the model or the cache. Nothing is computed and
/// the cache is left as it was.
public struct DecoderError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// No tokens were given.
        case emptyInput
        /// A token id is negative or not below the vocabulary size.
        case tokenOutOfRange
        /// The tokens would not fit in the cache's remaining positions.
        case cacheFull
        /// The cache was made by a model of another shape.
        case foreignCache
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
