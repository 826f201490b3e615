import ArtifactStore

/// The versions a run's references to other pipelines' artifacts resolved to, recorded in the run's
/// options as `artifact_inputs`: `{ "datasets/preference.dataset@latest": ARTIFACT_ID, ... }`.
enum PinnedArtifacts {
    static let field = "artifact_inputs"

    /// The recorded form: reference key → artifact id.
    static func ids(_ artifacts: [String: ArtifactRecord]) -> [String: String] {
        artifacts.mapValues(\.id)
    }

    /// The ids recorded in a run's options text, or nil when it records none.
    static func recorded(inOptions text: String) -> [String: String]? {
        guard let object = (try? JSONText.parse(text))?[field]?.objectValue else { return nil }
        return object.compactMapValues(\.stringValue)
    }

    /// The pseudo-steps the engine puts in front of the plan, one per reference, each with its one output.
    static func outcomes(_ artifacts: [String: ArtifactRecord]) -> [String: StepCompletion] {
        artifacts.mapValues { .succeeded([ArtifactInput.output: $0]) }
    }
}
