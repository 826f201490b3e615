import Compute

/// Where a server's model comes from when it can change while the server runs: a registry alias such as
/// `twin@production`. `resolve` names the revision to serve now and how to load it; the server calls it
/// every `interval` (nil: only when `POST /v1/admin/reload` asks) and switches when the revision differs.
public struct ModelFollowing: Sendable {
    public struct Target: Sendable {
        /// What is served, as users name it (`twin/4`): equal revisions are the same model.
        public var revision: String
        public var load: @Sendable () throws -> LanguageModel

        public init(revision: String, load: @escaping @Sendable () throws -> LanguageModel) {
            self.revision = revision
            self.load = load
        }
    }

    public var interval: Duration?
    public var resolve: @Sendable () throws -> Target

    public init(interval: Duration?, resolve: @escaping @Sendable () throws -> Target) {
        self.interval = interval
        self.resolve = resolve
    }
}
