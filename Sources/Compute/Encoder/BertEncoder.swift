import COpenBLAS
import Dispatch
import Foundation

/// A BERT-family sentence encoder computed natively: token, position and type embeddings, the encoder
/// layers (multi-head self-attention, exact GELU feed-forward, post-LayerNorm), then the folder's pooling
/// and optional L2 normalization, in float32 like the reference. Every dense product runs on OpenBLAS.
///
/// Batches are packed, not padded: the tokens of a batch's texts lie end to end, the dense layers see one
/// `[tokens, hidden]` matrix, and attention runs per text over exactly its own tokens. That is what a padded
/// batch with an attention mask computes (masked scores contribute exactly zero after softmax), without the
/// wasted rows. Texts are sorted by length so that batches are even, and batches run on all cores at once,
/// each worker with single-threaded BLAS, which beats splitting each small product across threads.
public final class BertEncoder: Sendable {
    public let folder: SentenceTransformerFolder
    let weights: EncoderWeights

    /// The embedding width: the model's hidden size.
    public var dimension: Int { folder.configuration.hiddenSize }

    public init(_ folder: SentenceTransformerFolder) throws {
        guard folder.configuration.hiddenActivation == "gelu" else {
            throw ModelFileError(
                .unsupported, file: SentenceTransformerFolder.name(folder.url, "config.json"),
                message: "'hidden_act' '\(folder.configuration.hiddenActivation)' is not supported (only gelu)")
        }
        self.folder = folder
        weights = try EncoderWeights(folder)
        // The encoder computes from its own copies; the mapping's pages would double the resident weights.
        folder.weights.releaseResidentPages()
    }

    /// The sentence embeddings of `texts`, in their order, each `dimension` floats.
    ///
    /// - Parameters:
    ///   - batchSize: the most texts one forward pass packs together.
    ///   - threads: the workers running batches side by side (all cores by default).
    public func embed(_ texts: [String], batchSize: Int = 32, threads: Int? = nil) -> [[Float]] {
        let tokenized = tokenize(texts, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
        return embed(tokenized: tokenized, batchSize: batchSize, threads: threads)
    }

    /// The sentence embeddings of texts already tokenized by `folder.tokenizer`.
    public func embed(tokenized: [TokenizedText], batchSize: Int = 32, threads: Int? = nil) -> [[Float]] {
        guard !tokenized.isEmpty else { return [] }
        let batches = EncoderBatchPlan(
            lengths: tokenized.map(\.ids.count), batchSize: max(1, batchSize), tokenBudget: Self.tokenBudget)
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, batches.batches.count))
        let output = EmbeddingMatrix(rows: tokenized.count, columns: dimension)
        let next = BatchCounter()
        // Parallelism comes from the workers; BLAS stays single-threaded. Not restored afterwards: two
        // encoders running at once (two embed steps) would otherwise hand each other a threaded BLAS.
        openblas_set_num_threads(1)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let workspace = EncoderWorkspace(
                capacity: batches.largestBatchTokens, longestSequence: batches.longestSequence,
                configuration: folder.configuration)
            while let index = next.take(below: batches.batches.count) {
                let batch = batches.batches[index]
                forward(batch.map { tokenized[$0].ids }, workspace: workspace)
                pool(batch, lengths: batch.map { tokenized[$0].ids.count }, workspace: workspace, into: output)
            }
        }
        return output.rows()
    }

    /// Texts are tokenized in parallel too: on short queries tokenizing is a fair share of the work.
    func tokenize(_ texts: [String], threads: Int) -> [TokenizedText] {
        let tokenizer = folder.tokenizer
        let result = TokenizedResults(count: texts.count)
        let parts = max(1, min(threads, texts.count / 64 + 1))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let range = (texts.count * part / parts)..<(texts.count * (part + 1) / parts)
            for index in range { result.set(index, tokenizer.encode(texts[index])) }
        }
        return result.values
    }

    /// At most this many tokens share one forward pass: large enough that every product runs at full
    /// speed, small enough that each worker's scratch memory stays near 30 MB (all-MiniLM-L6-v2).
    static let tokenBudget = 2048

    /// Runs the embeddings and every layer over the packed tokens of `sequences`, leaving the last hidden
    /// state in `workspace.hidden`.
    func forward(_ sequences: [[Int]], workspace: EncoderWorkspace) {
        let config = folder.configuration
        let hidden = config.hiddenSize
        let tokens = sequences.reduce(0) { $0 + $1.count }
        precondition(tokens <= workspace.capacity, "batch of \(tokens) tokens exceeds its workspace")
        let epsilon = Float(config.layerNormEpsilon)
        embedTokens(sequences, into: workspace.hidden)
        weights.embeddingNormGamma.withUnsafeBufferPointer { gamma in
            weights.embeddingNormBeta.withUnsafeBufferPointer { beta in
                RowOperations.layerNorm(
                    workspace.hidden, rows: tokens, columns: hidden, gamma: gamma.baseAddress!, beta: beta.baseAddress!,
                    epsilon: epsilon)
            }
        }
        for layer in weights.layers {
            EncoderLayerPass(
                layer: layer, configuration: config, workspace: workspace, tokens: tokens,
                lengths: sequences.map(\.count)
            ).run()
        }
    }

    /// Word + position + token type embeddings of every token, before the embedding LayerNorm.
    private func embedTokens(_ sequences: [[Int]], into output: UnsafeMutablePointer<Float>) {
        let hidden = dimension
        weights.wordEmbeddings.withUnsafeBufferPointer { words in
            weights.positionEmbeddings.withUnsafeBufferPointer { positions in
                weights.tokenTypeEmbedding.withUnsafeBufferPointer { type in
                    var row = 0
                    for ids in sequences {
                        for (position, id) in ids.enumerated() {
                            let target = output + row * hidden
                            let word = words.baseAddress! + id * hidden
                            let place = positions.baseAddress! + position * hidden
                            for column in 0..<hidden { target[column] = word[column] + place[column] + type[column] }
                            row += 1
                        }
                    }
                }
            }
        }
    }

    /// Pools each sequence's rows of the last hidden state into its output row, normalized if the folder
    /// says so.
    private func pool(_ batch: [Int], lengths: [Int], workspace: EncoderWorkspace, into output: EmbeddingMatrix) {
        let hidden = dimension
        var start = 0
        for (position, index) in batch.enumerated() {
            let length = lengths[position]
            let target = output.row(index)
            SentencePooling.pool(
                workspace.hidden + start * hidden, tokens: length, width: hidden, mode: folder.pooling, into: target)
            if folder.normalizesEmbeddings { SentencePooling.normalize(target, width: hidden) }
            start += length
        }
    }
}
