import COpenBLAS
import Foundation

/// A Llama-family causal language model (Llama, Mistral, Qwen2, SmolLM) computed natively in float32 on
/// OpenBLAS: token embeddings, pre-RMSNorm decoder layers with rotary grouped-query attention and a SwiGLU
/// MLP, a final RMSNorm and the output layer. Linear layers may also hold GGML-quantized blocks, which
/// decoding reads as they are (see `QuantizedProduct`). It works on token ids; tokenizing is someone else's
/// job.
///
/// Prompts are processed as batches (every projection one matrix product over up to `chunkRows` tokens);
/// a single decoded token takes matrix-vector products. Large products and the attention heads are split
/// across `threads` workers, each with single-threaded BLAS. The model holds only weights, so one model
/// serves any number of caches, one call per cache at a time.
public final class LlamaModel: Sendable {
    /// The model folder, or the GGUF file, the weights were read from.
    public let source: URL
    /// The folder of a safetensors model (the same as `source`).
    public var folder: URL { source }
    public let configuration: LlamaConfiguration
    /// The workers a forward pass splits its work across.
    public let threads: Int
    let weights: LlamaWeights
    let rotary: RotaryEmbedding

    /// The most tokens one forward pass computes together; longer inputs are processed in runs of this many.
    static let chunkRows = 256

