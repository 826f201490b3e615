/// An expression inside `{{ }}` or a statement, as parsed.
indirect enum TemplateExpression: Sendable {
    case literal(TemplateValue)
    case name(String)
    case list([TemplateExpression])
    case dictionary([(key: TemplateExpression, value: TemplateExpression)])
    case attribute(TemplateExpression, String)
    case item(TemplateExpression, TemplateExpression)
    case slice(TemplateExpression, start: TemplateExpression?, stop: TemplateExpression?, step: TemplateExpression?)
    case call(TemplateExpression, TemplateArguments)
    case filter(TemplateExpression, name: String, TemplateArguments)
    /// `value is name(arguments)`, or `is not` when negated.
    case test(TemplateExpression, name: String, TemplateArguments, negated: Bool)
    case not(TemplateExpression)
    case negate(TemplateExpression)
    case binary(String, TemplateExpression, TemplateExpression)
    case and(TemplateExpression, TemplateExpression)
    case or(TemplateExpression, TemplateExpression)
    /// `then if condition else otherwise`; without `else`, the value is undefined when the condition fails.
    case conditional(then: TemplateExpression, condition: TemplateExpression, otherwise: TemplateExpression?)
}

/// Positional and keyword arguments of a call, filter or test.
struct TemplateArguments: Sendable {
    var positional: [TemplateExpression] = []
    var keyword: [(name: String, value: TemplateExpression)] = []
}
