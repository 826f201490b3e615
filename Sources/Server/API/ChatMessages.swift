import Compute

/// The `messages` of a chat request: `role` and `content`, where content is a string or, as newer clients
/// send it, an array of parts of which the `text` ones are joined.
enum ChatMessages {
    static let roles: Set<String> = ["system", "developer", "user", "assistant", "tool"]

    static func parse(_ value: Any?) throws(APIError) -> [ChatMessage] {
        guard let list = value as? [Any] else {
            throw APIError.invalid("messages", "'messages' is required: an array of {\"role\", \"content\"} objects")
        }
        guard !list.isEmpty else { throw APIError.invalid("messages", "'messages' is empty") }
        var messages: [ChatMessage] = []
        for (index, item) in list.enumerated() {
            let param = "messages[\(index)]"
            guard let object = item as? [String: Any] else { throw APIError.invalid(param, "'\(param)' must be an object") }
            guard let role = object["role"] as? String, roles.contains(role) else {
                throw APIError.invalid(
                    param + ".role", "'\(param).role' must be one of \(roles.sorted().joined(separator: ", "))")
            }
            let content: String
            switch object["content"] {
            case let text as String: content = text
            case let parts as [Any]:
                var texts: [String] = []
                for part in parts {
                    guard let part = part as? [String: Any], part["type"] as? String == "text",
                        let text = part["text"] as? String
                    else {
                        throw APIError.invalid(param + ".content", "only text content parts are supported")
                    }
                    texts.append(text)
                }
                content = texts.joined(separator: "\n")
            default:
                throw APIError.invalid(param + ".content", "'\(param).content' must be a string or an array of text parts")
            }
            // The chat templates of small models know system, user and assistant only.
            messages.append(ChatMessage(role: role == "developer" ? "system" : role, content: content))
        }
        return messages
    }
}
