import ArtifactStore

struct WhenToken: Equatable {
    enum Kind: Equatable { case number, string, word, symbol }
    var kind: Kind
    var text: String
    var offset: Int

    /// A keyword (`and`) or symbol (`&&`) operator; a quoted 'and' is a string, never an operator.
    func isOperator(_ word: String, _ symbol: String) -> Bool {
        (kind == .word && text == word) || (kind == .symbol && text == symbol)
    }
}

enum WhenLexer {
    static func tokens(_ text: String) throws -> [WhenToken] {
        let characters = Array(text)
        var tokens: [WhenToken] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character.isNumber
                || (character == "-" && index + 1 < characters.count && characters[index + 1].isNumber
                    && (tokens.last.map { $0.kind == .symbol } ?? true))
            {
                let start = index
                index += 1
                while index < characters.count, characters[index].isNumber || characters[index] == "." { index += 1 }
                tokens.append(.init(kind: .number, text: String(characters[start..<index]), offset: start))
            } else if character == "\"" || character == "'" {
                let start = index
                index += 1
                var value = ""
                while index < characters.count, characters[index] != character {
                    value.append(characters[index])
                    index += 1
                }
                guard index < characters.count else {
                    throw WhenExpression.SyntaxError(
                        message: "the string starting at column \(start + 1) is not closed", offset: start)
                }
                index += 1
                tokens.append(.init(kind: .string, text: value, offset: start))
            } else if character.isLetter || character == "_" {
                let start = index
                while index < characters.count,
                    characters[index].isLetter || characters[index].isNumber || "_-.".contains(characters[index])
                {
                    index += 1
                }
                tokens.append(.init(kind: .word, text: String(characters[start..<index]), offset: start))
            } else {
                let two = index + 1 < characters.count ? String(characters[index...index + 1]) : ""
                if ["==", "!=", "<=", ">=", "&&", "||"].contains(two) {
                    tokens.append(.init(kind: .symbol, text: two, offset: index))
                    index += 2
                } else if "<>!()".contains(character) {
                    tokens.append(.init(kind: .symbol, text: String(character), offset: index))
                    index += 1
                } else {
                    throw WhenExpression.SyntaxError(message: "unexpected character '\(character)'", offset: index)
                }
            }
        }
        return tokens
    }
}

struct WhenParser {
    var tokens: [WhenToken]
    var position = 0

    var peek: WhenToken? { position < tokens.count ? tokens[position] : nil }

    mutating func parseExpression() throws -> WhenExpression.Node {
        var lhs = try parseAnd()
        while let token = peek, token.isOperator("or", "||") {
            position += 1
            lhs = .or(lhs, try parseAnd())
        }
        return lhs
    }

    private mutating func parseAnd() throws -> WhenExpression.Node {
        var lhs = try parseNot()
        while let token = peek, token.isOperator("and", "&&") {
            position += 1
            lhs = .and(lhs, try parseNot())
        }
        return lhs
    }

    private mutating func parseNot() throws -> WhenExpression.Node {
        if let token = peek, token.isOperator("not", "!") {
            position += 1
            return .not(try parseNot())
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws -> WhenExpression.Node {
        let lhs = try parsePrimary()
        if let token = peek, token.kind == .symbol, ["==", "!=", "<", "<=", ">", ">="].contains(token.text) {
            position += 1
            return .compare(lhs, token.text, try parsePrimary())
        }
        return lhs
    }

    private mutating func parsePrimary() throws -> WhenExpression.Node {
        guard let token = peek else {
            throw WhenExpression.SyntaxError(
                message: "the expression ends where a value was expected",
                offset: tokens.last.map { $0.offset + $0.text.count } ?? 0)
        }
        position += 1
        switch token.kind {
        case .number:
            if let int = Int(token.text) { return .literal(.int(int)) }
            if let double = Double(token.text) { return .literal(.double(double)) }
            throw WhenExpression.SyntaxError(message: "'\(token.text)' is not a number", offset: token.offset)
        case .string:
            return .literal(.string(token.text))
        case .word:
            switch token.text {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "null": return .literal(.null)
            case "and", "or", "not":
                throw WhenExpression.SyntaxError(message: "'\(token.text)' needs a value before it", offset: token.offset)
            default:
                let parts = token.text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                guard parts.allSatisfy({ !$0.isEmpty }) else {
                    throw WhenExpression.SyntaxError(message: "'\(token.text)' is not a valid path", offset: token.offset)
                }
                return .path(parts)
            }
        case .symbol:
            if token.text == "(" {
                let inner = try parseExpression()
                guard let close = peek, close.kind == .symbol, close.text == ")" else {
                    throw WhenExpression.SyntaxError(message: "a '(' is not closed", offset: token.offset)
                }
                position += 1
                return inner
            }
            throw WhenExpression.SyntaxError(
                message: "unexpected '\(token.text)' where a value was expected", offset: token.offset)
        }
    }
}
