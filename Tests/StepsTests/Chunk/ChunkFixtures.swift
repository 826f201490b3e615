import ArtifactStore
import Compute
import Foundation

@testable import Steps

/// The real model's tokenizer, the handbook's documents, and the properties every chunking must have.
enum ChunkFixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let model = packageRoot.appendingPathComponent("models/all-MiniLM-L6-v2")
    /// The book's cleaned documents: ../shared/data/handbook/artifacts/cleaned_documents.json beside the package.
    static let cleanedDocuments = packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/data/handbook/artifacts/cleaned_documents.json")

    struct Missing: Error, CustomStringConvertible {
        var description: String { "\(ChunkFixtures.model.path) is missing: run ./scripts/setup, which fetches all-MiniLM-L6-v2" }
    }

    private static let loaded = Result { try SentenceTransformerFolder(model).tokenizer }

    static func tokenizer() throws -> BertTokenizer {
        guard FileManager.default.fileExists(atPath: model.path) else { throw Missing() }
        return try loaded.get()
    }

    static func chunker(maxTokens: Int? = nil, overlapTokens: Int? = nil) throws -> DocumentChunker {
        DocumentChunker(
            counter: try tokenizer(),
            sizes: try ChunkSizes(maxTokens: maxTokens, overlapTokens: overlapTokens, window: 254, model: "test model"))
    }

    /// `(id, content)` of the handbook's 76 cleaned articles.
    static func handbook() throws -> [(id: String, content: String)] {
        let value = try JSONText.parse(try Data(contentsOf: cleanedDocuments))
        return (value["artifact_data"]?.arrayValue ?? []).compactMap { document in
            guard let id = document["id"]?.stringValue, let content = document["content"]?.stringValue else { return nil }
            return (id, content)
        }
    }

    /// What is wrong with `chunks` of `text` under `maxTokens`, empty when nothing is:
    /// each chunk is re-tokenized and must fit and report its true count; each is a slice of the text
    /// starting at or before the end of the one before; and the chunks with their overlaps removed
    /// give back the text, whitespace aside.
    static func problems(_ chunks: [TextChunk], of text: String, maxTokens: Int) throws -> [String] {
        let counter = try tokenizer()
        var problems: [String] = []
        for (index, chunk) in chunks.enumerated() {
            let tokens = counter.count(chunk.text[...])
            if tokens > maxTokens { problems.append("chunk \(index) has \(tokens) tokens, over \(maxTokens)") }
            if tokens != chunk.tokens { problems.append("chunk \(index) says \(chunk.tokens) tokens but has \(tokens)") }
            if chunk.text.isEmpty { problems.append("chunk \(index) is empty") }
        }
        var rebuilt = ""
        var previous: Range<String.Index>? = nil
        for (index, chunk) in chunks.enumerated() {
            // A chunk must start after the previous one starts and no later than where it ends (past
            // whitespace); of the places in that window, the last, so that repetitive text is placed too.
            var window = text.startIndex..<text.endIndex
            if let previous {
                let resume = text[previous.upperBound...].firstIndex { !$0.isWhitespace } ?? text.endIndex
                let upper = text.utf8.index(resume, offsetBy: chunk.text.utf8.count, limitedBy: text.endIndex) ?? text.endIndex
                window = text.index(after: previous.lowerBound)..<upper
            }
            guard let found = text.range(of: chunk.text, options: previous == nil ? [] : .backwards, range: window) else {
                problems.append("chunk \(index) is not a slice of the text starting within chunk \(index - 1) or right after it")
                return problems
            }
            if let previous {
                guard found.upperBound > previous.upperBound else {
                    problems.append("chunk \(index) ends no later than chunk \(index - 1)")
                    return problems
                }
                rebuilt += text[max(previous.upperBound, found.lowerBound)..<found.upperBound]
            } else {
                if !text[..<found.lowerBound].allSatisfy(\.isWhitespace) { problems.append("text before chunk 0 is lost") }
                rebuilt += text[found]
            }
            previous = found
        }
        if squeezed(rebuilt) != squeezed(text) { problems.append("the chunks without their overlaps are not the text") }
        return problems
    }

    static func squeezed(_ text: some StringProtocol) -> String {
        String(text.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
    }
}
