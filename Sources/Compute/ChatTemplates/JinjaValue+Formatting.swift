/// How values print: `{{ x }}` gives Python's `str(x)` (so `True`, `None`, `['a', 1]`), and `tojson` gives
/// Python's `json.dumps` as transformers calls it (non-ASCII kept, `", "` and `": "` separators).
extension JinjaValue {
    var text: String {
        switch self {
        case .undefined: ""
        case .string(let value): value
        default: representation
        }
    }

    /// Python's `repr`.
    var representation: String {
        switch self {
        case .undefined: ""
        case .none: "None"
        case .bool(let value): value ? "True" : "False"
        case .int(let value): String(value)
        case .double(let value): Self.pythonFloat(value)
        case .string(let value): Self.pythonQuoted(value)
        case .array(let values): "[" + values.map(\.representation).joined(separator: ", ") + "]"
        case .object(let object):
            "{" + object.entries.map { Self.pythonQuoted($0.key) + ": " + $0.value.representation }.joined(separator: ", ") + "}"
        case .namespace(let namespace): "<Namespace " + JinjaValue.object(namespace.attributes).representation + ">"
        case .function(let name): "<function \(name)>"
        }
    }

    static func pythonFloat(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == value.rounded(), abs(value) < 1e16 { return String(format: "%.1f", value) }
        return "\(value)"
    }

    private static func pythonQuoted(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var result = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if Character(scalar) == quote {
                    result += "\\" + String(quote)
                } else if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\x" + hex(scalar.value, digits: 2)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + String(quote)
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// `json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=sortKeys)`.
    func json(indent: Int?, sortKeys: Bool = false, depth: Int = 0) throws -> String {
        let newline = indent.map { "\n" + String(repeating: " ", count: $0 * (depth + 1)) }
        let closing = indent.map { "\n" + String(repeating: " ", count: $0 * depth) } ?? ""
        let separator = newline.map { "," + $0 } ?? ", "
        switch self {
        case .none: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .double(let value):
            if value.isNaN { return "NaN" }
            if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
            return Self.pythonFloat(value)
        case .string(let value): return Self.jsonQuoted(value)
        case .array(let values):
            if values.isEmpty { return "[]" }
            let items = try values.map { try $0.json(indent: indent, sortKeys: sortKeys, depth: depth + 1) }
            return "[" + (newline ?? "") + items.joined(separator: separator) + closing + "]"
        case .object(let object):
            if object.isEmpty { return "{}" }
            var entries = object.entries
            if sortKeys { entries.sort { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) } }
            let items = try entries.map {
                Self.jsonQuoted($0.key) + ": " + (try $0.value.json(indent: indent, sortKeys: sortKeys, depth: depth + 1))
            }
            return "{" + (newline ?? "") + items.joined(separator: separator) + closing + "}"
        case .namespace(let namespace):
            return try JinjaValue.object(namespace.attributes).json(indent: indent, sortKeys: sortKeys, depth: depth)
        case .undefined, .function:
            throw ChatTemplateError(.render, "Object of type \(typeName) is not JSON serializable")
        }
    }

    private static func jsonQuoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            default:
                if scalar.value < 0x20 {
                    result += "\\u" + hex(scalar.value, digits: 4)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
