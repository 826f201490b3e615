/// How to sample an answer. `temperature` 0 asks for greedy decoding.
public struct GenerationOptions: Sendable, Equatable {
    public var temperature: Double
    public var topP: Double
    public var maxTokens: Int
    public var stop: [String]
    public var seed: UInt64?
    /// Ask for a JSON object as the answer, where the backend supports it.
    public var jsonMode: Bool

    public init(
        temperature: Double = 0.7, topP: Double = 1, maxTokens: Int = 512, stop: [String] = [], seed: UInt64? = nil,
        jsonMode: Bool = false
    ) {
        self.temperature = temperature
        self.topP = topP
        self.maxTokens = maxTokens
        self.stop = stop
        self.seed = seed
        self.jsonMode = jsonMode
    }
}
