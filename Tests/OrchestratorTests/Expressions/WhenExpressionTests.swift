import ArtifactStore
import Orchestrator
import Testing

@Suite("WhenExpression")
struct WhenExpressionTests {
    /// Values the paths of the tests resolve to; anything else is missing.
    private let values: [String: JSONValue] = [
        "chunk.chunks.count": 5, "chunk.chunks.ratio": 0.5, "chunk.chunks.type": "chunks", "params.publish": true,
        "params.mode": "fast", "params.zero": 0, "params.empty": "", "params.list": [], "params.name": "docs",
    ]

    private func evaluate(_ text: String) throws -> Bool {
        try WhenExpression(text).evaluate { values[$0.joined(separator: ".")] }
    }

    @Test("'and' binds tighter than 'or', and 'not' tighter than both")
    func precedence() throws {
        #expect(try evaluate("true or false and false"))
        #expect(try !evaluate("(true or false) and false"))
        #expect(try !evaluate("not true or false"))
        #expect(try evaluate("not false and true"))
        #expect(try !evaluate("not (false or true)"))
        #expect(try evaluate("not not true"))
    }

    @Test("&&, || and ! are the same operators as and, or and not")
    func symbolOperators() throws {
        #expect(try evaluate("true || false && false"))
        #expect(try !evaluate("(true || false) && false"))
        #expect(try evaluate("!false && !(false || false)"))
        #expect(try evaluate("!params.zero"))
    }

    @Test("numbers compare by value, integers and decimals alike")
    func numberComparisons() throws {
        #expect(try evaluate("chunk.chunks.count > 0"))
        #expect(try evaluate("chunk.chunks.count >= 5 and chunk.chunks.count <= 5"))
        #expect(try !evaluate("chunk.chunks.count < 5"))
        #expect(try evaluate("chunk.chunks.count == 5.0"))
        #expect(try evaluate("chunk.chunks.ratio != 1"))
        #expect(try evaluate("-1 < 0"))
        #expect(try evaluate("chunk.chunks.count > -3"))
        #expect(try evaluate("0.25 < chunk.chunks.ratio"))
    }

    @Test("strings compare with either kind of quote")
    func stringComparisons() throws {
        #expect(try evaluate("params.mode == 'fast'"))
        #expect(try evaluate("params.mode != \"slow\""))
        #expect(try evaluate("'abc' < 'abd'"))
        #expect(try evaluate("chunk.chunks.type >= 'chunks'"))
        #expect(try evaluate("'and' == 'and'"))
    }

    @Test("values of different types are never equal and never ordered")
    func mixedTypes() throws {
        #expect(try !evaluate("'1' == 1"))
        #expect(try evaluate("'1' != 1"))
        #expect(try !evaluate("'b' > 1"))
        #expect(try !evaluate("true == 1"))
        #expect(try evaluate("null == null"))
    }

    @Test("a missing path is null, which is false")
    func missingPath() throws {
        #expect(try !evaluate("missing.out.count > 0"))
        #expect(try !evaluate("missing.out.flag"))
        #expect(try evaluate("not missing.out.flag"))
        #expect(try evaluate("missing.out.count == null"))
    }

    @Test("truthiness: zero, empty text, empty lists and null are false")
    func truthiness() throws {
        #expect(try evaluate("params.publish"))
        #expect(try evaluate("chunk.chunks.count"))
        #expect(try evaluate("params.name"))
        #expect(try !evaluate("params.zero"))
        #expect(try !evaluate("params.empty"))
        #expect(try !evaluate("params.list"))
        #expect(try !evaluate("null"))
    }

    @Test("the paths an expression reads are listed in order")
    func paths() throws {
        let expression = try WhenExpression("chunk.chunks.count > 0 and (params.publish or not clean-up.report.ok)")
        #expect(expression.paths == [["chunk", "chunks", "count"], ["params", "publish"], ["clean-up", "report", "ok"]])
        #expect(expression.text == "chunk.chunks.count > 0 and (params.publish or not clean-up.report.ok)")
    }

    @Test(
        "syntax errors say what is wrong and where",
        arguments: [
            ("chunk.chunks.count >", "the expression ends where a value was expected", 20),
            ("(params.publish", "a '(' is not closed", 0),
            ("params.mode = 'x'", "unexpected character '='", 12),
            ("params.mode == 'x", "the string starting at column 16 is not closed", 15),
            ("params.publish true", "unexpected 'true' after the end of the expression", 15),
            ("and params.publish", "'and' needs a value before it", 0),
            ("chunk..count > 0", "'chunk..count' is not a valid path", 0),
            ("1.2.3 > 0", "'1.2.3' is not a number", 0),
            (") or true", "unexpected ')' where a value was expected", 0),
            ("", "the expression ends where a value was expected", 0),
        ])
    func syntaxErrors(text: String, message: String, offset: Int) {
        let error = #expect(throws: WhenExpression.SyntaxError.self) { try WhenExpression(text) }
        #expect(error?.message == message)
        #expect(error?.offset == offset)
    }

    @Test("a quoted 'not' is a string, not the operator")
    func quotedKeyword() {
        let expression = try? WhenExpression("'not' == 'not'")
        do {
            #expect(expression?.evaluate { _ in nil } == true)
        }
    }
}
