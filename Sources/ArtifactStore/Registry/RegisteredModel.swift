/// A registered model with every version and the aliases as they stand, as `models list` and
/// `models show` read it.
public struct RegisteredModel: Sendable, Equatable {
    public var name: String
    public var createdAt: Double
    /// Oldest first.
    public var versions: [ModelVersionRecord]
    /// By alias name.
    public var aliases: [ModelAliasRecord]

    public var latest: ModelVersionRecord? { versions.last }

    /// The aliases that point at `version`, sorted by name.
    public func aliases(of version: Int) -> [String] {
        aliases.filter { $0.version == version }.map(\.alias).sorted()
    }

    /// When anything last changed: a version was registered or an alias moved.
    public var updatedAt: Double {
        max(versions.map(\.createdAt).max() ?? createdAt, aliases.map(\.updatedAt).max() ?? createdAt)
    }
}