    /// Loads `config.json` and `model.safetensors` (or the shards of `model.safetensors.index.json`) from
    /// `folder`, checking every tensor's name and shape against the configuration before reading it.
    public convenience init(folder: URL, threads: Int? = nil) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw ModelFileError(
                .missing, file: folder.relativePath, message: "is not a model folder (it does not exist or is a file)")
        }
        let configFile = folder.appendingPathComponent("config.json").relativePath
        let configuration = try LlamaConfiguration(
            contentsOf: folder.appendingPathComponent("config.json"), file: configFile)
        let tensors = try ShardedSafetensors(folder: folder)
        try LlamaWeightLayout.check(tensors, against: configuration, configFile: configFile)
        let weights = try LlamaWeights(tensors, configuration: configuration)
        // The model computes from its own copies; the mapping's pages would double the resident weights.
        tensors.releaseResidentPages()
        self.init(source: folder, configuration: configuration, weights: weights, threads: threads)
    }

    /// A model from weights read elsewhere (a GGUF file), whose shapes the caller has checked against
    /// `configuration`.
    init(source: URL, configuration: LlamaConfiguration, weights: LlamaWeights, threads: Int?) {
        self.source = source
        self.configuration = configuration
        self.weights = weights
        rotary = RotaryEmbedding(configuration: configuration)
        self.threads = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// The longest context a cache of this model may hold: `max_position_embeddings`, or Mistral's sliding
    /// window when that is shorter (beyond it the model would attend to fewer positions than a cache holds).
    public var contextLimit: Int {
        min(configuration.maxPositionEmbeddings, configuration.slidingWindow ?? .max)
    }

    /// An empty cache for up to `capacity` positions (at most the context limit). Its memory is allocated
    /// now: `2 · layers · capacity · kvHeads · headSize` floats, which for a long context is gigabytes, so
    /// there is no default.
    public func makeCache(capacity: Int) -> LlamaKVCache {
        let positions = max(1, min(capacity, contextLimit))
        let (cosines, sines) = rotary.tables(count: positions)
        return LlamaKVCache(
            storage: LlamaCacheStorage(
                configuration: configuration, capacity: positions, rows: min(Self.chunkRows, positions), workers: threads,
                cosines: FloatBuffer(cosines), sines: FloatBuffer(sines)))
    }

    /// Processes `tokens` after what `cache` holds and returns the logits of the last one
    /// (`vocab_size` floats). The cache then holds the tokens too.
    public func logits(for tokens: [Int], cache: inout LlamaKVCache) throws -> [Float] {
        var logits = [Float](repeating: 0, count: configuration.vocabularySize)
        try self.logits(for: tokens, cache: &cache, into: &logits)
        return logits
    }

    /// `logits(for:cache:)` writing into `logits`, resized to `vocab_size` if it is not, so that a decoding
    /// loop reuses one array instead of allocating one per token.
    public func logits(for tokens: [Int], cache: inout LlamaKVCache, into logits: inout [Float]) throws {
        let storage = try prepare(tokens, &cache)
        var start = 0
        while start < tokens.count {
            let rows = min(storage.workspace.rows, tokens.count - start)
            forward(tokens[start..<(start + rows)], storage)
            start += rows
        }
        let lastRow = (tokens.count - 1) % storage.workspace.rows
        if logits.count != configuration.vocabularySize {
            logits = [Float](repeating: 0, count: configuration.vocabularySize)
        }
        logits.withUnsafeMutableBufferPointer { buffer in
            project(storage, rows: lastRow..<(lastRow + 1), into: buffer.baseAddress!)
        }
    }

    /// The logits at every position of `tokens` (`tokens.count` rows of `vocab_size`), as `logits(for:)`
    /// computes the last of them.
    public func allLogits(for tokens: [Int], cache: inout LlamaKVCache) throws -> [[Float]] {
        let storage = try prepare(tokens, &cache)
        let vocabulary = configuration.vocabularySize
        var result: [[Float]] = []
        result.reserveCapacity(tokens.count)
        var start = 0
        while start < tokens.count {
            let rows = min(storage.workspace.rows, tokens.count - start)
            forward(tokens[start..<(start + rows)], storage)
            let block = [Float](unsafeUninitializedCapacity: rows * vocabulary) { buffer, count in
                project(storage, rows: 0..<rows, into: buffer.baseAddress!)
                count = rows * vocabulary
            }
            for row in 0..<rows { result.append(Array(block[(row * vocabulary)..<((row + 1) * vocabulary)])) }
            start += rows
        }
        return result
    }

    /// Checks the input against the model and the cache before anything is written, and returns the
    /// cache's storage, now held by this call alone.
    private func prepare(_ tokens: [Int], _ cache: inout LlamaKVCache) throws -> LlamaCacheStorage {
        guard !tokens.isEmpty else { throw DecoderError(.emptyInput, "no tokens to process") }
        if let bad = tokens.first(where: { !(0..<configuration.vocabularySize).contains($0) }) {
            throw DecoderError(
                .tokenOutOfRange, "token id \(bad) is outside the vocabulary of \(configuration.vocabularySize) tokens")
        }
        guard cache.storage.configuration == configuration else {
            throw DecoderError(.foreignCache, "the cache was made by a model with another configuration")
        }
        guard tokens.count <= cache.remaining else {
            throw DecoderError(
                .cacheFull,
                "\(tokens.count) tokens do not fit in the cache: it holds \(cache.count) of \(cache.capacity) positions")
        }
        // Parallelism comes from this model's own workers; see BertEncoder for why BLAS stays at one thread.
        openblas_set_num_threads(1)
        return cache.uniqueStorage()
    }

    /// Runs one run of tokens through every layer, leaving the last hidden state in the workspace.
    private func forward(_ tokens: ArraySlice<Int>, _ storage: LlamaCacheStorage) {
        let hidden = configuration.hiddenSize
        let target = storage.workspace.hidden.base
        for (row, id) in tokens.enumerated() { weights.embeddings.dequantizeRow(id, into: target + row * hidden) }
        let product = SplitProduct(workers: threads)
        for (index, layer) in weights.layers.enumerated() {
            LlamaLayerPass(
                layer: layer, index: index, configuration: configuration, product: product, cache: storage,
                rows: tokens.count, firstPosition: storage.count
            ).run()
        }
        storage.count += tokens.count
    }

    /// The final RMSNorm and output layer for `rows` of the workspace's hidden state, `[rows, vocab]`.
    private func project(_ storage: LlamaCacheStorage, rows: Range<Int>, into output: UnsafeMutablePointer<Float>) {
        let hidden = configuration.hiddenSize
        let w = storage.workspace
        DecoderRowOperations.rmsNorm(
            w.hidden.base + rows.lowerBound * hidden, rows: rows.count, columns: hidden, weight: weights.finalNorm.base,
            epsilon: Float(configuration.rmsNormEpsilon), into: w.normed.base)
        SplitProduct(workers: threads).linear(
            w.normed.base, lda: hidden, weights.head, into: output, ldc: configuration.vocabularySize, m: rows.count)
    }
}
