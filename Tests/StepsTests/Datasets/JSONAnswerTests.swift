import ArtifactStore
import Testing

@testable import Steps

@Suite("JSON answers")
struct JSONAnswerTests {
    @Test("JSON wrapped in prose or a Markdown fence is found")
    func wrapped() throws {
        let answer = "Sure! Here they are:\n```json\n[{\"instruction\": \"a\", \"answer\": \"b\"}]\n```\nHope this helps."
        #expect(try JSONAnswer.items(JSONAnswer.parse(answer)) == [.object(["instruction": "a", "answer": "b"])])
    }

    @Test("trailing commas are forgiven, but not inside strings")
    func trailingCommas() throws {
        let value = try JSONAnswer.parse("[{\"instruction\": \"x, ]\", \"answer\": \"y\",}, ]")
        #expect(value == .array([.object(["instruction": "x, ]", "answer": "y"])]))
    }

    @Test("a missing comma between elements is put back")
    func missingComma() throws {
        #expect(
            try JSONAnswer.parse("[{\"a\": 1}\n{\"a\": 2} {\"a\": \"} {\"}]")
                == .array([.object(["a": 1]), .object(["a": 2]), .object(["a": "} {"])]))
    }

    @Test("an answer cut off by the token limit keeps its complete leading elements")
    func truncated() throws {
        let cut =
            "[{\"instruction\": \"a\", \"answer\": \"b ]\"}, {\"instruction\": \"c\", \"answer\": \"d\"}, {\"instruction\": \"e\", \"ans"
        #expect(try JSONAnswer.items(JSONAnswer.parse(cut)).count == 2)
        #expect(throws: JSONAnswer.Malformed.self) { try JSONAnswer.parse("[{\"instruction\": \"e\", \"ans") }
    }

    @Test("an object holding one list gives that list; a lone item object is a list of one")
    func shapes() throws {
        #expect(try JSONAnswer.items(JSONAnswer.parse("{\"pairs\": [1, 2]}")) == [1, 2])
        #expect(try JSONAnswer.items(JSONAnswer.parse("{\"instruction\": \"a\"}")) == [.object(["instruction": "a"])])
    }

    @Test("no JSON, unclosed JSON and invalid JSON are errors saying which")
    func errors() {
        #expect(throws: JSONAnswer.Malformed(description: "the answer holds no JSON array or object")) {
            try JSONAnswer.parse("I cannot help with that.")
        }
        #expect(throws: JSONAnswer.Malformed(description: "the JSON array is never closed")) {
            try JSONAnswer.parse("here: [{\"a\": 1")
        }
        #expect(throws: JSONAnswer.Malformed(description: "the JSON object is never closed")) {
            try JSONAnswer.parse("{\"a\": 1")
        }
        #expect(throws: JSONAnswer.Malformed.self) { try JSONAnswer.parse("[{'a': 1}]") }
    }
}
