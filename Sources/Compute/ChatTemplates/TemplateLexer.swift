/// Cuts a template into tokens, with the whitespace rules of the Jinja environment transformers renders
/// chat templates in: `trim_blocks` (the newline after a statement or comment tag goes), `lstrip_blocks`
/// (spaces and tabs before a statement or comment tag at the start of a line go), `-` at a tag's edge
/// strips all whitespace on that side and `+` turns the two options off for that edge. Like Jinja, one
/// trailing newline of the template is dropped, and `\r\n` is read as `\n`.
struct TemplateLexer {
    private let source: [Unicode.Scalar]
    private var position = 0
    private var tokens: [TemplateToken] = []
    /// Index of the first scalar of each line, for columns.
    private var lineStarts: [Int] = [0]

    init(_ text: String) {
        var scalars = Array(text.replacingOccurrences(of: "\r\n", with: "\n").unicodeScalars)
        if scalars.last == "\n" { scalars.removeLast() }
        source = scalars
        for (index, scalar) in scalars.enumerated() where scalar == "\n" { lineStarts.append(index + 1) }
    }

    static func tokenize(_ text: String) throws -> [TemplateToken] {
        var lexer = TemplateLexer(text)
        try lexer.run()
        return lexer.tokens
    }

    private func location(_ index: Int) -> (line: Int, column: Int) {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= index { low = middle } else { high = middle - 1 }
        }
        return (low + 1, index - lineStarts[low] + 1)
    }

    private func error(_ message: String, at index: Int) -> ChatTemplateError {
        let (line, column) = location(min(index, source.count))
        return ChatTemplateError(.syntax, message, line: line, column: column)
    }

    private func at(_ index: Int) -> Unicode.Scalar? { index < source.count ? source[index] : nil }

    private func matches(_ text: String, at index: Int) -> Bool {
        var offset = index
        for scalar in text.unicodeScalars {
            guard at(offset) == scalar else { return false }
            offset += 1
        }
        return true
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isWhitespace }

    private mutating func run() throws {
        var textStart = 0
        while position < source.count {
            guard source[position] == "{", let next = at(position + 1), next == "{" || next == "%" || next == "#" else {
                position += 1
                continue
            }
            let tagStart = position
            var text = Array(source[textStart..<tagStart])
            let modifier = at(tagStart + 2)
            if modifier == "-" {
                while let last = text.last, Self.isWhitespace(last) { text.removeLast() }
            } else if next != "{", modifier != "+" {
                // lstrip_blocks: only whitespace between the start of the line and the tag.
                let lineStart = text.lastIndex(of: "\n").map { $0 + 1 }
                if lineStart != nil || textStart == 0 || source[textStart - 1] == "\n" {
                    let start = lineStart ?? 0
                    if text[start...].allSatisfy({ $0 == " " || $0 == "\t" }) { text.removeSubrange(start...) }
                }
            }
            appendText(text, at: textStart)
            position = tagStart + 2 + (modifier == "-" || modifier == "+" ? 1 : 0)
            switch next {
            case "#": try comment(start: tagStart)
            case "%": try statement(start: tagStart)
            default: try expressionTokens(until: "}}", begin: .outputBegin, end: .outputEnd, start: tagStart)
            }
            textStart = position
        }
        appendText(Array(source[textStart..<source.count]), at: textStart)
        let (line, column) = location(source.count)
        tokens.append(TemplateToken(kind: .end, line: line, column: column))
    }

    private mutating func appendText(_ text: [Unicode.Scalar], at index: Int) {
        guard !text.isEmpty else { return }
        let (line, column) = location(index)
        tokens.append(TemplateToken(kind: .text(String(String.UnicodeScalarView(text))), line: line, column: column))
    }

    /// After a tag's closing delimiter: `-` strips what follows, otherwise trim_blocks drops one newline
    /// after statements and comments unless `+` asks to keep it.
    private mutating func afterTag(closingModifier: Unicode.Scalar?, isStatement: Bool) {
        if closingModifier == "-" {
            while let scalar = at(position), Self.isWhitespace(scalar) { position += 1 }
        } else if isStatement, closingModifier != "+", at(position) == "\n" {
            position += 1
        }
    }

    private mutating func comment(start: Int) throws {
        while position < source.count, !matches("#}", at: position) { position += 1 }
        guard position < source.count else { throw error("unclosed comment: '{#' without '#}'", at: start) }
        let modifier = position > start + 2 ? source[position - 1] : nil
        position += 2
        afterTag(closingModifier: modifier, isStatement: true)
    }

    private mutating func statement(start: Int) throws {
        var probe = position
        while let scalar = at(probe), Self.isWhitespace(scalar) { probe += 1 }
        if matches("raw", at: probe), let after = at(probe + 3), !(after.properties.isAlphabetic || after == "_") {
            try raw(start: start, from: probe + 3)
            return
        }
        try expressionTokens(until: "%}", begin: .statementBegin, end: .statementEnd, start: start)
    }

    /// `{% raw %}...{% endraw %}`: the text between is output as written.
    private mutating func raw(start: Int, from index: Int) throws {
        position = index
        while let scalar = at(position), Self.isWhitespace(scalar) { position += 1 }
        let closingModifier: Unicode.Scalar? = at(position) == "-" || at(position) == "+" ? at(position) : nil
        if closingModifier != nil { position += 1 }
        guard matches("%}", at: position) else { throw error("expected '%}' after 'raw'", at: position) }
        position += 2
        afterTag(closingModifier: closingModifier, isStatement: true)
        let contentStart = position
        while position < source.count {
            if matches("{%", at: position) {
                var probe = position + 2
                let openingModifier = at(probe)
                if openingModifier == "-" || openingModifier == "+" { probe += 1 }
                while let scalar = at(probe), Self.isWhitespace(scalar) { probe += 1 }
                if matches("endraw", at: probe) {
                    var content = Array(source[contentStart..<position])
                    if openingModifier == "-" { while let last = content.last, Self.isWhitespace(last) { content.removeLast() } }
                    appendText(content, at: contentStart)
                    position = probe + 6
                    while let scalar = at(position), Self.isWhitespace(scalar) { position += 1 }
                    let modifier: Unicode.Scalar? = at(position) == "-" || at(position) == "+" ? at(position) : nil
                    if modifier != nil { position += 1 }
                    guard matches("%}", at: position) else { throw error("expected '%}' after 'endraw'", at: position) }
                    position += 2
                    afterTag(closingModifier: modifier, isStatement: true)
                    return
                }
            }
            position += 1
        }
        throw error("'raw' block without 'endraw'", at: start)
    }

    private static let symbols = [
        "**", "//", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<", ">", "(", ")", "[", "]", "{", "}", ".", ",", ":",
        "|", "=", "?",
    ]

    private mutating func expressionTokens(
        until closer: String, begin: TemplateToken.Kind, end: TemplateToken.Kind, start: Int
    ) throws {
        let (line, column) = location(start)
        tokens.append(TemplateToken(kind: begin, line: line, column: column))
        var depth = 0
        while true {
            while let scalar = at(position), Self.isWhitespace(scalar) { position += 1 }
            guard let scalar = at(position) else {
                throw error("unclosed tag: expected '\(closer)'", at: start)
            }
            let (line, column) = location(position)
            // `}}` may close a dict literal inside the output (`{{ {'a': {}} }}`), so only at depth zero.
            if depth == 0 {
                for modifier in ["", "-", "+"] where matches(modifier + closer, at: position) {
                    position += modifier.unicodeScalars.count + 2
                    tokens.append(TemplateToken(kind: end, line: line, column: column))
                    afterTag(closingModifier: modifier.unicodeScalars.first, isStatement: end == .statementEnd)
                    return
                }
            }
            if scalar == "'" || scalar == "\"" {
                tokens.append(TemplateToken(kind: .string(try stringLiteral(quote: scalar)), line: line, column: column))
            } else if scalar.properties.numericType != nil, ("0"..."9").contains(scalar) {
                tokens.append(TemplateToken(kind: number(), line: line, column: column))
            } else if scalar == "_" || (scalar.isASCII && scalar.properties.isAlphabetic) {
                let begin = position
                while let next = at(position),
                    next == "_" || (next.isASCII && (next.properties.isAlphabetic || ("0"..."9").contains(next)))
                {
                    position += 1
                }
                tokens.append(
                    TemplateToken(
                        kind: .name(String(String.UnicodeScalarView(source[begin..<position]))), line: line, column: column))
            } else if let symbol = Self.symbols.first(where: { matches($0, at: position) }) {
                if symbol == "(" || symbol == "[" || symbol == "{" { depth += 1 }
                if symbol == ")" || symbol == "]" || symbol == "}" { depth = max(0, depth - 1) }
                position += symbol.unicodeScalars.count
                tokens.append(TemplateToken(kind: .symbol(symbol), line: line, column: column))
            } else {
                throw error("unexpected character '\(scalar)'", at: position)
            }
        }
    }

    private mutating func number() -> TemplateToken.Kind {
        let begin = position
        func digits() { while let next = at(position), ("0"..."9").contains(next) || next == "_" { position += 1 } }
        digits()
        var isFloat = false
        if at(position) == ".", let after = at(position + 1), ("0"..."9").contains(after) {
            isFloat = true
            position += 1
            digits()
        }
        if at(position) == "e" || at(position) == "E" {
            var probe = position + 1
            if at(probe) == "+" || at(probe) == "-" { probe += 1 }
            if let digit = at(probe), ("0"..."9").contains(digit) {
                isFloat = true
                position = probe
                digits()
            }
        }
        let text = String(String.UnicodeScalarView(source[begin..<position])).replacingOccurrences(of: "_", with: "")
        if !isFloat, let value = Int(text) { return .integer(value) }
        return .float(Double(text) ?? .infinity)
    }

    private mutating func stringLiteral(quote: Unicode.Scalar) throws -> String {
        let start = position
        position += 1
        var value = String.UnicodeScalarView()
        while let scalar = at(position) {
            position += 1
            if scalar == quote { return String(value) }
            guard scalar == "\\", let escaped = at(position) else {
                value.append(scalar)
                continue
            }
            position += 1
            switch escaped {
            case "n": value.append("\n")
            case "t": value.append("\t")
            case "r": value.append("\r")
            case "0": value.append("\0")
            case "\\", "'", "\"": value.append(escaped)
            case "x", "u", "U":
                let length = escaped == "x" ? 2 : escaped == "u" ? 4 : 8
                let hex = String(String.UnicodeScalarView(source[position..<min(position + length, source.count)]))
                guard hex.count == length, let code = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(code) else {
                    throw error("invalid \\\(escaped) escape in string", at: position - 2)
                }
                value.append(decoded)
                position += length
            case "\n":
                break
            default:
                // Python keeps unknown escapes as written.
                value.append("\\")
                value.append(escaped)
            }
        }
        throw error("unterminated string", at: start)
    }
}
