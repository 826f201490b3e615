import ArtifactStore
import Foundation
import Synchronization

/// The registry as one run's steps see it: the store's, with each reference resolved once per run, so an
/// alias that moves while the run goes on cannot give a step's cache key one version and its work another.
final class StoreModelRegistry: ModelRegistryAccess {
    private let store: Store
    private let resolved = Mutex<[String: ResolvedModelVersion]>([:])

    init(store: Store) {
        self.store = store
    }

    func resolve(_ reference: String) throws -> ResolvedModelVersion {
        if let known = resolved.withLock({ $0[reference] }) { return known }
        let version = try store.resolveModel(reference)
        let answer = ResolvedModelVersion(version: version, url: store.blobs.location(ofSHA256: version.sha256))
        return resolved.withLock { memo in
            if let first = memo[reference] { return first }
            memo[reference] = answer
            return answer
        }
    }

    func versions(sha256: String) throws -> [ModelVersionRecord] {
        try store.modelVersions(sha256: sha256)
    }

    func promote(model: String, version: Int, alias: String, reason: String?, force: Bool, by user: String) throws
        -> Store.AliasChange
    {
        try store.promote(model: model, version: version, alias: alias, reason: reason, force: force, by: user)
    }
}
