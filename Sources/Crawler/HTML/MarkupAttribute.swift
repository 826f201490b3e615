/// An attribute of a `MarkupElement`. HTML attributes have no namespace and lower-case names.
public struct MarkupAttribute: Sendable, Equatable {
    public var name: String
    public var namespace: String?
    public var value: String

    public init(name: String, namespace: String? = nil, value: String) {
        self.name = name
        self.namespace = namespace
        self.value = value
    }
}
