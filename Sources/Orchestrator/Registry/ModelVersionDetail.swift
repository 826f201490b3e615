import ArtifactStore

/// Everything `models show NAME/V` prints about a version: its artifact and the step run that made it, the
/// registered versions its base is, its aliases and evaluations, and its lineage with the datasets and
/// documents it was trained from picked out.
public struct ModelVersionDetail: Sendable {
    public var model: RegisteredModel
    public var version: ModelVersionRecord
    public var artifact: ArtifactRecord
    public var producer: StepRunRecord?
    /// Registered versions whose content is the pinned base digest (`base/1`), when there are any.
    public var baseVersions: [ModelVersionRecord]
    /// Newest first.
    public var evaluations: [ModelEvaluation]
    public var lineage: LineageGraph
    /// The `dataset` and `documents` artifacts upstream of the version: what it learned from.
    public var data: [ArtifactRecord]

    public var aliases: [String] { model.aliases(of: version.version) }

    public static func load(_ store: Store, version: ModelVersionRecord) throws -> ModelVersionDetail {
        guard let model = try store.registeredModel(named: version.model) else {
            throw StoreError.notFound(kind: "registered model", reference: version.model, hint: nil)
        }
        guard let artifact = try store.artifact(id: version.artifactId) else {
            throw StoreError.notFound(
                kind: "artifact", reference: version.artifactId, hint: "the store lost the version's artifact")
        }
        let lineage = try store.lineage(of: artifact, direction: .upstream)
        let data = lineage.artifacts.values.filter { ["dataset", "documents"].contains($0.type) && $0.id != artifact.id }
            .sorted { ($0.type, $0.qualifiedName) < ($1.type, $1.qualifiedName) }
        return ModelVersionDetail(
            model: model, version: version, artifact: artifact,
            producer: try version.stepRunId.flatMap { try store.stepRun(id: $0) },
            baseVersions: try version.baseSha256.map { try store.modelVersions(sha256: $0) } ?? [],
            evaluations: try store.evaluations(of: version), lineage: lineage, data: data)
    }
}
