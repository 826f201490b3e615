import Foundation

/// Binary operators with Python's meaning: `+` adds numbers and joins strings and lists, `/` always gives a
/// float, `//` and `%` round toward negative infinity, and mixing types that Python refuses is an error.
extension TemplateRenderer {
    func binary(_ symbol: String, _ left: JinjaValue, _ right: JinjaValue) throws -> JinjaValue {
        switch symbol {
        case "==": return .bool(left.equals(right))
        case "!=": return .bool(!left.equals(right))
        case "in": return .bool(try contains(right, left))
        case "~": return .string(left.text + right.text)
        case "<", "<=", ">", ">=": return .bool(try compare(symbol, left, right))
        default: break
        }
        for operand in [left, right] where operand.isUndefined { throw Self.undefinedError(operand) }
        switch (symbol, left, right) {
        case ("+", .string(let a), .string(let b)): return .string(a + b)
        case ("+", .array(let a), .array(let b)): return .array(a + b)
        case ("*", .string(let text), _), ("*", _, .string(let text)):
            guard let count = (left.integer != nil ? left : right).integer else { break }
            try Self.checkSize(text.utf8.count, times: count)
            return .string(String(repeating: text, count: max(0, count)))
        case ("*", .array(let values), _), ("*", _, .array(let values)):
            guard let count = (left.integer != nil ? left : right).integer else { break }
            try Self.checkSize(values.count, times: count)
            return .array(Array([[JinjaValue]](repeating: values, count: max(0, count)).joined()))
        default: break
        }
        if let a = left.integer, let b = right.integer {
            return try integerArithmetic(symbol, a, b)
        }
        if let a = left.number, let b = right.number {
            return try floatArithmetic(symbol, a, b)
        }
        throw ChatTemplateError(.render, "unsupported operand type(s) for \(symbol): '\(left.typeName)' and '\(right.typeName)'")
    }

    /// The most elements or bytes a repetition may make: a template that asks for more is broken or
    /// hostile, and refusing it beats running out of memory.
    static let maximumSize = 10_000_000

    static func checkSize(_ size: Int, times count: Int) throws {
        guard count <= 0 || size == 0 || size <= maximumSize / count else {
            throw ChatTemplateError(.render, "repetition of \(size) by \(count) is too large")
        }
    }

    private func integerArithmetic(_ symbol: String, _ a: Int, _ b: Int) throws -> JinjaValue {
        let zero = ChatTemplateError(.render, "division by zero")
        switch symbol {
        case "+", "-", "*":
            let (result, overflow) =
                symbol == "+"
                ? a.addingReportingOverflow(b)
                : symbol == "-" ? a.subtractingReportingOverflow(b) : a.multipliedReportingOverflow(by: b)
            return overflow ? .double(try floatArithmetic(symbol, Double(a), Double(b)).number!) : .int(result)
        case "/":
            guard b != 0 else { throw zero }
            return .double(Double(a) / Double(b))
        case "//", "%":
            guard b != 0 else { throw zero }
            let (quotient, overflow) = a.dividedReportingOverflow(by: b)
            if overflow { return try floatArithmetic(symbol, Double(a), Double(b)) }
            let remainder = a - quotient * b
            let floors = remainder != 0 && (remainder < 0) != (b < 0)
            return .int(symbol == "//" ? (floors ? quotient - 1 : quotient) : (floors ? remainder + b : remainder))
        case "**":
            guard b >= 0 else { return .double(pow(Double(a), Double(b))) }
            if a == 0 || a == 1 { return .int(b == 0 ? 1 : a) }
            if a == -1 { return .int(b % 2 == 0 ? 1 : -1) }
            // |a| >= 2 overflows within 64 multiplications, so the loop is short.
            var result = 1
            for _ in 0..<b {
                let (next, overflow) = result.multipliedReportingOverflow(by: a)
                if overflow { return .double(pow(Double(a), Double(b))) }
                result = next
            }
            return .int(result)
        default:
            throw ChatTemplateError(.render, "unknown operator \(symbol)")
        }
    }

    private func floatArithmetic(_ symbol: String, _ a: Double, _ b: Double) throws -> JinjaValue {
        switch symbol {
        case "+": return .double(a + b)
        case "-": return .double(a - b)
        case "*": return .double(a * b)
        case "**": return .double(pow(a, b))
        case "/", "//", "%":
            guard b != 0 else { throw ChatTemplateError(.render, "float division by zero") }
            if symbol == "/" { return .double(a / b) }
            if symbol == "//" { return .double((a / b).rounded(.down)) }
            let remainder = fmod(a, b)
            return .double(remainder != 0 && (remainder < 0) != (b < 0) ? remainder + b : remainder)
        default:
            throw ChatTemplateError(.render, "unknown operator \(symbol)")
        }
    }

    private func compare(_ symbol: String, _ left: JinjaValue, _ right: JinjaValue) throws -> Bool {
        let ordered: Bool
        let equal: Bool
        if let a = left.number, let b = right.number {
            ordered = a < b
            equal = a == b
        } else if case .string(let a) = left, case .string(let b) = right {
            ordered = PythonString.less(a, b)
            equal = a.unicodeScalars.elementsEqual(b.unicodeScalars)
        } else {
            for operand in [left, right] where operand.isUndefined { throw Self.undefinedError(operand) }
            throw ChatTemplateError(.render, "'\(symbol)' not supported between '\(left.typeName)' and '\(right.typeName)'")
        }
        switch symbol {
        case "<": return ordered
        case "<=": return ordered || equal
        case ">": return !ordered && !equal
        default: return !ordered
        }
    }

    func contains(_ container: JinjaValue, _ element: JinjaValue) throws -> Bool {
        switch container {
        case .string(let text):
            guard case .string(let part) = element else {
                throw ChatTemplateError(.render, "'in <string>' requires string as left operand, not \(element.typeName)")
            }
            return PythonString.contains(text, part)
        case .array(let values): return values.contains { $0.equals(element) }
        case .object(let object):
            guard case .string(let key) = element else { return false }
            return object[key] != nil
        case .namespace(let namespace):
            guard case .string(let key) = element else { return false }
            return namespace.attributes[key] != nil
        case .undefined: return false
        default: throw ChatTemplateError(.render, "argument of type '\(container.typeName)' is not iterable")
        }
    }
}
