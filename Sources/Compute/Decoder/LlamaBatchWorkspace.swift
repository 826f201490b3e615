/// Scratch memory for decoding one token of each of up to `rows` sequences in one forward pass (see
/// `LlamaModel.logits(next:caches:workspace:)`). Attention reads each sequence's own cache and scratch;
/// this holds the rows the linear layers multiply together.
public final class LlamaBatchWorkspace: @unchecked Sendable {
    // Used by one batched call at a time: its owner (an inference loop) never shares it.
    public let rows: Int
    let workspace: DecoderWorkspace
    /// The output layer's logits, `[rows, vocab]`.
    let logits: FloatBuffer
    let configuration: LlamaConfiguration

    init(configuration: LlamaConfiguration, rows: Int, workers: Int) {
        self.rows = max(1, rows)
        self.configuration = configuration
        workspace = DecoderWorkspace(configuration: configuration, rows: self.rows, capacity: 1, workers: workers)
        logits = FloatBuffer(count: self.rows * configuration.vocabularySize)
    }
}
