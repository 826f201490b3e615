/// Jinja's filters that chat templates use, `value | name(arguments)`, with transformers' `tojson`
/// (non-ASCII kept as is, `indent` and `sort_keys` honoured).
extension TemplateRenderer {
    func filter(_ name: String, _ value: JinjaValue, _ arguments: EvaluatedArguments) throws -> JinjaValue {
        switch name {
        case "default", "d":
            let fallback = arguments.value(0, "default_value") ?? .string("")
            let boolean = arguments.value(1, "boolean")?.isTrue ?? false
            return value.isUndefined || (boolean && !value.isTrue) ? fallback : value
        case "tojson":
            let indent = arguments.value(0, "indent").flatMap(\.integer)
            return .string(try value.json(indent: indent, sortKeys: arguments.value(4, "sort_keys")?.isTrue ?? false))
        case "safe", "e", "escape", "forceescape":
            // Chat templates render without autoescaping, so these leave the text as it is.
            return value
        default:
            break
        }
        if value.isUndefined, !["length", "count", "list", "string", "join", "first", "last", "trim"].contains(name) {
            throw Self.undefinedError(value)
        }
        switch name {
        case "trim": return .string(PythonString.strip(value.text, try optionalText(arguments.value(0, "chars"))))
        case "lower": return .string(value.text.lowercased())
        case "upper": return .string(value.text.uppercased())
        case "capitalize": return .string(PythonString.capitalize(value.text))
        case "title": return .string(PythonString.title(value.text))
        case "string": return .string(value.text)
        case "length", "count":
            switch value {
            case .string(let text): return .int(text.unicodeScalars.count)
            case .array(let values): return .int(values.count)
            case .object(let object): return .int(object.count)
            case .undefined: return .int(0)
            default: throw ChatTemplateError(.render, "object of type '\(value.typeName)' has no len()")
            }
        case "first", "last":
            let items = try iterable(value, name)
            return (name == "first" ? items.first : items.last) ?? .undefined("\(name) of an empty sequence")
        case "list": return .array(try iterable(value, name))
        case "reverse":
            if case .string(let text) = value { return .string(PythonString.string(text.unicodeScalars.reversed())) }
            return .array(try iterable(value, name).reversed())
        case "join":
            let separator = arguments.value(0, "d")?.text ?? ""
            var items = try iterable(value, name)
            if let attribute = arguments.value(1, "attribute") {
                items = try items.map { try self.attribute($0, attribute.text) }
            }
            return .string(items.map(\.text).joined(separator: separator))
        case "replace":
            guard let old = arguments.value(0, "old"), let new = arguments.value(1, "new") else {
                throw ChatTemplateError(.render, "filter 'replace' needs the old and new strings")
            }
            return .string(
                PythonString.replace(value.text, old.text, new.text, count: arguments.value(2, "count")?.integer ?? -1))
        case "items":
            guard case .object(let object) = value else {
                throw ChatTemplateError(.render, "filter 'items' needs a dict, not \(value.typeName)")
            }
            return .array(object.entries.map { .array([.string($0.key), $0.value]) })
        case "unique":
            var seen: [JinjaValue] = []
            for item in try iterable(value, name) where !seen.contains(where: { $0.equals(item) }) { seen.append(item) }
            return .array(seen)
        case "sort":
            return .array(try sorted(try iterable(value, name), arguments))
        case "map":
            let items = try iterable(value, name)
            if let attribute = arguments.keyword.first(where: { $0.name == "attribute" })?.value {
                let fallback = arguments.keyword.first { $0.name == "default" }?.value
                return .array(
                    try items.map { item in
                        let result = try self.attribute(item, attribute.text)
                        return result.isUndefined ? fallback ?? result : result
                    })
            }
            guard let filterName = arguments.positional.first?.text else {
                throw ChatTemplateError(.render, "filter 'map' needs a filter name or attribute=")
            }
            let rest = EvaluatedArguments(positional: Array(arguments.positional.dropFirst()), keyword: arguments.keyword)
            return .array(try items.map { try filter(filterName, $0, rest) })
        case "select", "reject", "selectattr", "rejectattr":
            let byAttribute = name.hasSuffix("attr")
            var positional = arguments.positional
            let attribute = byAttribute && !positional.isEmpty ? positional.removeFirst().text : nil
            let testName = positional.isEmpty ? nil : positional.removeFirst().text
            let rest = EvaluatedArguments(positional: positional, keyword: arguments.keyword)
            let keep = name.hasPrefix("select")
            return .array(
                try iterable(value, name).filter { item in
                    let subject = try attribute.map { try self.attribute(item, $0) } ?? item
                    let passes = try testName.map { try test($0, subject, rest) } ?? subject.isTrue
                    return passes == keep
                })
        case "int":
            switch value {
            case .int: return value
            case .double(let number): return .int(Int(exactly: number.rounded(.towardZero)) ?? 0)
            case .bool(let flag): return .int(flag ? 1 : 0)
            case .string(let text):
                let digits = PythonString.strip(text, nil)
                return .int(Int(digits) ?? Double(digits).flatMap { Int(exactly: $0.rounded(.towardZero)) } ?? 0)
            default: return arguments.value(0, "default") ?? .int(0)
            }
        case "float":
            switch value {
            case .string(let text): return .double(Double(PythonString.strip(text, nil)) ?? 0)
            default: return .double(value.number ?? 0)
            }
        case "abs":
            if case .int(let number) = value, number != .min { return .int(abs(number)) }
            guard let number = value.number else {
                throw ChatTemplateError(.render, "bad operand type for abs(): '\(value.typeName)'")
            }
            return .double(abs(number))
        case "round":
            guard let number = value.number else { throw ChatTemplateError(.render, "filter 'round' needs a number") }
            let precision = arguments.value(0, "precision")?.integer ?? 0
            var scale = 1.0
            for _ in 0..<min(max(0, precision), 20) { scale *= 10 }
            return .double((number * scale).rounded(.toNearestOrEven) / scale)
        case "sum":
            var items = try iterable(value, name)
            if let attribute = arguments.keyword.first(where: { $0.name == "attribute" })?.value {
                items = try items.map { try self.attribute($0, attribute.text) }
            }
            return try items.reduce(arguments.value(1, "start") ?? .int(0)) { try binary("+", $0, $1) }
        case "max", "min":
            let items = try sorted(try iterable(value, name), arguments)
            return (name == "min" ? items.first : items.last) ?? .undefined("\(name) of an empty sequence")
        case "indent":
            let width = min(arguments.value(0, "width")?.integer ?? 4, 1000)
            let first = arguments.value(1, "first")?.isTrue ?? false
            let blank = arguments.value(2, "blank")?.isTrue ?? false
            let padding =
                arguments.value(0, "width").flatMap { if case .string(let text) = $0 { text } else { nil } }
                ?? String(repeating: " ", count: max(0, width))
            let lines = PythonString.split(value.text, "\n")
            return .string(
                lines.enumerated().map { index, line in
                    (index == 0 && !first) || (line.isEmpty && !blank) ? line : padding + line
                }.joined(separator: "\n"))
        default:
            throw ChatTemplateError(.render, "no filter named '\(name)'")
        }
    }

