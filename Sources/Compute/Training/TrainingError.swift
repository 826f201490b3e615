/// Why training cannot start or go on, with what to change.
public struct TrainingError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        case adapterMismatch
        case batchTooLarge
        case tokenOutOfRange
        case noLabels
        case invalidSetting
        case checkpoint
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
