import Foundation

/// A model's chat template: the Jinja program in `tokenizer_config.json` (or `chat_template.jinja`) that
/// turns a conversation into the prompt text the model was trained on. Rendering follows transformers'
/// `apply_chat_template`: Jinja with `trim_blocks` and `lstrip_blocks`, `messages`, `add_generation_prompt`,
/// the special tokens as variables, `raise_exception` and `strftime_now`.
///
/// The interpreter covers the Jinja that chat templates use (see `TemplateParser` and the filters, tests
/// and methods of `TemplateRenderer`); macros, `include`, `extends` and recursive loops are syntax errors.
public struct ChatTemplate: Sendable {
    private let nodes: [TemplateNode]
    /// Passed to every render under the caller's variables: the folder's `bos_token` and `eos_token`.
    public var defaultVariables: [String: TemplateValue]

    /// Parses `source`; a syntax error reports its line and column.
    public init(_ source: String, defaultVariables: [String: TemplateValue] = [:]) throws {
        nodes = try TemplateParser.parse(source)
        self.defaultVariables = defaultVariables
    }

    /// The prompt for `messages`. `variables` add to or override the defaults (`tools`, `date_string`...).
    public func render(
        messages: [ChatMessage], addGenerationPrompt: Bool, variables: [String: TemplateValue] = [:]
    ) throws -> String {
        let conversation = TemplateValue.array(
            messages.map { .object(["role": .string($0.role), "content": .string($0.content)]) })
        return try render(
            context: ["messages": conversation, "add_generation_prompt": .bool(addGenerationPrompt)].merging(variables) { $1 })
    }

    /// Renders with exactly these top-level variables over the defaults: for messages that carry more than
    /// a role and a text (tool calls), written as `TemplateValue`s.
    public func render(context: [String: TemplateValue]) throws -> String {
        let variables = defaultVariables.merging(context) { $1 }.mapValues(JinjaValue.init)
        return try TemplateRenderer(variables: variables).render(nodes)
    }
}
