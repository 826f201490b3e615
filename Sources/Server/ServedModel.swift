import Compute

/// The generative model the server answers with, under the name clients ask for, and the loop that
/// computes its answers.
final class ServedModel: Sendable {
    let name: String
    /// Which version of the model this is (`twin/4`), when it comes from the registry.
    let revision: String?
    let model: LanguageModel
    let loop: InferenceLoop

    init(name: String, revision: String? = nil, model: LanguageModel, loop: InferenceLoop) {
        self.name = name
        self.revision = revision
        self.model = model
        self.loop = loop
    }
}

/// The sentence encoder behind `/v1/embeddings`.
struct ServedEncoder: Sendable {
    let name: String
    let encoder: BertEncoder
}
