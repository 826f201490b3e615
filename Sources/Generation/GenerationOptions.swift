/// How to sample an answer. `temperature` 0 asks for greedy decoding.
public struct GenerationOptions: Sendable, Equatable {
    public var temperature: Double
    public var topP: Double
    public var maxTokens: Int
    public var stop: [String]
    public var seed: UInt64?
    /// Ask for a JSON object as the answer, where the backend supports it.
    public var jsonMode: Bool
    /// Above 1, discourages repeating recently generated tokens (the native backend; servers have their own).
    public var repetitionPenalty: Double
    /// The start of the answer, written for the model to continue (the native backend): `[{"instruction": "`
    /// steers a small model into the JSON it was asked for. The answer's text begins with it.
    public var answerPrefix: String?

    public init(
        temperature: Double = 0.7, topP: Double = 1, maxTokens: Int = 512, stop: [String] = [], seed: UInt64? = nil,
        jsonMode: Bool = false, repetitionPenalty: Double = 1, answerPrefix: String? = nil
    ) {
        self.temperature = temperature
        self.topP = topP
        self.maxTokens = maxTokens
        self.stop = stop
        self.seed = seed
        self.jsonMode = jsonMode
        self.repetitionPenalty = repetitionPenalty
        self.answerPrefix = answerPrefix
    }
}
