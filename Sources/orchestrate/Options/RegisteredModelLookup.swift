import ArtifactStore

/// Registry references on the command line (`twin`, `twin/3`, `twin@production`): looked up only when the
/// text is written like one and its model is registered, so paths and artifact references keep their
/// meaning.
enum RegisteredModelLookup {
    /// The version `text` names, nil when it names no registered model; an unknown version or alias of a
    /// registered model is the store's error.
    static func version(_ text: String, in store: Store) throws -> ModelVersionRecord? {
        guard let reference = try? ModelReference(parsing: text), try store.registeredModel(named: reference.model) != nil
        else { return nil }
        return try store.resolveModel(reference)
    }
}
