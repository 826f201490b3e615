import Foundation

/// Calls: the global functions chat templates use (`range`, `namespace`, `raise_exception`,
/// `strftime_now`, `dict`) and the Python methods of strings and dicts.
extension TemplateRenderer {
    func call(_ callee: JinjaValue, _ arguments: EvaluatedArguments) throws -> JinjaValue {
        guard case .function(let name) = callee else {
            throw callee.isUndefined
                ? Self.undefinedError(callee) : ChatTemplateError(.render, "'\(callee.typeName)' object is not callable")
        }
        switch name {
        case "raise_exception":
            throw ChatTemplateError(.raised, arguments.value(0, "message")?.text ?? "")
        case "namespace", "dict":
            var object = JinjaObject()
            if case .object(let initial) = arguments.positional.first {
                for (key, value) in initial.entries { object[key] = value }
            }
            for (key, value) in arguments.keyword { object[key] = value }
            return name == "dict" ? .object(object) : .namespace(JinjaNamespace(object))
        case "range":
            let numbers = try arguments.positional.map { value in
                guard let number = value.integer else {
                    throw ChatTemplateError(.render, "range() needs integers, not \(value.typeName)")
                }
                return number
            }
            let (start, stop, step): (Int, Int, Int) =
                switch numbers.count {
                case 1: (0, numbers[0], 1)
                case 2: (numbers[0], numbers[1], 1)
                case 3: (numbers[0], numbers[1], numbers[2])
                default: throw ChatTemplateError(.render, "range() takes 1 to 3 arguments")
                }
            guard step != 0 else { throw ChatTemplateError(.render, "range() step must not be zero") }
            let count = ((Double(stop) - Double(start)) / Double(step)).rounded(.up)
            guard count <= 100_000 else { throw ChatTemplateError(.render, "range() of more than 100,000 items is too long") }
            return .array(Array(stride(from: start, to: stop, by: step)).map(JinjaValue.int))
        case "strftime_now":
            return .string(Self.strftimeNow(arguments.value(0, "format")?.text ?? ""))
        default:
            throw ChatTemplateError(.render, "unknown function '\(name)'")
        }
    }

    private static func strftimeNow(_ format: String) -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 256)
        let length = strftime(&buffer, buffer.count, format, &parts)
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A method of a string, dict or list; nil when `name` is none, so the caller reads it as an attribute.
    func method(_ receiver: JinjaValue, _ name: String, _ arguments: EvaluatedArguments) throws -> JinjaValue? {
        switch receiver {
        case .string(let text): return try stringMethod(text, name, arguments)
        case .object(let object):
            switch name {
            case "get": return object[arguments.value(0, "key")?.text ?? ""] ?? arguments.value(1, "default") ?? JinjaValue.none
            case "items": return .array(object.entries.map { .array([.string($0.key), $0.value]) })
            case "keys": return .array(object.keys.map(JinjaValue.string))
            case "values": return .array(object.entries.map(\.value))
            default: return nil
            }
        default:
            return nil
        }
    }

    private func stringMethod(_ text: String, _ name: String, _ arguments: EvaluatedArguments) throws -> JinjaValue? {
        func characters() -> String? {
            guard let value = arguments.value(0, "chars"), case .string(let characters) = value else { return nil }
            return characters
        }
        func affixes() -> [String] {
            switch arguments.value(0, "prefix") {
            case .string(let affix): [affix]
            case .array(let values): values.map(\.text)
            default: []
            }
        }
        switch name {
        case "strip": return .string(PythonString.strip(text, characters()))
        case "lstrip": return .string(PythonString.strip(text, characters(), trailing: false))
        case "rstrip": return .string(PythonString.strip(text, characters(), leading: false))
        case "lower": return .string(text.lowercased())
        case "upper": return .string(text.uppercased())
        case "title": return .string(PythonString.title(text))
        case "capitalize": return .string(PythonString.capitalize(text))
        case "startswith": return .bool(affixes().contains { PythonString.hasPrefix(text, $0) })
        case "endswith": return .bool(affixes().contains { PythonString.hasSuffix(text, $0) })
        case "split":
            let separator: String? =
                if case .string(let separator) = arguments.value(0, "sep") { separator } else { nil }
            if separator == "" { throw ChatTemplateError(.render, "empty separator") }
            let pieces = PythonString.split(text, separator, maxSplit: arguments.value(1, "maxsplit")?.integer ?? -1)
            return .array(pieces.map(JinjaValue.string))
        case "replace":
            guard let old = arguments.value(0, "old"), let new = arguments.value(1, "new") else {
                throw ChatTemplateError(.render, "replace() needs the old and new strings")
            }
            return .string(PythonString.replace(text, old.text, new.text, count: arguments.value(2, "count")?.integer ?? -1))
        case "find":
            let position = PythonString.find(
                Array((arguments.value(0, "sub")?.text ?? "").unicodeScalars), in: Array(text.unicodeScalars))
            return .int(position ?? -1)
        case "join":
            return .string(try iterable(arguments.value(0, "iterable") ?? .array([]), "join").map(\.text).joined(separator: text))
        default:
            return nil
        }
    }
}
