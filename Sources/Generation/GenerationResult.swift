/// One generated answer and what it cost.
public struct GenerationResult: Sendable, Equatable {
    public var text: String
    /// Why generation ended: `stop` (end of answer or a stop sequence), `length` (max tokens), ...
    public var finishReason: String?
    public var promptTokens: Int
    public var completionTokens: Int
    /// Estimated cost in US dollars from the endpoint's prices, when it has them.
    public var cost: Double?

    public init(text: String, finishReason: String?, promptTokens: Int, completionTokens: Int, cost: Double? = nil) {
        self.text = text
        self.finishReason = finishReason
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.cost = cost
    }
}
