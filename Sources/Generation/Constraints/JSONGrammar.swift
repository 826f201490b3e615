/// The shape of the JSON an answer must have, compiled from a JSON schema (or "any object" for OpenAI's
/// `json_object`). Decoding follows it byte by byte (`JSONGrammarState`), so that every token sampled
/// keeps the answer a prefix of a document the schema accepts.
public indirect enum JSONGrammar: Sendable, Equatable {
    /// Any JSON value, nested at most `depth` deep.
    case any(depth: Int)
    case object(JSONObjectShape)
    case array(items: JSONGrammar, minItems: Int, maxItems: Int?)
    /// A string of `minLength` to `maxLength` characters.
    case string(minLength: Int, maxLength: Int?)
    case number(integer: Bool)
    case boolean
    case null
    /// One of these JSON texts exactly (`enum` and `const`), each already serialized.
    case literals([[UInt8]])
    /// One of several shapes, told apart by the first byte of the value (a list of `type`s, or `anyOf`
    /// whose alternatives start differently).
    case union([JSONGrammar])

    /// Any JSON object: what `response_format: {"type": "json_object"}` asks for.
    public static let anyObject = JSONGrammar.object(JSONObjectShape(properties: [], required: [], freeKeys: true))

    /// The fewest bytes a value of this shape takes.
    var minimumLength: Int {
        switch self {
        case .any: return 1
        case .object(let shape): return shape.minimumLength
        case .array(let items, let minItems, _): return 2 + minItems * (items.minimumLength + 1) - (minItems > 0 ? 1 : 0)
        case .string(let minLength, _): return 2 + minLength
        case .number: return 1
        case .boolean: return 4
        case .null: return 4
        case .literals(let texts): return texts.map(\.count).min() ?? 0
        case .union(let shapes): return shapes.map(\.minimumLength).min() ?? 0
        }
    }

    /// Whether a value of this shape may start with `byte`.
    func mayStart(with byte: UInt8) -> Bool {
        switch self {
        case .any(let depth): return (depth > 0 ? JSONGrammar.valueStarts : JSONGrammar.scalarStarts).contains(byte)
        case .object: return byte == UInt8(ascii: "{")
        case .array: return byte == UInt8(ascii: "[")
        case .string: return byte == UInt8(ascii: "\"")
        case .number: return byte == UInt8(ascii: "-") || JSONGrammar.isDigit(byte)
        case .boolean: return byte == UInt8(ascii: "t") || byte == UInt8(ascii: "f")
        case .null: return byte == UInt8(ascii: "n")
        case .literals(let texts): return texts.contains { $0.first == byte }
        case .union(let shapes): return shapes.contains { $0.mayStart(with: byte) }
        }
    }

    static let valueStarts = Set("{[\"-0123456789tfn".utf8)
    static let scalarStarts = Set("\"-0123456789tfn".utf8)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }
}

/// An object's keys and values. Declared properties are written in their declared order: each optional
/// one may be left out, each required one may not, and no other key is written, which keeps every answer
/// valid whether or not the schema allows more. Without declared properties (`freeKeys`), any keys with
/// any values.
public struct JSONObjectShape: Sendable, Equatable {
    public struct Property: Sendable, Equatable {
        public var name: String
        /// The key as it is written: the name quoted and escaped, then the colon.
        var key: [UInt8]
        public var value: JSONGrammar
        public var required: Bool
    }

    public var properties: [Property]
    public var freeKeys: Bool

    public init(properties: [(name: String, value: JSONGrammar)], required: Set<String>, freeKeys: Bool) {
        self.properties = properties.map {
            Property(
                name: $0.name, key: JSONObjectShape.quoted($0.name) + [UInt8(ascii: ":")], value: $0.value,
                required: required.contains($0.name))
        }
        self.freeKeys = freeKeys
    }

    /// The bytes the required properties from `index` on still take, each with the comma before it
    /// (the first's comma counted only when `commaFirst`).
    func requiredLength(from index: Int, commaFirst: Bool) -> Int {
        var length = 0
        var comma = commaFirst
        for property in properties[index...] where property.required {
            length += (comma ? 1 : 0) + property.key.count + property.value.minimumLength
            comma = true
        }
        return length
    }

    var minimumLength: Int { 2 + requiredLength(from: 0, commaFirst: false) }

    /// Whether a property at or after `index` is required.
    func requiresMore(from index: Int) -> Bool { properties[index...].contains(where: \.required) }

    static func quoted(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": bytes += Array("\\\"".utf8)
            case "\\": bytes += Array("\\\\".utf8)
            case "\n": bytes += Array("\\n".utf8)
            case "\t": bytes += Array("\\t".utf8)
            case "\r": bytes += Array("\\r".utf8)
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    bytes += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                } else {
                    bytes += Array(String(scalar).utf8)
                }
            }
        }
        return bytes + [UInt8(ascii: "\"")]
    }
}
