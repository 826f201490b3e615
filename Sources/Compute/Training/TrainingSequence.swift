/// One training text as token ids, and which of its tokens the loss is computed on. Token `i` is a label
/// when the model is trained to predict it from the tokens before it; the first token never is.
public struct TrainingSequence: Sendable, Equatable {
    public var tokens: [Int]
    public var isLabel: [Bool]

    public init(tokens: [Int], isLabel: [Bool]) {
        precondition(tokens.count == isLabel.count, "\(tokens.count) tokens but \(isLabel.count) label flags")
        self.tokens = tokens
        self.isLabel = isLabel
        if !self.isLabel.isEmpty { self.isLabel[0] = false }
    }

    /// Every token after the first is a label.
    public init(tokens: [Int]) {
        self.init(tokens: tokens, isLabel: tokens.indices.map { $0 > 0 })
    }

    public var labelCount: Int { isLabel.reduce(0) { $0 + ($1 ? 1 : 0) } }
}
