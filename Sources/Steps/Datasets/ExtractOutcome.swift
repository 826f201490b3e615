import ArtifactStore

/// What one extract gave: the examples its answer held and the items rejected on the way.
struct ExtractOutcome: Sendable {
    var examples: [DatasetExample] = []
    var rejections: [Rejection] = []
    /// The generator itself failed for this extract (as opposed to answering badly).
    var generatorFailed = false

    mutating func reject(_ extract: TextExtract, _ kind: Rejection.Kind, _ reason: String, _ item: JSONValue) {
        rejections.append(Rejection(extract: extract.id, kind: kind, reason: reason, item: item))
    }
}
