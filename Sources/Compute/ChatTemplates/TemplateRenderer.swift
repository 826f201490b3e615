import Foundation

/// Renders parsed nodes. Scoping follows Jinja: a `for` loop's body has its own scope, so a `set` inside it
/// is gone after the loop (which is why templates count with `namespace()`), while `if` has none.
final class TemplateRenderer {
    /// `break` and `continue` unwind to the loop that runs the body.
    enum LoopSignal: Error {
        case breakLoop
        case continueLoop
    }

    static let globalFunctions: Set<String> = ["range", "namespace", "raise_exception", "strftime_now", "dict"]

    private var scopes: [[String: JinjaValue]]
    private var output = ""
    private var loopDepth = 0

    init(variables: [String: JinjaValue]) {
        scopes = [variables]
    }

    func render(_ nodes: [TemplateNode]) throws -> String {
        try run(nodes)
        return output
    }

    func lookup(_ name: String) -> JinjaValue {
        for scope in scopes.reversed() {
            if let value = scope[name] { return value }
        }
        return Self.globalFunctions.contains(name) ? .function(name) : .undefined(name)
    }

    private func assign(_ name: String, _ value: JinjaValue) {
        scopes[scopes.count - 1][name] = value
    }

    private func run(_ nodes: [TemplateNode]) throws {
        for node in nodes {
            switch node {
            case .text(let text):
                output += text
            case .output(let expression, let line, let column):
                output += try located(line, column) { try evaluate(expression).text }
            case .conditional(let branches, let otherwise):
                if let branch = try branches.first(where: { try evaluate($0.condition).isTrue }) {
                    try run(branch.body)
                } else {
                    try run(otherwise)
                }
            case .loop(let loop):
                try located(loop.line, loop.column) { try run(loop) }
            case .assign(let target, let value, let line, let column):
                try located(line, column) { try assign(target, try evaluate(value)) }
            case .assignBlock(let name, let body):
                let saved = output
                output = ""
                try run(body)
                let value = output
                output = saved
                assign(name, .string(value))
            case .breakLoop, .continueLoop:
                guard loopDepth > 0 else { throw ChatTemplateError(.render, "'break' or 'continue' outside a loop") }
                throw { if case .breakLoop = node { LoopSignal.breakLoop } else { LoopSignal.continueLoop } }()
            }
        }
    }

    /// Gives errors without a place the line and column of the tag being rendered.
    private func located<T>(_ line: Int, _ column: Int, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as ChatTemplateError where error.line == 0 && error.kind == .render {
            error.line = line
            error.column = column
            throw error
        }
    }

    private func assign(_ target: TemplateAssignment, _ value: JinjaValue) throws {
        switch target {
        case .names(let names) where names.count == 1:
            assign(names[0], value)
        case .names(let names):
            let values = try unpack(value, into: names.count)
            for (name, value) in zip(names, values) { assign(name, value) }
        case .attribute(let objectName, let name):
            guard case .namespace(let namespace) = lookup(objectName) else {
                throw ChatTemplateError(.render, "cannot assign attribute on non-namespace object '\(objectName)'")
            }
            namespace.attributes[name] = value
        }
    }

    private func unpack(_ value: JinjaValue, into count: Int) throws -> [JinjaValue] {
        guard let values = value.iterated(), values.count == count else {
            throw ChatTemplateError(.render, "cannot unpack \(value.typeName) into \(count) values")
        }
        return values
    }

