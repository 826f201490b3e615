/// A value handed to a chat template: the JSON-like data templates receive (messages, `tools`,
/// `bos_token`, flags). Objects keep their keys in order, because `tojson` writes them in that order.
public enum TemplateValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([TemplateValue])
    case object(TemplateObject)
}

/// An object whose keys keep the order they were given in.
public struct TemplateObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    public var entries: [(key: String, value: TemplateValue)]

    public init(_ entries: [(key: String, value: TemplateValue)]) {
        self.entries = entries
    }

    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        entries = elements.map { (key: $0.0, value: $0.1) }
    }

    public subscript(key: String) -> TemplateValue? {
        entries.first { $0.key == key }?.value
    }

    public static func == (lhs: TemplateObject, rhs: TemplateObject) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(TemplateObject(elements.map { (key: $0.0, value: $0.1) }))
    }
}
