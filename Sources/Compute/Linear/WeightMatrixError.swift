/// Why quantized weight bytes were refused. A loader that knows the file and tensor wraps the message in
/// its own error (`ModelFileError`), so the message names only the problem.
public struct WeightMatrixError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The GGML type has no kernels here (Q2_K, Q3_K, the IQ types, integers).
        case unsupportedType
        /// The row length is not a whole number of the type's blocks.
        case partialBlock
        /// The byte count is not `rows` rows of the type's row size.
        case sizeMismatch
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
