/// One turn of a conversation as chat templates see it: `messages[i].role` and `messages[i].content`.
public struct ChatMessage: Sendable, Equatable, Codable {
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}
