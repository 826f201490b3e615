/// Why a `.safetensors` file was refused or a tensor could not be read. The description names the
/// file and the problem (`model.safetensors: tensor 'x' claims bytes 0..<96, but ...`), so the CLI can
/// print it as is.
public struct SafetensorsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem it is, for callers and tests that branch on it; the message says the details.
    public enum Kind: Sendable, Equatable {
        /// The file could not be opened or mapped.
        case unreadable
        /// Shorter than its 8-byte header length, or than the header that length announces.
        case truncated
        /// The header is not a JSON object of tensor entries as the format describes.
        case badHeader
        /// A tensor's dtype is not one the format defines.
        case unknownDType
        /// A tensor's byte range falls outside the data section, overlaps another, or leaves a hole.
        case badOffsets
        /// A tensor's byte count differs from its shape times its dtype's size.
        case byteCountMismatch
        /// No tensor of the requested name.
        case missingTensor
        /// The tensor exists but its shape is not the one the caller needs.
        case shapeMismatch
        /// The tensor exists but its dtype does not convert to the requested element type.
        case unsupportedDType
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
