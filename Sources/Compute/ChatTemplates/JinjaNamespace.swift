/// What `namespace()` makes: the one mutable object of Jinja, so that a `set` inside a loop can change a
/// value seen after it.
final class JinjaNamespace {
    var attributes = JinjaObject()

    init(_ attributes: JinjaObject) {
        self.attributes = attributes
    }
}
