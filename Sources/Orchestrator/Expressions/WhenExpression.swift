import ArtifactStore

/// A step guard such as `chunk.chunks.count > 0 and params.publish`.
///
/// Grammar: `or`/`||`, `and`/`&&`, `not`/`!`, comparisons `== != < <= > >=`, parentheses,
/// numbers, quoted strings, `true`/`false`/`null`, and dotted paths. A path
/// `STEP.OUTPUT.KEY...` reads an upstream artifact's metadata (`size`, `version`, `sha256` and
/// `type` are always there); `params.NAME` reads a parameter.
public struct WhenExpression: Sendable {
    indirect enum Node: Sendable {
        case literal(JSONValue)
        case path([String])
        case not(Node)
        case and(Node, Node)
        case or(Node, Node)
        case compare(Node, String, Node)
    }

    public struct SyntaxError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var offset: Int
        public var description: String { message }
    }

    let root: Node
    public let text: String

    public init(_ text: String) throws {
        self.text = text
        var parser = WhenParser(tokens: try WhenLexer.tokens(text))
        root = try parser.parseExpression()
        if let extra = parser.peek {
            throw SyntaxError(message: "unexpected '\(extra.text)' after the end of the expression", offset: extra.offset)
        }
    }

    /// Every dotted path the expression reads, e.g. `["chunk", "chunks", "count"]`.
    public var paths: [[String]] {
        func collect(_ node: Node) -> [[String]] {
            switch node {
            case .literal: return []
            case .path(let parts): return [parts]
            case .not(let inner): return collect(inner)
            case .and(let lhs, let rhs), .or(let lhs, let rhs), .compare(let lhs, _, let rhs):
                return collect(lhs) + collect(rhs)
            }
        }
        return collect(root)
    }

    /// Evaluates with a resolver for paths; a path that resolves to nothing is null.
    public func evaluate(_ resolve: ([String]) -> JSONValue?) -> Bool {
        truthy(value(of: root, resolve))
    }

    private func value(of node: Node, _ resolve: ([String]) -> JSONValue?) -> JSONValue {
        switch node {
        case .literal(let value): return value
        case .path(let parts): return resolve(parts) ?? .null
        case .not(let inner): return .bool(!truthy(value(of: inner, resolve)))
        case .and(let lhs, let rhs): return .bool(truthy(value(of: lhs, resolve)) && truthy(value(of: rhs, resolve)))
        case .or(let lhs, let rhs): return .bool(truthy(value(of: lhs, resolve)) || truthy(value(of: rhs, resolve)))
        case .compare(let lhs, let op, let rhs):
            return .bool(compare(value(of: lhs, resolve), op, value(of: rhs, resolve)))
        }
    }

    private func truthy(_ value: JSONValue) -> Bool {
        switch value {
        case .null: false
        case .bool(let flag): flag
        case .int(let number): number != 0
        case .double(let number): number != 0
        case .string(let text): !text.isEmpty
        case .array(let items): !items.isEmpty
        case .object(let members): !members.isEmpty
        }
    }

    private func compare(_ lhs: JSONValue, _ op: String, _ rhs: JSONValue) -> Bool {
        func ordered<T: Comparable>(_ a: T, _ b: T) -> Bool {
            switch op {
            case "==": a == b
            case "!=": a != b
            case "<": a < b
            case "<=": a <= b
            case ">": a > b
            default: a >= b
            }
        }
        if let a = lhs.doubleValue, let b = rhs.doubleValue { return ordered(a, b) }
        if let a = lhs.stringValue, let b = rhs.stringValue { return ordered(a, b) }
        switch op {
        case "==": return lhs == rhs
        case "!=": return lhs != rhs
        default: return false
        }
    }
}
