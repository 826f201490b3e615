import ArtifactStore
import Compute
import Foundation
import Orchestrator

/// The conversational files of a `dataset` artifact that the trainers read: `chat/train.jsonl` (or
/// `test.jsonl`), one JSON object per line, `{"messages": [{"role", "content"}...]}` for SFT and
/// `{"prompt": [...], "chosen": [...], "rejected": [...]}` for preference pairs. A line that does not
/// parse or lacks a field is an error naming the file, the line and the field.
struct ChatDatasetFile {
    let url: URL
    /// How the file is named in messages: relative to the dataset artifact.
    let name: String

    init(dataset: URL, split: String) throws {
        url = dataset.appendingPathComponent("chat").appendingPathComponent("\(split).jsonl")
        name = "chat/\(split).jsonl"
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw StepFailure(
                "input 'dataset' has no \(name): it must be a dataset artifact with a chat/ folder "
                    + "(generate-instruct-dataset or generate-preference-dataset write one)")
        }
    }

    /// Each non-empty line as a JSON object, with its 1-based line number.
    func rows() throws -> [(line: Int, object: [String: JSONValue])] {
        let text = try String(contentsOf: url, encoding: .utf8)
        var rows: [(Int, [String: JSONValue])] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            guard let value = try? JSONText.parse(trimmed), let object = value.objectValue else {
                throw StepFailure("\(name):\(index + 1): not a JSON object")
            }
            rows.append((index + 1, object))
        }
        return rows
    }

    /// The conversations of an SFT file.
    func conversations() throws -> [[ChatMessage]] {
        try rows().map { line, object in try messages(object, "messages", line: line) }
    }

    /// The prompt, chosen and rejected conversations of a preference file.
    func preferences() throws -> [(prompt: [ChatMessage], chosen: [ChatMessage], rejected: [ChatMessage])] {
        try rows().map { line, object in
            (
                try messages(object, "prompt", line: line), try messages(object, "chosen", line: line),
                try messages(object, "rejected", line: line)
            )
        }
    }

    private func messages(_ object: [String: JSONValue], _ field: String, line: Int) throws -> [ChatMessage] {
        guard let list = object[field]?.arrayValue, !list.isEmpty else {
            throw StepFailure(
                "\(name):\(line): field '\(field)' must be a non-empty list of {\"role\", \"content\"} messages"
                    + (object[field] == nil ? " (it is missing; is this the right kind of dataset?)" : ""))
        }
        return try list.enumerated().map { index, item in
            guard let role = item.objectValue?["role"]?.stringValue, let content = item.objectValue?["content"]?.stringValue
            else {
                throw StepFailure("\(name):\(line): \(field)[\(index)] needs text fields 'role' and 'content'")
            }
            return ChatMessage(role: role, content: content)
        }
    }
}
