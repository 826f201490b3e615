/// A value while a template renders: `TemplateValue`'s JSON-like cases plus Jinja's undefined, the mutable
/// `namespace()` object, and the global functions.
enum JinjaValue {
    /// A name or key that is not there; it renders as nothing and is false, but using it in arithmetic or
    /// reading an attribute of it is an error, as with Jinja's default `Undefined`.
    case undefined(String)
    case none
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JinjaValue])
    case object(JinjaObject)
    case namespace(JinjaNamespace)
    case function(String)

    init(_ value: TemplateValue) {
        switch value {
        case .null: self = .none
        case .bool(let value): self = .bool(value)
        case .int(let value): self = .int(value)
        case .double(let value): self = .double(value)
        case .string(let value): self = .string(value)
        case .array(let values): self = .array(values.map(JinjaValue.init))
        case .object(let object):
            var result = JinjaObject()
            for (key, value) in object.entries { result[key] = JinjaValue(value) }
            self = .object(result)
        }
    }

    var isUndefined: Bool {
        if case .undefined = self { return true }
        return false
    }

    var isTrue: Bool {
        switch self {
        case .undefined, .none: false
        case .bool(let value): value
        case .int(let value): value != 0
        case .double(let value): value != 0
        case .string(let value): !value.isEmpty
        case .array(let values): !values.isEmpty
        case .object(let object): !object.isEmpty
        case .namespace, .function: true
        }
    }

    /// The name of the value's type in error messages, as Python would say it.
    var typeName: String {
        switch self {
        case .undefined: "undefined"
        case .none: "NoneType"
        case .bool: "bool"
        case .int: "int"
        case .double: "float"
        case .string: "str"
        case .array: "list"
        case .object: "dict"
        case .namespace: "Namespace"
        case .function: "function"
        }
    }

    /// A number as a Double, for arithmetic mixing ints and floats (booleans count as 0 and 1, as in Python).
    var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        case .bool(let value): value ? 1 : 0
        default: nil
        }
    }

    var integer: Int? {
        switch self {
        case .int(let value): value
        case .bool(let value): value ? 1 : 0
        default: nil
        }
    }

    /// Python's `==`: 1 == 1.0 == True, lists and dicts by content, undefined equal to undefined.
    func equals(_ other: JinjaValue) -> Bool {
        switch (self, other) {
        case (.undefined, .undefined), (.none, .none): return true
        case (.string(let a), .string(let b)): return a.unicodeScalars.elementsEqual(b.unicodeScalars)
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { $0.equals($1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.keys.allSatisfy { key in b[key].map { a[key]!.equals($0) } ?? false }
        case (.namespace(let a), .namespace(let b)): return a === b
        case (.function(let a), .function(let b)): return a == b
        default:
            if let a = number, let b = other.number { return a == b }
            return false
        }
    }

    /// The elements a `for` loop or a filter goes through: list items, dict keys, string characters;
    /// undefined iterates as nothing.
    func iterated() -> [JinjaValue]? {
        switch self {
        case .array(let values): values
        case .object(let object): object.keys.map(JinjaValue.string)
        case .string(let text): text.unicodeScalars.map { .string(String($0)) }
        case .undefined: []
        default: nil
        }
    }
}
