import Compute

/// Chunks one document's text by its kind: repositories file by file in blocks of whole lines, each
/// chunk starting with its file's header line; every other kind in whole sentences.
public struct DocumentChunker: Sendable {
    /// What measures the chunks: the model's tokenizer.
    public let counter: any TokenCounter
    let sizes: ChunkSizes

    init(counter: any TokenCounter, sizes: ChunkSizes) {
        self.counter = counter
        self.sizes = sizes
    }

    /// A chunker measuring with `model`'s tokenizer; nil sizes take each kind's default, as the step's parameters do.
    public init(model: SentenceTransformerFolder, maxTokens: Int? = nil, overlapTokens: Int? = nil) throws {
        let tokenizer = model.tokenizer
        counter = tokenizer
        sizes = try ChunkSizes(
            maxTokens: maxTokens, overlapTokens: overlapTokens,
            window: model.maxSequenceLength - tokenizer.prefixIDs.count - tokenizer.suffixIDs.count,
            model: model.url.relativePath)
    }

    public func chunks(of text: String, kind: String) throws -> [TextChunk] {
        let size = sizes.size(for: kind)
        var packer = ChunkPacker(counter: counter, maxTokens: size.maxTokens, overlapTokens: size.overlapTokens)
        guard kind == "repository" else {
            return try packer.chunks(of: text, units: TextUnits.sentences(in: text[...]))
        }
        packer.overlapsWords = false
        var chunks: [TextChunk] = []
        for file in CodeFiles.files(in: text) {
            var units = TextUnits.lines(in: file.body)
            var prefix = file.header.isEmpty ? "" : file.header + "\n"
            // A header too long to repeat is kept once, as the file's first line.
            if !prefix.isEmpty, counter.count(file.header) > size.maxTokens / 2 {
                units.insert(file.header.startIndex..<file.header.endIndex, at: 0)
                prefix = ""
            }
            // An empty file has nothing to retrieve.
            guard !units.isEmpty else { continue }
            chunks += try packer.chunks(of: text, units: units, prefix: prefix)
        }
        return chunks
    }
}
