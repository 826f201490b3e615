/// Why a chat template could not be parsed or rendered. Syntax errors carry the line and column of the
/// offending token; `raise_exception('...')` in the template gives `.raised` with its message, which is how
/// templates refuse conversations they cannot format (Mistral's "roles must alternate").
public struct ChatTemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case syntax
        /// A type error, an unknown filter, an undefined value used where one is needed.
        case render
        /// The template called `raise_exception`.
        case raised
    }

    public var kind: Kind
    public var message: String
    /// 1-based; 0 where unknown.
    public var line: Int
    public var column: Int

    public init(_ kind: Kind, _ message: String, line: Int = 0, column: Int = 0) {
        self.kind = kind
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String {
        switch kind {
        case .raised: "template raised an exception: \(message)"
        case .syntax, .render: line > 0 ? "\(line):\(column): \(message)" : message
        }
    }
}
