/// Why a vector index file was refused, or why a vector or query was. The description names the file
/// (or the index) and the problem (`chunks.vix: the vectors section ends at byte 4096, past the end of
/// the 2048-byte file`), so the CLI can print it as is.
public struct VectorIndexError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem it is, for callers and tests that branch on it; the message says the details.
    public enum Kind: Sendable, Equatable {
        /// The file could not be opened, mapped or written.
        case unreadable
        /// The file does not start with the vector index magic bytes.
        case notAnIndex
        /// The file was written by another version of the format.
        case unsupportedVersion
        /// The file is shorter than its header or than a section it announces.
        case truncated
        /// A header field or a section's contents break the format's rules (a code past its string
        /// table, a neighbour past the last vector, offsets out of order).
        case malformed
        /// A vector or query has another dimension than the index.
        case dimensionMismatch
        /// A vector that cannot be normalized: all zeros, or holding a NaN or an infinity.
        case invalidVector
        /// A parameter out of range (k below 1, M below 2, an ef below 1).
        case invalidParameter
    }

    public var kind: Kind
    /// The path of the file, as it was given; for errors about a vector or query, what it was given to.
    public var file: String
    /// What is wrong, without the file name.
    public var message: String

    public init(_ kind: Kind, file: String, message: String) {
        self.kind = kind
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}