    private func optionalText(_ value: JinjaValue?) throws -> String? {
        guard let value, !value.isUndefined else { return nil }
        if case .none = value { return nil }
        return value.text
    }

    func iterable(_ value: JinjaValue, _ filter: String) throws -> [JinjaValue] {
        guard let items = value.iterated() else {
            throw ChatTemplateError(.render, "filter '\(filter)' needs a sequence, not \(value.typeName)")
        }
        return items
    }

    /// Jinja's `sort`: case-insensitive for strings unless `case_sensitive`, optionally by an attribute.
    private func sorted(_ items: [JinjaValue], _ arguments: EvaluatedArguments) throws -> [JinjaValue] {
        let reverse = arguments.keyword.first { $0.name == "reverse" }?.value.isTrue ?? false
        let caseSensitive = arguments.keyword.first { $0.name == "case_sensitive" }?.value.isTrue ?? false
        let attribute = arguments.keyword.first { $0.name == "attribute" }?.value.text
        let keys: [JinjaValue] = try items.map { item in
            let key = try attribute.map { try self.attribute(item, $0) } ?? item
            if !caseSensitive, case .string(let text) = key { return .string(text.lowercased()) }
            return key
        }
        var failure: Error?
        let order = keys.indices.sorted { a, b in
            do {
                return try binary("<", keys[a], keys[b]).isTrue
            } catch {
                failure = error
                return false
            }
        }
        if let failure { throw failure }
        let result = order.map { items[$0] }
        return reverse ? result.reversed() : result
    }
}
