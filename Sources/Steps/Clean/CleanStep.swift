import ArtifactStore
import Foundation
import Orchestrator

/// Cleans every document's content and title with `TextCleaner`; ids, authorship and every other
/// field pass through, and `content_sha256` follows the new content.
public struct CleanStep: Step {
    public init() {}

    public var descriptor: StepDescriptor {
        StepDescriptor(
            type: "clean", version: 1,
            summary: "Cleans documents: NFKC, no emoji or control characters, links to their text, code blocks kept.",
            inputs: [PortDescriptor("documents", type: "documents", "Documents, one per line (JSONL).")],
            outputs: [PortDescriptor("documents", type: "documents", "The same documents, cleaned.")])
    }

    public func run(_ context: StepContext) async throws -> StepResult {
        let input = try context.input("documents")
        let label = "input 'documents' (\(input.name) v\(input.version))"
        var lines: [String] = []
        var characters = 0
        for (index, var document) in try DocumentsFile.objects(at: input.url, label: label).enumerated() {
            try Task.checkCancellation()
            guard let content = document["content"]?.stringValue else {
                throw StepFailure("\(label): document \(index) has no text field 'content'")
            }
            let cleaned = TextCleaner.clean(content)
            document["content"] = .string(cleaned)
            document["content_sha256"] = .string(Hashing.sha256(cleaned))
            if let title = document["title"]?.stringValue { document["title"] = .string(TextCleaner.clean(title)) }
            characters += cleaned.count
            lines.append(JSONText.compact(.object(document)) + "\n")
        }
        let output = context.outputURL("documents")
        try Data(lines.joined().utf8).write(to: output)
        context.log.write("cleaned \(lines.count) documents (\(characters) characters)")
        return StepResult(outputs: [
            "documents": StepOutput(url: output, metadata: ["count": .int(lines.count), "characters": .int(characters)])
        ])
    }
}
