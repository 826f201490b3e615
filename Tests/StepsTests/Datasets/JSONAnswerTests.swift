import ArtifactStore
@testable import Steps
import Testing

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

    @Test("an object holding one list gives that list; a lone item object is a list of one")
    func shapes() throws {
        #expect(try JSONAnswer.items(JSONAnswer.parse("{\"pairs\": [1, 2]}")) == [1, 2])
        #expect(try JSONAnswer.items(JSONAnswer.parse("{\"instruction\": \"a\"}")) == [.object(["instruction": "a"])])
    }

    @Test("no JSON, unclosed JSON and invalid JSON are errors saying which")
    func errors() {
        #expect(throws: JSONAnswer.Malformed.self) { try JSONAnswer.parse("I cannot help with that.") }
        #expect(String(describing: (try? JSONAnswer.parse("[{\"a\": 1}")) as Any) == "nil")
        do {
            _ = try JSONAnswer.parse("here: [{\"a\": 1}")
            Issue.record("unclosed JSON parsed")
        } catch let error as JSONAnswer.Malformed {
            #expect(error.description == "the JSON array is never closed")
        } catch { Issue.record("\(error)") }
        #expect(throws: JSONAnswer.Malformed.self) { try JSONAnswer.parse("[{'a': 1}]") }
    }
}