    private func run(_ loop: TemplateLoop) throws {
        let iterable = try evaluate(loop.iterable)
        guard var items = iterable.iterated() else {
            throw ChatTemplateError(.render, "'\(iterable.typeName)' object is not iterable")
        }
        scopes.append([:])
        loopDepth += 1
        defer {
            scopes.removeLast()
            loopDepth -= 1
        }
        func bind(_ item: JinjaValue) throws {
            if loop.targets.count == 1 {
                assign(loop.targets[0], item)
            } else {
                for (name, value) in zip(loop.targets, try unpack(item, into: loop.targets.count)) { assign(name, value) }
            }
        }
        if let filter = loop.filter {
            items = try items.filter { item in
                try bind(item)
                return try evaluate(filter).isTrue
            }
        }
        for (position, item) in items.enumerated() {
            var info = JinjaObject()
            info["index"] = .int(position + 1)
            info["index0"] = .int(position)
            info["revindex"] = .int(items.count - position)
            info["revindex0"] = .int(items.count - position - 1)
            info["first"] = .bool(position == 0)
            info["last"] = .bool(position == items.count - 1)
            info["length"] = .int(items.count)
            info["previtem"] = position > 0 ? items[position - 1] : .undefined("loop.previtem")
            info["nextitem"] = position + 1 < items.count ? items[position + 1] : .undefined("loop.nextitem")
            assign("loop", .object(info))
            try bind(item)
            do {
                try run(loop.body)
            } catch LoopSignal.continueLoop {
                continue
            } catch LoopSignal.breakLoop {
                break
            }
        }
        if items.isEmpty { try run(loop.otherwise) }
    }

    // MARK: Expressions

    func evaluate(_ expression: TemplateExpression) throws -> JinjaValue {
        switch expression {
        case .literal(let value):
            return JinjaValue(value)
        case .name(let name):
            return lookup(name)
        case .list(let items):
            return .array(try items.map(evaluate))
        case .dictionary(let entries):
            var object = JinjaObject()
            for entry in entries { object[try evaluate(entry.key).text] = try evaluate(entry.value) }
            return .object(object)
        case .attribute(let base, let name):
            return try attribute(try evaluate(base), name)
        case .item(let base, let key):
            return try item(try evaluate(base), try evaluate(key))
        case .slice(let base, let start, let stop, let step):
            return try slice(
                try evaluate(base), start: try start.map(evaluate), stop: try stop.map(evaluate), step: try step.map(evaluate))
        case .call(let callee, let arguments):
            if case .attribute(let base, let name) = callee {
                let receiver = try evaluate(base)
                if let result = try method(receiver, name, try evaluate(arguments)) { return result }
            }
            return try call(try evaluate(callee), try evaluate(arguments))
        case .filter(let base, let name, let arguments):
            return try filter(name, try evaluate(base), try evaluate(arguments))
        case .test(let base, let name, let arguments, let negated):
            return .bool(try test(name, try evaluate(base), try evaluate(arguments)) != negated)
        case .not(let operand):
            return .bool(!(try evaluate(operand).isTrue))
        case .negate(let operand):
            return try negate(try evaluate(operand))
        case .binary(let symbol, let left, let right):
            return try binary(symbol, try evaluate(left), try evaluate(right))
        case .and(let left, let right):
            let value = try evaluate(left)
            return value.isTrue ? try evaluate(right) : value
        case .or(let left, let right):
            let value = try evaluate(left)
            return value.isTrue ? value : try evaluate(right)
        case .conditional(let then, let condition, let otherwise):
            if try evaluate(condition).isTrue { return try evaluate(then) }
            return try otherwise.map(evaluate) ?? .undefined("conditional expression")
        }
    }

    func evaluate(_ arguments: TemplateArguments) throws -> EvaluatedArguments {
        EvaluatedArguments(
            positional: try arguments.positional.map(evaluate),
            keyword: try arguments.keyword.map { ($0.name, try evaluate($0.value)) })
    }

    static func undefinedError(_ value: JinjaValue) -> ChatTemplateError {
        if case .undefined(let name) = value { return ChatTemplateError(.render, "'\(name)' is undefined") }
        return ChatTemplateError(.render, "unexpected \(value.typeName)")
    }

