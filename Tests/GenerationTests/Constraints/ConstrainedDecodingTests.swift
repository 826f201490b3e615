import Compute
import Foundation
import Testing

@testable import Generation

/// A model decoding under a grammar writes a whole document of it on every sample, even a tiny random
/// model that would never write JSON by itself, and even when `max_tokens` barely fits one.
@Suite("constrained decoding")
struct ConstrainedDecodingTests {
    static let model = DecodingSequenceTests.model
    static let table = TokenByteTable(model)
    static var verdict: [String: Any] {
        [
            "type": "object",
            "properties": [
                "accuracy": ["type": "integer", "minimum": 1, "maximum": 3],
                "reason": ["type": "string", "maxLength": 40],
                "tags": ["type": "array", "items": ["type": "string"], "maxItems": 2],
            ],
            "required": ["accuracy", "reason", "tags"],
        ]
    }

    func answer(_ grammar: JSONGrammar, seed: UInt64, maxTokens: Int) throws -> (text: String, finish: DecodingSequence.Finish) {
        let prompt = Self.model.rawPromptTokens(for: "Once")
        var sequence = try DecodingSequence(
            model: Self.model, prompt: prompt,
            options: GenerationOptions(temperature: 1, maxTokens: maxTokens, seed: seed, repetitionPenalty: 1),
            constraint: OutputConstraint(grammar, table: Self.table))
        var text = ""
        while true {
            let step = try sequence.step()
            text += step.text
            if let finish = step.finish { return (text, finish) }
        }
    }

    @Test("every sample is a whole document of the schema", arguments: 0..<12)
    func schemaSamples(seed: UInt64) throws {
        let grammar = try JSONSchemaCompiler.compile(Self.verdict)
        let (text, finish) = try answer(grammar, seed: seed, maxTokens: 120)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not an object: \(text)")
        #expect(finish == .stop)
        #expect(Set(object.keys) == ["accuracy", "reason", "tags"], "\(text)")
        #expect([1, 2, 3].contains(object["accuracy"] as? Int ?? 0), "\(text)")
        #expect(((object["reason"] as? String)?.count ?? 99) <= 40, "\(text)")
        #expect(((object["tags"] as? [Any])?.count ?? 99) <= 2, "\(text)")
    }

    @Test("json_object answers are objects even when max_tokens is only a little above the shortest", arguments: 0..<12)
    func tightBudget(seed: UInt64) throws {
        let (text, _) = try answer(.anyObject, seed: seed, maxTokens: 6)
        #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) is [String: Any], "\(text)")
    }

    @Test("a budget below the shortest document is refused before decoding, saying what to raise")
    func budgetTooSmall() throws {
        let grammar = try JSONSchemaCompiler.compile(Self.verdict)
        #expect {
            try DecodingSequence(
                model: Self.model, prompt: [1, 2], options: GenerationOptions(maxTokens: 5),
                constraint: OutputConstraint(grammar, table: Self.table))
        } throws: { error in
            (error as? GenerationError)?.message.contains("raise max_tokens") == true
        }
    }
}
