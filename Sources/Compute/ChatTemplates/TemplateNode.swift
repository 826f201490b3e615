/// A piece of a parsed template.
indirect enum TemplateNode: Sendable {
    case text(String)
    case output(TemplateExpression, line: Int, column: Int)
    case conditional(branches: [(condition: TemplateExpression, body: [TemplateNode])], otherwise: [TemplateNode])
    case loop(TemplateLoop)
    case assign(TemplateAssignment, value: TemplateExpression, line: Int, column: Int)
    /// `{% set name %}...{% endset %}`: the rendered body becomes the value.
    case assignBlock(name: String, body: [TemplateNode])
    case breakLoop
    case continueLoop
}

struct TemplateLoop: Sendable {
    /// One name, or several to unpack each item into (`for key, value in d.items()`).
    var targets: [String]
    var iterable: TemplateExpression
    /// `for x in xs if condition`: items failing it are skipped and do not count in `loop`.
    var filter: TemplateExpression?
    var body: [TemplateNode]
    /// Rendered when nothing was iterated.
    var otherwise: [TemplateNode]
    var line: Int
    var column: Int
}

/// The left side of `set`.
enum TemplateAssignment: Sendable {
    case names([String])
    /// `set ns.attribute = ...` on a `namespace()`.
    case attribute(object: String, name: String)
}