    func attribute(_ base: JinjaValue, _ name: String) throws -> JinjaValue {
        switch base {
        case .undefined: throw Self.undefinedError(base)
        case .object(let object): return object[name] ?? .undefined(name)
        case .namespace(let namespace): return namespace.attributes[name] ?? .undefined(name)
        default: return .undefined(name)
        }
    }

    func item(_ base: JinjaValue, _ key: JinjaValue) throws -> JinjaValue {
        switch (base, key) {
        case (.undefined, _):
            throw Self.undefinedError(base)
        case (.object(let object), .string(let name)):
            return object[name] ?? .undefined(name)
        case (.namespace(let namespace), .string(let name)):
            return namespace.attributes[name] ?? .undefined(name)
        case (.array(let values), _):
            guard let position = key.integer else { return .undefined("[\(key.representation)]") }
            let resolved = position < 0 ? values.count + position : position
            return values.indices.contains(resolved) ? values[resolved] : .undefined("[\(position)]")
        case (.string(let text), _):
            let scalars = Array(text.unicodeScalars)
            guard let position = key.integer else { return .undefined("[\(key.representation)]") }
            let resolved = position < 0 ? scalars.count + position : position
            return scalars.indices.contains(resolved) ? .string(String(scalars[resolved])) : .undefined("[\(position)]")
        default:
            return .undefined("[\(key.representation)]")
        }
    }

    /// Python slicing, negative indices and steps included.
    private func slice(_ base: JinjaValue, start: JinjaValue?, stop: JinjaValue?, step: JinjaValue?) throws -> JinjaValue {
        func bound(_ value: JinjaValue?) throws -> Int? {
            guard let value, !(value.isUndefined), !(value.equals(.none)) else { return nil }
            guard let number = value.integer else { throw ChatTemplateError(.render, "slice indices must be integers") }
            return number
        }
        let stepValue = try bound(step) ?? 1
        guard stepValue != 0 else { throw ChatTemplateError(.render, "slice step cannot be zero") }
        func indices(_ count: Int) throws -> [Int] {
            func clamp(_ value: Int?, _ fallback: Int, low: Int, high: Int) -> Int {
                guard var value else { return fallback }
                if value < 0 { value += count }
                return min(max(value, low), high)
            }
            if stepValue > 0 {
                let from = clamp(try bound(start), 0, low: 0, high: count)
                let to = clamp(try bound(stop), count, low: 0, high: count)
                return Array(stride(from: from, to: to, by: stepValue))
            }
            let from = clamp(try bound(start), count - 1, low: -1, high: count - 1)
            let to = clamp(try bound(stop), -1, low: -1, high: count - 1)
            return Array(stride(from: from, to: to, by: stepValue))
        }
        switch base {
        case .array(let values):
            return .array(try indices(values.count).map { values[$0] })
        case .string(let text):
            let scalars = Array(text.unicodeScalars)
            return .string(PythonString.string(try indices(scalars.count).map { scalars[$0] }))
        default:
            throw base.isUndefined
                ? Self.undefinedError(base) : ChatTemplateError(.render, "'\(base.typeName)' object is not subscriptable")
        }
    }

    private func negate(_ value: JinjaValue) throws -> JinjaValue {
        switch value {
        case .int(let number):
            let (result, overflow) = 0.subtractingReportingOverflow(number)
            return overflow ? .double(-Double(number)) : .int(result)
        case .double(let number): return .double(-number)
        case .bool(let flag): return .int(flag ? -1 : 0)
        default:
            throw value.isUndefined
                ? Self.undefinedError(value) : ChatTemplateError(.render, "bad operand type for unary -: '\(value.typeName)'")
        }
    }
}

/// Arguments after evaluation, with Python's way of taking one by position or by name.
struct EvaluatedArguments {
    var positional: [JinjaValue]
    var keyword: [(name: String, value: JinjaValue)]

    func value(_ position: Int, _ name: String) -> JinjaValue? {
        if position < positional.count { return positional[position] }
        return keyword.first { $0.name == name }?.value
    }
}
