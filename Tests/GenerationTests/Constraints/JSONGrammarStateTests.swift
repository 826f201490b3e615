import Foundation
import Testing

@testable import Generation

/// The byte-by-byte reader of a grammar: it takes exactly the prefixes of documents the grammar accepts,
/// and knows the fewest bytes that finish one from wherever it is.
@Suite("JSON grammar state")
struct JSONGrammarStateTests {
    static var person: [String: Any] {
        [
            "type": "object",
            "properties": [
                "name": ["type": "string", "maxLength": 12],
                "age": ["type": "integer", "minimum": 0, "maximum": 120],
                "tags": ["type": "array", "items": ["type": "string", "enum": ["a", "b"]], "maxItems": 3],
                "score": ["type": "number"],
                "nick": ["type": ["string", "null"]],
            ],
            "required": ["name", "age", "tags"],
        ]
    }

    func accepts(_ grammar: JSONGrammar, _ text: String) -> (fed: Bool, complete: Bool) {
        var state = JSONGrammarState(grammar)
        let fed = state.feed(Array(text.utf8))
        return (fed, fed && state.isComplete)
    }

    @Test(
        "documents of the schema are taken whole",
        arguments: [
            #"{"name":"Ada","age":36,"tags":[]}"#,
            #"{ "name": "Ada", "age": 120, "tags": ["a", "b"], "nick": null, "score": -1.5e3 }"#,
            #"{"name":"A\"d\u00e9","age":0,"tags":["b"],"nick":"x"}"#,
            "{\n  \"name\": \"Zoë\",\n  \"age\": 7,\n  \"tags\": [\"a\"]\n}",
        ])
    func validDocuments(text: String) throws {
        let grammar = try JSONSchemaCompiler.compile(Self.person)
        #expect(accepts(grammar, text) == (true, true))
    }

    @Test(
        "a byte that leaves the schema is refused",
        arguments: [
            #"{"age":1"#,  // a required property skipped
            #"{"name":"Ada","age":121"#,  // out of range
            #"{"name":"Ada","age":3.5"#,  // not an integer
            #"{"name":"Ada","age":1,"tags":["c"]"#,  // not in the enum
            #"{"name":"Ada","age":1,"tags":["a","a","a","a"]"#,  // too many items
            #"{"name":"Ada","age":1,"tags":[],"extra":1"#,  // undeclared key
            #"{"name":"Ada","age":1,"tags":[]},"#,  // after the end
            #"{"name":"abcdefghijklm""#,  // too long
            #"{"name":"Ada","age":01"#,  // a leading zero
            "{\"name\":\"a\nb\"",  // a raw newline inside a string
            #"{"name":"Ada","age":1,"tags":[],}"#,  // a trailing comma
        ])
    func invalidPrefixes(text: String) throws {
        let grammar = try JSONSchemaCompiler.compile(Self.person)
        #expect(!accepts(grammar, text).fed)
    }

    @Test("a document is complete only once it is closed; an unfinished one is not")
    func completeness() throws {
        let grammar = try JSONSchemaCompiler.compile(Self.person)
        #expect(accepts(grammar, #"{"name":"Ada","age":36,"tags":[]"#) == (true, false))
        #expect(accepts(.number(integer: false), "12") == (true, true))
        #expect(accepts(.number(integer: false), "12.") == (true, false))
        #expect(accepts(.anyObject, #"{"a":[1,{"b":null}],"c":"d"}"#) == (true, true))
    }

    @Test("whitespace runs are limited, so a model that indents forever is stopped")
    func whitespaceLimit() {
        #expect(accepts(.anyObject, "{" + String(repeating: " ", count: 16) + "}") == (true, true))
        #expect(!accepts(.anyObject, "{" + String(repeating: " ", count: 17) + "}").fed)
    }

    /// From any prefix, always writing a byte that lowers `minimumRemaining` by one ends in a whole
    /// document after exactly `minimumRemaining` bytes: the number is exact, not a guess.
    @Test(
        "minimumRemaining is the exact length of the shortest way to finish, from random prefixes",
        arguments: 0..<40)
    func shortestCompletion(seed: Int) throws {
        let grammars: [JSONGrammar] = [
            try JSONSchemaCompiler.compile(Self.person), .anyObject,
            try JSONSchemaCompiler.compile([
                "type": "array", "items": ["type": "object", "properties": ["x": ["type": "boolean"]], "required": ["x"]],
                "minItems": 2,
            ]),
        ]
        var random = SeededRandom(seed: UInt64(seed))
        let grammar = grammars[seed % grammars.count]
        var state = JSONGrammarState(grammar)
        var text: [UInt8] = []
        let alphabet = Array(#"{}[]",:-0123456789.eEtruefalsn abxyz\"#.utf8)
        for _ in 0..<Int.random(in: 0..<60, using: &random) {
            let choices = alphabet.filter {
                var next = state; return next.feed($0)
            }
            guard let byte = choices.randomElement(using: &random), !state.isFinished else { break }
            _ = state.feed(byte)
            text.append(byte)
        }
        let promised = state.minimumRemaining
        var written = 0
        while !state.isComplete {
            let step = (0...255).map(UInt8.init).first { byte in
                var next = state
                return next.feed(byte) && next.minimumRemaining == state.minimumRemaining - 1
            }
            let byte = try #require(step, "no byte shortens \(String(decoding: text, as: UTF8.self))")
            _ = state.feed(byte)
            text.append(byte)
            written += 1
        }
        #expect(written == promised, "\(String(decoding: text, as: UTF8.self))")
        #expect(
            (try? JSONSerialization.jsonObject(with: Data(text), options: .fragmentsAllowed)) != nil,
            "not JSON: \(String(decoding: text, as: UTF8.self))")
    }
}

/// A small seeded generator, so that a failing case can be replayed.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
