import ArtifactStore
import Foundation
import Orchestrator

/// Splits documents into chunks that fit the embedding model, measured with its own tokenizer:
/// whole sentences (whole lines for code) packed up to a token limit, consecutive chunks sharing
/// a trailing overlap. See `ChunkPacker` for the rules and `ChunksFile` for the output.
public struct ChunkStep: Step {
    public init() {}

    public static let defaultModel = "models/all-MiniLM-L6-v2"

    public var descriptor: StepDescriptor {
        StepDescriptor(
            type: "chunk", version: 1,
            summary:
                "Splits documents into token-limited, overlapping chunks of whole sentences (of whole lines, file by file, for repositories).",
            parameters: [
                ParameterDescriptor(
                    "model", .string, default: .string(Self.defaultModel),
                    "A sentence-transformers folder whose tokenizer measures chunks; relative to the project folder."),
                ParameterDescriptor(
                    "max_tokens", .int, default: .null,
                    "Most tokens in a chunk, without [CLS] and [SEP]: 8 up to the model's max_seq_length less 2 "
                        + "(254 for all-MiniLM-L6-v2). null: by kind, post 128, article, repository and any other 254."),
                ParameterDescriptor(
                    "overlap_tokens", .int, default: .null,
                    "Most tokens of the previous chunk's end that a chunk repeats (whole sentences, else its last "
                        + "sentence's trailing words; whole lines of code); less than max_tokens. null: by kind, post 16, "
                        + "article and any other 32, repository 16, at most a quarter of max_tokens."),
            ],
            inputs: [PortDescriptor("documents", type: "documents", "Documents, one per line (JSONL).")],
            outputs: [
                PortDescriptor(
                    "chunks", type: "chunks",
                    "One chunk per line (JSONL): id, document_id, index, author, author_id, kind, platform, link, title, text, tokens."
                )
            ])
    }

    /// The tokenizer's files join the cache key: another model chunks differently.
    public func externalFingerprints(_ parameters: StepParameters, projectDirectory: URL) throws -> [JSONValue] {
        [.array(["model", .string(try ChunkModel.fingerprint(try parameters.string("model"), in: projectDirectory))])]
    }

    public func run(_ context: StepContext) async throws -> StepResult {
        let input = try context.input("documents")
        let label = "input 'documents' (\(input.name) v\(input.version))"
        let modelPath = try context.parameters.string("model")
        let model = try ChunkModel.load(modelPath, in: context.projectDirectory)
        let sizes = try ChunkSizes(
            maxTokens: context.parameters["max_tokens"]?.intValue, overlapTokens: context.parameters["overlap_tokens"]?.intValue,
            window: model.maxSequenceLength - model.tokenizer.prefixIDs.count - model.tokenizer.suffixIDs.count,
            model: modelPath)
        let chunker = DocumentChunker(counter: model.tokenizer, sizes: sizes)
        let documents = try DocumentsFile.objects(at: input.url, label: label)

        var lines: [String] = []
        var tokens = 0
        var longest = 0
        var perKind: [String: Int] = [:]
        for (number, document) in documents.enumerated() {
            try Task.checkCancellation()
            guard let content = document["content"]?.stringValue else {
                throw StepFailure("\(label): document \(number) has no text field 'content'")
            }
            let kind = document["kind"]?.stringValue ?? ChunkSizes.fallbackKind
            for (index, chunk) in try chunker.chunks(of: content, kind: kind).enumerated() {
                lines.append(ChunksFile.line(chunk, index: index, documentID: document["id"] ?? .null, document: document) + "\n")
                tokens += chunk.tokens
                longest = max(longest, chunk.tokens)
                perKind[kind, default: 0] += 1
            }
            if (number + 1) * 10 / documents.count != number * 10 / documents.count {
                context.progress(
                    StepProgress(
                        fraction: Double(number + 1) / Double(documents.count),
                        message: "\(number + 1) of \(documents.count) documents"))
            }
        }
        let output = context.outputURL("chunks")
        try Data(lines.joined().utf8).write(to: output)
        context.log.write(
            "chunked \(documents.count) documents into \(lines.count) chunks of \(tokens) tokens in all (longest \(longest)) with \(modelPath)"
        )
        let kinds = Set(documents.map { $0["kind"]?.stringValue ?? ChunkSizes.fallbackKind }).sorted()
        let limits = Dictionary(
            uniqueKeysWithValues: kinds.map { kind -> (String, JSONValue) in
                let size = sizes.size(for: kind)
                return (kind, ["max_tokens": .int(size.maxTokens), "overlap_tokens": .int(size.overlapTokens)])
            })
        return StepResult(outputs: [
            "chunks": StepOutput(
                url: output,
                metadata: [
                    "count": .int(lines.count), "documents": .int(documents.count), "tokens": .int(tokens),
                    "max_tokens": .int(longest), "model": .string(modelPath),
                    "per_kind": .object(perKind.mapValues(JSONValue.int)),
                    "sizes": .object(limits),
                ])
        ])
    }
}
