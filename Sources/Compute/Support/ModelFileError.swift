/// Why a model folder, or one of its files, was refused. The description names the file and the problem
/// (`models/x/config.json: 'hidden_size' must be an integer, not "384"`), so the CLI can print it as is.
public struct ModelFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A required file or folder is not there.
        case missing
        /// The file is there but is not what the format says (bad JSON, a missing key, a wrong type).
        case malformed
        /// Well-formed, but asks for something this implementation does not do (another tokenizer model,
        /// a pooling mode other than mean, CLS or max).
        case unsupported
        /// Files that disagree with each other (a tensor's shape against config.json, the vocabulary's size).
        case mismatch
    }

    public var kind: Kind
    /// The path of the file at fault.
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
