/// The shape of a low-rank adapter: every targeted weight `W [out, in]` of every layer gains
/// `scale · B·A`, with `A [rank, in]`, `B [out, rank]` and `scale = alpha / rank` (PEFT's convention
/// without rsLoRA). Dropout applies to the adapter's input during training only.
public struct LoRAConfiguration: Sendable, Codable, Equatable {
    public var rank: Int
    public var alpha: Double
    public var dropout: Double
    public var targets: [LoRATarget]

    public init(rank: Int, alpha: Double, dropout: Double = 0, targets: [LoRATarget] = LoRATarget.allCases) {
        self.rank = rank
        self.alpha = alpha
        self.dropout = dropout
        self.targets = targets.sorted()
    }

    /// The factor the product `B·A` is multiplied by.
    public var scale: Float { Float(alpha / Double(rank)) }
}
