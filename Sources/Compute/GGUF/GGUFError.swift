/// Why a `.gguf` file was refused. The description names the file and the problem
/// (`model.gguf: tensor 'blk.0.attn_q.weight' ends at byte 9000 of the data section, which has 4096 bytes`),
/// so the CLI can print it as is.
public struct GGUFError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem it is, for callers and tests that branch on it; the message says the details.
    public enum Kind: Sendable, Equatable {
        /// The file could not be opened or mapped.
        case unreadable
        /// Does not start with the `GGUF` magic.
        case badMagic
        /// A GGUF version this reader does not read (1, or newer than 3), or a big-endian file.
        case unsupportedVersion
        /// Ends before a value, a name or a tensor's data that the header announces, or announces a count or
        /// length that the rest of the file cannot hold.
        case truncated
        /// The header is not what the format describes: an unknown value type, a duplicated key or tensor
        /// name, a bad alignment, arrays nested too deep.
        case badHeader
        /// A tensor's type id is not one GGML defines.
        case unknownTensorType
        /// A tensor's shape does not fit its type's blocks, or its bytes fall outside the data section,
        /// overlap another tensor's or are not aligned.
        case badTensor
        /// No tensor of the requested name.
        case missingTensor
    }

    public var kind: Kind
    /// The path of the file, as it was given.
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
