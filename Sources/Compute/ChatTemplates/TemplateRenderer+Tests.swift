/// Jinja's tests, `value is name(arguments)`.
extension TemplateRenderer {
    func test(_ name: String, _ value: JinjaValue, _ arguments: EvaluatedArguments) throws -> Bool {
        let argument = arguments.value(0, "value")
        switch name {
        case "defined": return !value.isUndefined
        case "undefined": return value.isUndefined
        case "none": if case .none = value { return true } else { return false }
        case "true": if case .bool(true) = value { return true } else { return false }
        case "false": if case .bool(false) = value { return true } else { return false }
        case "boolean": if case .bool = value { return true } else { return false }
        case "string": if case .string = value { return true } else { return false }
        case "number": return value.number != nil
        case "integer": if case .int = value { return true } else { return false }
        case "float": if case .double = value { return true } else { return false }
        case "mapping": if case .object = value { return true } else { return false }
        case "iterable": return !value.isUndefined && value.iterated() != nil
        case "sequence":
            switch value {
            case .string, .array, .object: return true
            default: return false
            }
        case "callable": if case .function = value { return true } else { return false }
        case "lower": if case .string(let text) = value { return text == text.lowercased() } else { return false }
        case "upper": if case .string(let text) = value { return text == text.uppercased() } else { return false }
        case "equalto", "eq", "==", "sameas": return value.equals(try required(argument, name))
        case "ne", "!=": return !value.equals(try required(argument, name))
        case "in": return try contains(try required(argument, name), value)
        case "gt", ">", "greaterthan": return try binary(">", value, try required(argument, name)).isTrue
        case "ge", ">=": return try binary(">=", value, try required(argument, name)).isTrue
        case "lt", "<", "lessthan": return try binary("<", value, try required(argument, name)).isTrue
        case "le", "<=": return try binary("<=", value, try required(argument, name)).isTrue
        case "odd", "even", "divisibleby":
            guard let number = value.integer else {
                throw ChatTemplateError(.render, "test '\(name)' needs an integer, not \(value.typeName)")
            }
            if name == "odd" { return number % 2 != 0 }
            if name == "even" { return number % 2 == 0 }
            guard let divisor = try required(argument, name).integer, divisor != 0 else {
                throw ChatTemplateError(.render, "test 'divisibleby' needs a non-zero integer")
            }
            return number.remainderReportingOverflow(dividingBy: divisor).partialValue == 0
        default:
            throw ChatTemplateError(.render, "no test named '\(name)'")
        }
    }

    private func required(_ argument: JinjaValue?, _ test: String) throws -> JinjaValue {
        guard let argument else { throw ChatTemplateError(.render, "test '\(test)' needs an argument") }
        return argument
    }
}
