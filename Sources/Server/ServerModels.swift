import Compute

/// What `InferenceServer` loads before it can answer: the generative model and, optionally, the encoder.
/// Loading runs once the server listens, so `/health` answers 503 meanwhile instead of refusing connections.
public struct ServerModels: Sendable {
    public var model: LanguageModel
    public var encoder: BertEncoder?

    public init(model: LanguageModel, encoder: BertEncoder? = nil) {
        self.model = model
        self.encoder = encoder
    }
}
