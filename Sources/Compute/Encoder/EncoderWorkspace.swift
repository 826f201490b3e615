/// Scratch memory for one batch of packed tokens, reused from batch to batch by one worker thread so that
/// the forward pass allocates nothing. Sized for `capacity` tokens and the longest sequence.
final class EncoderWorkspace {
    let capacity: Int
    /// The hidden state, `[tokens, hidden]`.
    let hidden: UnsafeMutablePointer<Float>
    /// Queries, keys and values side by side, `[tokens, 3·hidden]`.
    let queryKeyValue: UnsafeMutablePointer<Float>
    /// Attention output before its projection, `[tokens, hidden]`.
    let context: UnsafeMutablePointer<Float>
    /// The feed-forward block's inner activations, `[tokens, intermediate]`.
    let intermediate: UnsafeMutablePointer<Float>
    /// Attention scores of one head of one long sequence, `[length, length]`.
    let scores: UnsafeMutablePointer<Float>
    /// The working memory of `ShortSequenceAttention`.
    let attentionScratch: UnsafeMutablePointer<Float>

    init(capacity: Int, longestSequence: Int, configuration: BertConfiguration) {
        self.capacity = capacity
        let hiddenSize = configuration.hiddenSize
        let sizes = [
            capacity * hiddenSize, capacity * 3 * hiddenSize, capacity * hiddenSize,
            capacity * configuration.intermediateSize, longestSequence * longestSequence,
            ShortSequenceAttention.scratchCount(headSize: configuration.headSize),
        ]
        let buffers = sizes.map { UnsafeMutablePointer<Float>.allocate(capacity: max(1, $0)) }
        hidden = buffers[0]
        queryKeyValue = buffers[1]
        context = buffers[2]
        intermediate = buffers[3]
        scores = buffers[4]
        attentionScratch = buffers[5]
    }

    deinit {
        for buffer in [hidden, queryKeyValue, context, intermediate, scores, attentionScratch] { buffer.deallocate() }
    }
}
