/// Parses template tokens into nodes: the statements chat templates use (`if`, `for`, `set`, `break`,
/// `continue`, and transformers' `generation` block) and Jinja's expression grammar with its precedence,
/// from the conditional expression down to filters, tests and calls.
struct TemplateParser {
    private let tokens: [TemplateToken]
    private var index = 0
    /// How deeply blocks and expressions nest; bounded so that a hostile template gets an error rather than
    /// exhausting the stack of the recursive descent.
    private var depth = 0
    static let maximumDepth = 64

    init(_ tokens: [TemplateToken]) {
        self.tokens = tokens
    }

    static func parse(_ source: String) throws -> [TemplateNode] {
        var parser = TemplateParser(try TemplateLexer.tokenize(source))
        let (nodes, stop) = try parser.nodes(until: [])
        if let stop { throw parser.error("unexpected '\(stop)' without a matching block", at: parser.index - 1) }
        return nodes
    }

    private var current: TemplateToken { tokens[min(index, tokens.count - 1)] }

    private func error(_ message: String, at position: Int? = nil) -> ChatTemplateError {
        let token = tokens[min(position ?? index, tokens.count - 1)]
        return ChatTemplateError(.syntax, message, line: token.line, column: token.column)
    }

    private static func describe(_ kind: TemplateToken.Kind) -> String {
        switch kind {
        case .text: "text"
        case .outputBegin: "'{{'"
        case .outputEnd: "'}}'"
        case .statementBegin: "'{%'"
        case .statementEnd: "'%}'"
        case .name(let name): "'\(name)'"
        case .string: "a string"
        case .integer(let value): "'\(value)'"
        case .float(let value): "'\(value)'"
        case .symbol(let symbol): "'\(symbol)'"
        case .end: "the end of the template"
        }
    }

