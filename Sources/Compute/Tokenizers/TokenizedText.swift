/// The encoder's input for one text: token ids with `[CLS]` first and `[SEP]` last, and the attention mask.
public struct TokenizedText: Sendable, Equatable {
    public var ids: [Int]

    public init(ids: [Int]) {
        self.ids = ids
    }

    /// One per token: texts are encoded one at a time without padding, so every position is attended to.
    /// Batches that pad shorter texts extend it with zeros.
    public var attentionMask: [Int] { [Int](repeating: 1, count: ids.count) }
}
