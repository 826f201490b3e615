import Compute
import Foundation
import Testing

/// Every template of Fixtures/bpe/templates renders every conversation exactly as transformers' jinja2
/// environment did, or raises the same exception (how they were made: Fixtures/bpe/README.md).
@Suite("ChatTemplate against jinja2")
struct ChatTemplateReferenceTests {
    struct Case {
        var line: Int
        var template: String
        var messages: [ChatMessage]
        var addGenerationPrompt: Bool
        var variables: [String: TemplateValue]
        var output: String?
        var error: String?
    }

    static let folder = ReferenceFixtures.bpe.appendingPathComponent("templates")

    static func cases() throws -> [Case] {
        let text = try String(contentsOf: folder.appendingPathComponent("reference.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").enumerated().map { index, line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let messages = try #require(object["messages"] as? [[String: String]]).map {
                ChatMessage(role: $0["role"] ?? "", content: $0["content"] ?? "")
            }
            let variables = try #require(object["variables"] as? [String: String]).mapValues(TemplateValue.string)
            return Case(
                line: index + 1, template: try #require(object["template"] as? String), messages: messages,
                addGenerationPrompt: try #require(object["add_generation_prompt"] as? Bool), variables: variables,
                output: object["output"] as? String, error: object["error"] as? String)
        }
    }

    @Test("outputs and raised exceptions equal jinja2's for every template and conversation")
    func identical() throws {
        let cases = try Self.cases()
        #expect(cases.count >= 40)
        #expect(Set(cases.map(\.template)).count >= 6)
        var templates: [String: ChatTemplate] = [:]
        for item in cases {
            if templates[item.template] == nil {
                let source = try String(contentsOf: Self.folder.appendingPathComponent(item.template), encoding: .utf8)
                templates[item.template] = try ChatTemplate(source)
            }
            let template = try #require(templates[item.template])
            do {
                let output = try template.render(
                    messages: item.messages, addGenerationPrompt: item.addGenerationPrompt, variables: item.variables)
                #expect(item.error == nil, "line \(item.line) \(item.template): rendered, but jinja2 raised \(item.error ?? "")")
                #expect(output == item.output, "line \(item.line) \(item.template)")
            } catch let error as ChatTemplateError {
                #expect(error.kind == .raised, "line \(item.line) \(item.template): \(error)")
                #expect(error.message == item.error, "line \(item.line) \(item.template)")
            }
        }
    }
}