    private mutating func advance() -> TemplateToken {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private mutating func expect(_ kind: TemplateToken.Kind, _ what: String) throws {
        guard current.kind == kind else { throw error("expected \(what), found \(Self.describe(current.kind))") }
        index += 1
    }

    private mutating func accept(symbol: String) -> Bool {
        guard current.kind == .symbol(symbol) else { return false }
        index += 1
        return true
    }

    private mutating func accept(name: String) -> Bool {
        guard current.kind == .name(name) else { return false }
        index += 1
        return true
    }

    private mutating func identifier(_ what: String) throws -> String {
        guard case .name(let name) = current.kind else { throw error("expected \(what), found \(Self.describe(current.kind))") }
        index += 1
        return name
    }

    private func peekStatement() -> String? {
        guard current.kind == .statementBegin, index + 1 < tokens.count, case .name(let name) = tokens[index + 1].kind else {
            return nil
        }
        return name
    }

    // MARK: Statements

    /// Nodes up to a statement whose keyword is in `stops`, which is consumed (its `%}` is not) and returned.
    private mutating func nodes(until stops: Set<String>) throws -> ([TemplateNode], String?) {
        try enter()
        defer { depth -= 1 }
        var nodes: [TemplateNode] = []
        while true {
            let token = current
            switch token.kind {
            case .end:
                return (nodes, nil)
            case .text(let text):
                index += 1
                nodes.append(.text(text))
            case .outputBegin:
                index += 1
                let expression = try self.expression()
                try expect(.outputEnd, "'}}'")
                nodes.append(.output(expression, line: token.line, column: token.column))
            case .statementBegin:
                guard let keyword = peekStatement() else {
                    throw error("expected a statement keyword after '{%'", at: index + 1)
                }
                if stops.contains(keyword) {
                    index += 2
                    return (nodes, keyword)
                }
                if ["endif", "endfor", "else", "elif", "endset", "endgeneration"].contains(keyword) {
                    throw error("unexpected '\(keyword)'", at: index + 1)
                }
                index += 2
                nodes.append(try statement(keyword, at: token))
            default:
                throw error("unexpected \(Self.describe(token.kind))")
            }
        }
    }

    private mutating func statement(_ keyword: String, at token: TemplateToken) throws -> TemplateNode {
        switch keyword {
        case "if": return try conditional(at: token)
        case "for": return try loop(at: token)
        case "set": return try assignment(at: token)
        case "break", "continue":
            try expect(.statementEnd, "'%}'")
            return keyword == "break" ? .breakLoop : .continueLoop
        case "generation":
            // transformers marks the assistant's part with this block; it renders as its body.
            try expect(.statementEnd, "'%}'")
            let (body, stop) = try nodes(until: ["endgeneration"])
            try close(stop, "endgeneration", opened: token)
            return .conditional(branches: [(.literal(.bool(true)), body)], otherwise: [])
        default:
            throw error("unknown or unsupported statement '\(keyword)'", at: index - 1)
        }
    }

    private mutating func close(_ stop: String?, _ expected: String, opened token: TemplateToken) throws {
        guard stop == expected else {
            throw ChatTemplateError(
                .syntax, "missing '\(expected)' for the block opened here", line: token.line, column: token.column)
        }
        try expect(.statementEnd, "'%}'")
    }

    private mutating func conditional(at token: TemplateToken) throws -> TemplateNode {
        var branches: [(condition: TemplateExpression, body: [TemplateNode])] = []
        var condition = try expression()
        try expect(.statementEnd, "'%}'")
        while true {
            let (body, stop) = try nodes(until: ["elif", "else", "endif"])
            branches.append((condition, body))
            switch stop {
            case "elif":
                condition = try expression()
                try expect(.statementEnd, "'%}'")
            case "else":
                try expect(.statementEnd, "'%}'")
                let (otherwise, stop) = try nodes(until: ["endif"])
                try close(stop, "endif", opened: token)
                return .conditional(branches: branches, otherwise: otherwise)
            default:
                try close(stop, "endif", opened: token)
                return .conditional(branches: branches, otherwise: [])
            }
        }
    }

    private mutating func loop(at token: TemplateToken) throws -> TemplateNode {
        var targets = [try identifier("a loop variable")]
        while accept(symbol: ",") { targets.append(try identifier("a loop variable")) }
        guard accept(name: "in") else { throw error("expected 'in' after the loop variables") }
        let iterable = try orExpression()
        let filter = accept(name: "if") ? try orExpression() : nil
        if current.kind == .name("recursive") { throw error("recursive loops are not supported") }
        try expect(.statementEnd, "'%}'")
        let (body, stop) = try nodes(until: ["else", "endfor"])
        var otherwise: [TemplateNode] = []
        if stop == "else" {
            try expect(.statementEnd, "'%}'")
            let (elseBody, elseStop) = try nodes(until: ["endfor"])
            otherwise = elseBody
            try close(elseStop, "endfor", opened: token)
        } else {
            try close(stop, "endfor", opened: token)
        }
        return .loop(
            TemplateLoop(
                targets: targets, iterable: iterable, filter: filter, body: body, otherwise: otherwise, line: token.line,
                column: token.column))
    }

    private mutating func assignment(at token: TemplateToken) throws -> TemplateNode {
        let first = try identifier("a variable name")
        if accept(symbol: ".") {
            let name = try identifier("an attribute name")
            try expect(.symbol("="), "'='")
            let value = try expression()
            try expect(.statementEnd, "'%}'")
            return .assign(.attribute(object: first, name: name), value: value, line: token.line, column: token.column)
        }
        var names = [first]
        while accept(symbol: ",") { names.append(try identifier("a variable name")) }
        if names.count == 1, current.kind == .statementEnd {
            index += 1
            let (body, stop) = try nodes(until: ["endset"])
            try close(stop, "endset", opened: token)
            return .assignBlock(name: first, body: body)
        }
        try expect(.symbol("="), "'='")
        let value = try expression()
        try expect(.statementEnd, "'%}'")
        return .assign(.names(names), value: value, line: token.line, column: token.column)
    }

    // MARK: Expressions

    /// A full expression; a bare `a, b` is a tuple, read as a list.
    mutating func expression() throws -> TemplateExpression {
        let first = try conditionalExpression()
        guard current.kind == .symbol(",") else { return first }
        var items = [first]
        while accept(symbol: ",") {
            if [.outputEnd, .statementEnd].contains(current.kind) { break }
            items.append(try conditionalExpression())
        }
        return .list(items)
    }

    private mutating func enter() throws {
        depth += 1
        guard depth <= Self.maximumDepth else { throw error("blocks or expressions nested more than \(Self.maximumDepth) deep") }
    }

    private mutating func conditionalExpression() throws -> TemplateExpression {
        try enter()
        defer { depth -= 1 }
        var value = try orExpression()
        while accept(name: "if") {
            let condition = try orExpression()
            let otherwise = accept(name: "else") ? try conditionalExpression() : nil
            value = .conditional(then: value, condition: condition, otherwise: otherwise)
        }
        return value
    }

    private mutating func orExpression() throws -> TemplateExpression {
        var value = try andExpression()
        while accept(name: "or") { value = .or(value, try andExpression()) }
        return value
    }

    private mutating func andExpression() throws -> TemplateExpression {
        var value = try notExpression()
        while accept(name: "and") { value = .and(value, try notExpression()) }
        return value
    }

    private mutating func notExpression() throws -> TemplateExpression {
        try enter()
        defer { depth -= 1 }
        if accept(name: "not") { return .not(try notExpression()) }
        return try comparison()
    }

    private mutating func comparison() throws -> TemplateExpression {
        var value = try sum()
        while true {
            if case .symbol(let symbol) = current.kind, ["==", "!=", "<", "<=", ">", ">="].contains(symbol) {
                index += 1
                value = .binary(symbol, value, try sum())
            } else if accept(name: "in") {
                value = .binary("in", value, try sum())
            } else if current.kind == .name("not"), index + 1 < tokens.count, tokens[index + 1].kind == .name("in") {
                index += 2
                value = .not(.binary("in", value, try sum()))
            } else {
                return value
            }
        }
    }

    private mutating func sum() throws -> TemplateExpression {
        var value = try concatenation()
        while case .symbol(let symbol) = current.kind, symbol == "+" || symbol == "-" {
            index += 1
            value = .binary(symbol, value, try concatenation())
        }
        return value
    }

    private mutating func concatenation() throws -> TemplateExpression {
        var value = try product()
        while accept(symbol: "~") { value = .binary("~", value, try product()) }
        return value
    }

    private mutating func product() throws -> TemplateExpression {
        var value = try power()
        while case .symbol(let symbol) = current.kind, ["*", "/", "//", "%"].contains(symbol) {
            index += 1
            value = .binary(symbol, value, try power())
        }
        return value
    }

    private mutating func power() throws -> TemplateExpression {
        var value = try unary()
        while accept(symbol: "**") { value = .binary("**", value, try unary()) }
        return value
    }

    private mutating func unary() throws -> TemplateExpression {
        if accept(symbol: "-") { return try filtered(.negate(try unary(filtered: false))) }
        if accept(symbol: "+") { return try filtered(try unary(filtered: false)) }
        return try unary(filtered: true)
    }

    private mutating func unary(filtered applyFilters: Bool) throws -> TemplateExpression {
        try enter()
        defer { depth -= 1 }
        if accept(symbol: "-") { return .negate(try unary(filtered: false)) }
        let value = try postfix(try primary())
        return applyFilters ? try filtered(value) : value
    }

    /// Filters (`|name(args)`) and tests (`is [not] name args`), which bind tighter than any operator.
    private mutating func filtered(_ start: TemplateExpression) throws -> TemplateExpression {
        var value = start
        while true {
            if accept(symbol: "|") {
                let name = try dottedName("a filter name")
                let arguments = current.kind == .symbol("(") ? try callArguments() : TemplateArguments()
                value = .filter(value, name: name, arguments)
            } else if accept(name: "is") {
                let negated = accept(name: "not")
                let name = try testName()
                var arguments = TemplateArguments()
                if current.kind == .symbol("(") {
                    arguments = try callArguments()
                } else if startsTestArgument() {
                    arguments.positional = [try postfix(try primary())]
                }
                value = .test(value, name: name, arguments, negated: negated)
            } else {
                return value
            }
        }
    }

    private mutating func testName() throws -> String {
        // `is none`, `is true` and `is false` name tests that share their spelling with literals.
        if case .name(let name) = current.kind {
            index += 1
            return name
        }
        throw error("expected a test name after 'is', found \(Self.describe(current.kind))")
    }

    private func startsTestArgument() -> Bool {
        switch current.kind {
        case .string, .integer, .float: return true
        case .name(let name): return !["and", "or", "if", "else", "in", "is", "not"].contains(name)
        default: return false
        }
    }

    private mutating func dottedName(_ what: String) throws -> String {
        var name = try identifier(what)
        while accept(symbol: ".") { name += "." + (try identifier(what)) }
        return name
    }

    private mutating func postfix(_ start: TemplateExpression) throws -> TemplateExpression {
        var value = start
        while true {
            if accept(symbol: ".") {
                if case .integer(let position) = current.kind {
                    index += 1
                    value = .item(value, .literal(.int(position)))
                } else {
                    value = .attribute(value, try identifier("an attribute name"))
                }
            } else if accept(symbol: "[") {
                value = try subscriptExpression(value)
            } else if current.kind == .symbol("(") {
                value = .call(value, try callArguments())
            } else {
                return value
            }
        }
    }

    private mutating func subscriptExpression(_ base: TemplateExpression) throws -> TemplateExpression {
        var parts: [TemplateExpression?] = [nil]
        var isSlice = false
        while !accept(symbol: "]") {
            if accept(symbol: ":") {
                isSlice = true
                parts.append(nil)
                guard parts.count <= 3 else { throw error("a slice takes at most start:stop:step") }
                continue
            }
            guard parts[parts.count - 1] == nil else { throw error("expected ']' or ':' in subscript") }
            parts[parts.count - 1] = try conditionalExpression()
        }
        if !isSlice {
            guard let key = parts[0] else { throw error("empty subscript") }
            return .item(base, key)
        }
        return .slice(base, start: parts[0], stop: parts.count > 1 ? parts[1] : nil, step: parts.count > 2 ? parts[2] : nil)
    }

    private mutating func callArguments() throws -> TemplateArguments {
        try expect(.symbol("("), "'('")
        var arguments = TemplateArguments()
        while !accept(symbol: ")") {
            if case .name(let name) = current.kind, index + 1 < tokens.count, tokens[index + 1].kind == .symbol("=") {
                index += 2
                arguments.keyword.append((name, try conditionalExpression()))
            } else {
                guard arguments.keyword.isEmpty else { throw error("positional argument after a keyword argument") }
                arguments.positional.append(try conditionalExpression())
            }
            if !accept(symbol: ",") {
                try expect(.symbol(")"), "',' or ')'")
                break
            }
        }
        return arguments
    }

    private mutating func primary() throws -> TemplateExpression {
        let token = advance()
        switch token.kind {
        case .string(var text):
            // Adjacent string literals join, as in Python.
            while case .string(let more) = current.kind {
                text += more
                index += 1
            }
            return .literal(.string(text))
        case .integer(let value): return .literal(.int(value))
        case .float(let value): return .literal(.double(value))
        case .name(let name):
            switch name {
            case "true", "True": return .literal(.bool(true))
            case "false", "False": return .literal(.bool(false))
            case "none", "None": return .literal(.null)
            default: return .name(name)
            }
        case .symbol("("):
            if accept(symbol: ")") { return .list([]) }
            let value = try expression()
            try expect(.symbol(")"), "')'")
            return value
        case .symbol("["):
            var items: [TemplateExpression] = []
            while !accept(symbol: "]") {
                items.append(try conditionalExpression())
                if !accept(symbol: ",") {
                    try expect(.symbol("]"), "',' or ']'")
                    break
                }
            }
            return .list(items)
        case .symbol("{"):
            var entries: [(key: TemplateExpression, value: TemplateExpression)] = []
            while !accept(symbol: "}") {
                let key = try conditionalExpression()
                try expect(.symbol(":"), "':' in a dict literal")
                entries.append((key, try conditionalExpression()))
                if !accept(symbol: ",") {
                    try expect(.symbol("}"), "',' or '}'")
                    break
                }
            }
            return .dictionary(entries)
        default:
            index -= token.kind == .end ? 0 : 1
            throw error("expected an expression, found \(Self.describe(token.kind))")
        }
    }
}
