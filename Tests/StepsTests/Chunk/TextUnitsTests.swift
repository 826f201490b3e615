import Testing

@testable import Steps

@Suite("text units")
struct TextUnitsTests {
    static func sentences(_ text: String) -> [String] {
        TextUnits.sentences(in: text[...]).map { String(text[$0]) }
    }

    @Test("sentences end at . ! ? before whitespace, after closing quotes, and not inside numbers or at a list number")
    func sentenceEnds() {
        #expect(
            Self.sentences("One. Two! Three? \"Four.\" Pi is 3.14 here.") == [
                "One.", "Two!", "Three?", "\"Four.\"", "Pi is 3.14 here.",
            ])
        #expect(Self.sentences("1. First point here. Second.") == ["1. First point here.", "Second."])
        #expect(Self.sentences("中文。第二句！") == ["中文。", "第二句！"])
    }

    @Test("blank lines, list items and headings break units; single newlines do not")
    func blocks() {
        let text = "# Title\nA sentence that\ngoes on.\n\nNew paragraph\n- item one\n- item two\n2) item three"
        #expect(
            Self.sentences(text) == [
                "# Title", "A sentence that\ngoes on.", "New paragraph", "- item one", "- item two", "2) item three",
            ])
    }

    @Test("fenced code is one unit per line, indentation kept")
    func fences() {
        let text = "Code:\n```python\ndef f():\n    return 1. + 2\n```\nAfter."
        #expect(Self.sentences(text) == ["Code:", "```python", "def f():", "    return 1. + 2", "```", "After."])
    }

    @Test("code lines keep indentation and skip blank lines")
    func lines() {
        let text = "def f():\n\n    return 1  \n"
        #expect(TextUnits.lines(in: text[...]).map { String(text[$0]) } == ["def f():", "    return 1"])
    }
}
