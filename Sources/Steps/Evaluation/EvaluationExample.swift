import ArtifactStore
import Compute
import Foundation
import Orchestrator

/// One test conversation: what the model is asked (everything before the last answer) and the author's
/// own answer, the reference.
struct EvaluationExample {
    let number: Int
    let conversation: [ChatMessage]

    var prompt: [ChatMessage] { Array(conversation.dropLast()) }
    var reference: String { conversation.last!.content }
    var instruction: String { prompt.last(where: { $0.role == "user" })?.content ?? "" }

    /// The first `limit` conversations of `file`, each ending with an assistant message after a user's; none
    /// when the split is empty (a small dataset may hold nothing out).
    static func read(_ file: ChatDatasetFile, limit: Int?) throws -> [EvaluationExample] {
        let conversations = try file.conversations()
        return try conversations.prefix(limit ?? conversations.count).enumerated().map { index, conversation in
            guard conversation.last?.role == "assistant", conversation.dropLast().contains(where: { $0.role == "user" })
            else {
                throw StepFailure(
                    "\(file.name): conversation \(index + 1) must end with an assistant answer to a user message")
            }
            return EvaluationExample(number: index + 1, conversation: conversation)
        }
    }
}

/// A model in the report: the base alone, or the base with an adapter.
struct EvaluationCandidate {
    let label: String
    let adapterFolder: URL?
    let adapter: LoRAAdapter?

    init(label: String) {
        self.label = label
        adapterFolder = nil
        adapter = nil
    }

    init(label: String, adapterFolder: URL) throws {
        self.label = label
        self.adapterFolder = adapterFolder
        do {
            adapter = try LoRAAdapter(contentsOf: adapterFolder)
        } catch {
            throw StepFailure("input '\(label)': \(error)")
        }
    }
}
