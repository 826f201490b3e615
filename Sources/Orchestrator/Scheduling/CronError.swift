/// Why a cron expression was refused: the field at fault and a message that quotes the bad part,
/// such as `minute '61' is out of range 0-59`.
public struct CronError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `minute`, `hour`, `day of month`, `month`, `day of week`, or `expression` for structural errors
    /// (field count, empty text, unknown macro).
    public var field: String
    /// A sentence that starts with the field's name (or says what is wrong with the whole expression).
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    /// The message alone: it already names the field, so callers can write
    /// `invalid cron expression '…': \(error)`.
    public var description: String { message }
}
