import Foundation

/// The pieces of a streamed chat completion, put together: the text, why it ended and the usage
/// the server reported in its last chunk.
final class StreamedAnswer: @unchecked Sendable {
    private let lock = NSLock()
    private var events = ServerSentEvents()
    private(set) var text = ""
    private(set) var finishReason: String?
    private(set) var promptTokens = 0
    private(set) var completionTokens = 0
    private(set) var malformed: String?
    private let onText: (@Sendable (String) -> Void)?

    init(onText: (@Sendable (String) -> Void)?) {
        self.onText = onText
    }

    func feed(_ piece: Data) {
        lock.withLock {
            for event in events.feed(piece) where event != "[DONE]" { handle(event) }
        }
    }

    private func handle(_ event: String) {
        guard let chunk = try? JSONSerialization.jsonObject(with: Data(event.utf8)) as? [String: Any] else {
            malformed = malformed ?? String(event.prefix(200))
            return
        }
        if let usage = chunk["usage"] as? [String: Any] {
            promptTokens = usage["prompt_tokens"] as? Int ?? promptTokens
            completionTokens = usage["completion_tokens"] as? Int ?? completionTokens
        }
        for choice in chunk["choices"] as? [[String: Any]] ?? [] {
            if let reason = choice["finish_reason"] as? String { finishReason = reason }
            if let piece = (choice["delta"] as? [String: Any])?["content"] as? String, !piece.isEmpty {
                text += piece
                onText?(piece)
            }
        }
    }
}
