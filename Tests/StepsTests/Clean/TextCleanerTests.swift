import Steps
import Testing

@Suite("TextCleaner")
struct TextCleanerTests {
    @Test("Unicode is NFKC-normalized: ligatures, full-width letters and no-break spaces become plain text")
    func nfkc() {
        #expect(TextCleaner.clean("ﬁne Ｔｅｘｔ\u{00A0}here") == "fine Text here")
        #expect(TextCleaner.clean("cafe\u{0301}") == "café")
    }

    @Test("control and format characters go, newlines and tabs survive as whitespace")
    func controlAndFormat() {
        #expect(TextCleaner.clean("a\u{0007}b\u{200B}c\u{FEFF}d\u{00AD}e") == "abcde")
        #expect(TextCleaner.clean("one\ttwo\nthree") == "one two\nthree")
    }

    @Test("emoji and pictographs go, with their modifiers, joiners and variation selectors; Latin-1 symbols stay")
    func emoji() {
        #expect(TextCleaner.clean("🔧 **LLM Post-training** 👍🏽 👨‍👩‍👧 ⚡️ 🗣️ done") == "**LLM Post-training** done")
        #expect(TextCleaner.clean("© 2024, 20°C, £5") == "© 2024, 20°C, £5")
    }

    @Test("Markdown images become their alt text and links their text")
    func markdown() {
        #expect(
            TextCleaner.clean("See ![a diagram](img/x.png) and [the docs](https://x.io/docs).") == "See a diagram and the docs.")
        #expect(TextCleaner.clean("![](empty.png)text") == "text")
    }

    @Test("bare URLs are removed")
    func urls() {
        #expect(TextCleaner.clean("Read https://example.com/a?b=c and www.example.org today") == "Read and today")
    }

    @Test("repeated spaces collapse, lines are trimmed, paragraph breaks stay but blank runs become one")
    func whitespace() {
        #expect(TextCleaner.clean("  a   b  \n\n\n\n  c \n d\n\n") == "a b\n\nc\nd")
    }

    @Test("fenced code blocks are kept verbatim, emoji, URLs and indentation included")
    func code() {
        let text = "Intro  text:\n```python\n    x  =  'https://a.b'  # 🔧\n\n\n    y = [1](2)\n```\nAfter   it."
        #expect(
            TextCleaner.clean(text)
                == "Intro text:\n\n```python\n    x  =  'https://a.b'  # 🔧\n\n\n    y = [1](2)\n```\n\nAfter it.")
        #expect(TextCleaner.clean("a\n```\nnot closed  🔧") == "a\n\n```\nnot closed  🔧")
    }

    @Test("sentence punctuation stays: colons, apostrophes, quotes, parentheses")
    func punctuation() {
        let text = #"Note: it's "quoted" (really); a-b, c/d? e! f's — g…"#
        #expect(TextCleaner.clean(text) == #"Note: it's "quoted" (really); a-b, c/d? e! f's — g..."#)
    }
}
