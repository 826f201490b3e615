import Compute

/// The generative model the server answers with, under the name clients ask for, and the loop that
/// computes its answers.
final class ServedModel: Sendable {
    let name: String
    let model: LanguageModel
    let loop: InferenceLoop

    init(name: String, model: LanguageModel, loop: InferenceLoop) {
        self.name = name
        self.model = model
        self.loop = loop
    }
}

/// The sentence encoder behind `/v1/embeddings`.
struct ServedEncoder: Sendable {
    let name: String
    let encoder: BertEncoder
}
