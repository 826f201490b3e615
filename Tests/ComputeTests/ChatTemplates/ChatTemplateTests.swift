import Compute
import Foundation
import OrchestrateTesting
import Testing

/// The interpreter's behaviour beyond the reference templates: errors with places, `raise_exception`,
/// undefined values, scoping, and loading from a model folder.
@Suite("ChatTemplate")
struct ChatTemplateTests {
    static func render(_ source: String, _ context: [String: TemplateValue] = [:]) throws -> String {
        try ChatTemplate(source).render(context: context)
    }

    static func syntaxError(_ source: String) -> ChatTemplateError? {
        do {
            _ = try ChatTemplate(source)
            return nil
        } catch {
            return error as? ChatTemplateError
        }
    }

    @Test("syntax errors give the line and column of the offending token")
    func syntaxErrors() throws {
        let unclosed = try #require(Self.syntaxError("line one\n{% if x %}\nyes\n"))
        #expect(unclosed.kind == .syntax)
        #expect((unclosed.line, unclosed.column) == (2, 1))
        #expect(unclosed.message.contains("endif"))
        let stray = try #require(Self.syntaxError("ab\n  {{ 1 + }}"))
        #expect((stray.line, stray.column) == (2, 10))
        #expect(stray.description == "2:10: expected an expression, found '}}'")
        let unknown = try #require(Self.syntaxError("{% macro f() %}{% endmacro %}"))
        #expect(unknown.message == "unknown or unsupported statement 'macro'")
        #expect((unknown.line, unknown.column) == (1, 4))
        #expect(Self.syntaxError("{{ 'open }}")?.message == "unterminated string")
        #expect(Self.syntaxError("{{ x ")?.message == "unclosed tag: expected '}}'")
        #expect(Self.syntaxError("{# never closed")?.message.contains("unclosed comment") == true)
        #expect(Self.syntaxError("{% endfor %}")?.message == "unexpected 'endfor'")
        #expect(Self.syntaxError("{{ a $ b }}")?.column == 6)
    }

