import ArtifactStore
import Foundation

/// What a step may do with the model registry without opening the store: resolve a reference such as
/// `twin@production` to a version and its content, find the versions of some content, and move an alias.
///
/// The engine installs one as `ModelRegistryScope.current` while it computes a step's cache key and while
/// the step runs; a reference resolves to the same version for the whole run, so the key and the work agree.
public protocol ModelRegistryAccess: Sendable {
    func resolve(_ reference: String) throws -> ResolvedModelVersion

    /// The registered versions whose content is `sha256`, under any name.
    func versions(sha256: String) throws -> [ModelVersionRecord]

    /// Points `alias` of `model` at `version` (see `Store.promote`).
    func promote(model: String, version: Int, alias: String, reason: String?, force: Bool, by user: String) throws
        -> Store.AliasChange
}

/// A registry version with the location of its read-only content.
public struct ResolvedModelVersion: Sendable, Equatable {
    public var version: ModelVersionRecord
    public var url: URL

    public init(version: ModelVersionRecord, url: URL) {
        self.version = version
        self.url = url
    }
}

/// Where steps find the registry: a task local, because the training steps' `base_model` is resolved in
/// `externalFingerprints`, which has no context. Nil outside the engine (a step called on its own).
public enum ModelRegistryScope {
    @TaskLocal public static var current: (any ModelRegistryAccess)?
}
