import Foundation
import Testing

@testable import Generation

/// Schemas become grammars; what cannot be enforced is refused by name and place, never ignored.
@Suite("JSON schema compiler")
struct JSONSchemaCompilerTests {
    @Test(
        "a keyword that cannot be enforced is an error naming where it is",
        arguments: [
            (#"{"type": "string", "pattern": "^a"}"#, "pattern"),
            (#"{"type": "object", "properties": {"when": {"type": "string", "format": "date-time"}}}"#, "properties.when.format"),
            (#"{"type": "integer", "minimum": 0}"#, "minimum"),
            (#"{"type": "object", "properties": {"a": {"type": "strin"}}}"#, "properties.a.type"),
            (#"{"anyOf": [{"type": "string"}, {"type": "string", "maxLength": 2}]}"#, "anyOf"),
            (##"{"$ref": "#/$defs/missing"}"##, "$ref"),
            (#"{"type": "object", "properties": {"a": {"type": "string"}}, "required": ["b"]}"#, "required"),
        ])
    func refusals(text: String, path: String) throws {
        let schema = try JSONSerialization.jsonObject(with: Data(text.utf8))
        #expect(throws: JSONSchemaError.self) { try JSONSchemaCompiler.compile(schema) }
        do {
            _ = try JSONSchemaCompiler.compile(schema)
        } catch {
            #expect(error.path == path, "\(error)")
        }
    }

    @Test("required properties are written in the order 'required' lists them, optional ones after by name")
    func propertyOrder() throws {
        let grammar = try JSONSchemaCompiler.compile([
            "type": "object",
            "properties": ["b": ["type": "null"], "a": ["type": "null"], "c": ["type": "null"], "d": ["type": "null"]],
            "required": ["c", "a"],
        ])
        guard case .object(let shape) = grammar else { Issue.record("not an object: \(grammar)"); return }
        #expect(shape.properties.map(\.name) == ["c", "a", "b", "d"])
        #expect(shape.properties.map(\.required) == [true, true, false, false])
    }

    @Test("a small integer range, enum, const, $ref and a list of types are enforced")
    func supported() throws {
        let grammar = try JSONSchemaCompiler.compile([
            "$defs": ["score": ["type": "integer", "minimum": 1, "maximum": 3]],
            "type": "object",
            "properties": [
                "accuracy": ["$ref": "#/$defs/score"], "kind": ["const": "review"],
                "note": ["type": ["string", "null"]], "mood": ["enum": ["good", 2, true]],
            ],
            "required": ["accuracy", "kind", "note", "mood"],
        ])
        var state = JSONGrammarState(grammar)
        let fed = state.feed(Array(#"{"accuracy":2,"kind":"review","note":null,"mood":2}"#.utf8))
        #expect(fed && state.isComplete)
        var bad = JSONGrammarState(grammar)
        let refused = !bad.feed(Array(#"{"accuracy":4"#.utf8))
        #expect(refused)
    }
}