    @Test("hostile templates get errors, not crashes: deep nesting, huge repetitions, integer edges")
    func hostile() throws {
        let parentheses = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        #expect(Self.syntaxError("{{ \(parentheses) }}")?.message.contains("nested more than") == true)
        #expect(Self.syntaxError(String(repeating: "{% if x %}", count: 10_000))?.message.contains("nested more than") == true)
        #expect(Self.syntaxError("{{ " + String(repeating: "not ", count: 10_000) + "x }}") != nil)
        #expect(throws: ChatTemplateError.self) { try Self.render("{{ 'ab' * 1000000000000 }}") }
        #expect(throws: ChatTemplateError.self) { try Self.render("{{ range(10000000000000) }}") }
        #expect(throws: ChatTemplateError.self) { try Self.render("{{ range(-9223372036854775807, 9223372036854775807) }}") }
        #expect(
            try Self.render("{{ (-9223372036854775807 - 1) // -1 }} {{ -(-9223372036854775807 - 1) }}")
                == "9.223372036854776e+18 9.223372036854776e+18")
        #expect(
            try Self.render("{{ 1 ** 1000000000000 }} {{ 2 ** 10 }} {{ 1e300 | int }} {{ 7 // -2 }} {{ -7 % 3 }}")
                == "1 1024 0 -4 2")
    }

    @Test("raise_exception surfaces as a raised error with the template's message")
    func raiseException() {
        #expect(throws: ChatTemplateError(.raised, "no system role")) {
            try Self.render(
                "{% if messages[0].role == 'system' %}{{ raise_exception('no system role') }}{% endif %}",
                [
                    "messages": [["role": "system", "content": "x"]]
                ])
        }
    }

    @Test("undefined values are empty and false, but reading through them or adding to them is an error")
    func undefined() throws {
        #expect(try Self.render("[{{ nothing }}]{% if nothing %}yes{% else %}no{% endif %}{{ nothing | length }}") == "[]no0")
        #expect(try Self.render("{{ d.missing is defined }} {{ d.missing | default('x') }}", ["d": ["a": 1]]) == "False x")
        #expect(throws: ChatTemplateError.self) { try Self.render("{{ nothing.attribute }}") }
        #expect(throws: ChatTemplateError.self) { try Self.render("{{ nothing + 1 }}") }
        #expect(throws: ChatTemplateError.self) { try Self.render("{{ 'a' + 1 }}") }
        #expect(throws: ChatTemplateError.self) { try Self.render("{{ 1 / 0 }}") }
        #expect(throws: ChatTemplateError.self) { try Self.render("{{ x | no_such_filter }}", ["x": 1]) }
    }

    @Test("render errors carry the line and column of the tag")
    func renderErrorPlace() throws {
        do {
            _ = try Self.render("ok\n  {{ 'a' + 1 }}")
            Issue.record("rendered")
        } catch let error as ChatTemplateError {
            #expect(error.kind == .render)
            #expect((error.line, error.column) == (2, 3))
        }
    }

    @Test("a set inside a loop stays inside it; a namespace carries values out")
    func scoping() throws {
        let source =
            "{% set n = 0 %}{% set ns = namespace(n=0) %}{% for i in [1, 2, 3] %}{% set n = n + i %}{% set ns.n = ns.n + i %}{% endfor %}{{ n }} {{ ns.n }}"
        #expect(try Self.render(source) == "0 6")
        #expect(
            try Self.render("{% for a, b in [[1, 2], [3, 4]] if a > 1 %}{{ loop.index }}:{{ a }}{{ b }}{% endfor %}") == "1:34")
        #expect(try Self.render("{% set x %}a{{ 1 + 1 }}b{% endset %}[{{ x }}]") == "[a2b]")
    }

    @Test("whitespace control: -, +, trim_blocks and lstrip_blocks")
    func whitespace() throws {
        #expect(try Self.render("a  {{- 'b' -}}  c") == "abc")
        #expect(try Self.render("{% if true %}\nx\n{% endif %}\ny") == "x\ny")
        #expect(try Self.render("    {% if true %}x{% endif %}") == "x")
        #expect(try Self.render("    {%+ if true %}x{% endif +%}\n\n") == "    x\n")
        #expect(try Self.render("a\n") == "a")
        #expect(try Self.render("a {# note #} b") == "a  b")
    }

    @Test("objects keep key order in tojson, and strings print as Python does")
    func values() throws {
        let tools: TemplateValue = [["name": "search", "parameters": ["query": "string", "limit": 3]]]
        #expect(
            try Self.render("{{ tools | tojson }}", ["tools": tools])
                == #"[{"name": "search", "parameters": {"query": "string", "limit": 3}}]"#)
        #expect(try Self.render("{{ ['it\\'s', none, 1.0] }}") == #"["it's", None, 1.0]"#)
        #expect(
            try Self.render("{{ 'héllo wörld'.split('ö') }} {{ 'aXbXc'.replace('X', '-', 1) }}") == "['héllo w', 'rld'] a-bXc")
    }

    @Test("strftime_now formats the current time; selectattr with a test filters messages as Mistral's template does")
    func functions() throws {
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        #expect(try Self.render("{{ strftime_now('%Y') }}") == String(year))
        let messages: TemplateValue = [
            ["role": "user", "content": "a"], ["role": "assistant", "content": "b", "tool_calls": []],
            ["role": "tool", "content": "c"],
        ]
        let source =
            #"{{ messages | selectattr("tool_calls", "undefined") | map(attribute="role") | join(",") }} {{ messages | rejectattr("role", "equalto", "tool") | list | length }}"#
        #expect(try Self.render(source, ["messages": messages]) == "user,tool 2")
    }

    @Test("a rendered ChatML prompt encodes with its special tokens as single ids")
    func promptToIDs() throws {
        let folder = ReferenceFixtures.bpe.appendingPathComponent("chatml")
        let template = try ChatTemplate(folder: folder)
        let tokenizer = try ByteLevelBPETokenizer(folder: folder)
        let prompt = try template.render(
            messages: [ChatMessage(role: "system", content: "Be brief."), ChatMessage(role: "user", content: "Hi!")],
            addGenerationPrompt: true)
        let ids = tokenizer.encode(prompt, addSpecialTokens: false)
        let start = try #require(tokenizer.id(of: "<|im_start|>"))
        let end = try #require(tokenizer.id(of: "<|im_end|>"))
        #expect(ids.filter { $0 == start }.count == 3)
        #expect(ids.filter { $0 == end }.count == 2)
        #expect(ids.first == start)
        #expect(tokenizer.decode(ids) == prompt)
    }

    @Test("a model folder gives chat_template.jinja first, then tokenizer_config.json's string or named list")
    func folder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write(
            #"{"bos_token": {"content": "<s>"}, "eos_token": "</s>", "chat_template": [{"name": "tool_use", "template": "T"}, {"name": "default", "template": "{{ bos_token }}{{ messages[0].content }}{{ eos_token }}"}]}"#,
            to: "tokenizer_config.json")
        let messages = [ChatMessage(role: "user", content: "hi")]
        #expect(try ChatTemplate(folder: folder.url).render(messages: messages, addGenerationPrompt: false) == "<s>hi</s>")
        try folder.write("[{{ eos_token }}]", to: "chat_template.jinja")
        #expect(try ChatTemplate(folder: folder.url).render(messages: messages, addGenerationPrompt: true) == "[</s>]")
        try folder.write("{% if %}", to: "chat_template.jinja")
        #expect(throws: ModelFileError.self) { try ChatTemplate(folder: folder.url) }

        let chatml = try ChatTemplate(folder: ReferenceFixtures.bpe.appendingPathComponent("chatml"))
        let prompt = try chatml.render(messages: messages, addGenerationPrompt: true)
        #expect(
            prompt.hasPrefix("<|im_start|>system\n")
                && prompt.hasSuffix("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n"))

        let empty = try TemporaryFolder()
        defer { empty.remove() }
        #expect(throws: ModelFileError.self) { try ChatTemplate(folder: empty.url) }
    }
}
