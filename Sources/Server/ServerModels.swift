import Compute

/// What `InferenceServer` loads before it can answer: the generative model and, optionally, the encoder.
/// Loading runs once the server listens, so `/health` answers 503 meanwhile instead of refusing connections.
public struct ServerModels: Sendable {
    public var model: LanguageModel
    public var encoder: BertEncoder?
    /// Which version of the model this is (`twin/4`), when it comes from the registry.
    public var revision: String?

    public init(model: LanguageModel, encoder: BertEncoder? = nil, revision: String? = nil) {
        self.model = model
        self.encoder = encoder
        self.revision = revision
    }
}
