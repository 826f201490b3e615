import Foundation

/// Re-hashes every blob that an artifact references and reports missing or altered content.
public struct StoreVerifier {
    public struct Problem: Sendable {
        public var sha256: String
        public var problem: String
        /// The artifacts (`pipeline/name@version`) that share the blob.
        public var artifacts: [String]
    }

    public struct Result: Sendable {
        public var checked: Int
        public var problems: [Problem]
    }

    let store: Store

    public init(store: Store) {
        self.store = store
    }

    public func verify() throws -> Result {
        let byDigest = Dictionary(grouping: try store.allArtifacts(), by: \.sha256)
        var problems: [Problem] = []
        for digest in byDigest.keys.sorted() {
            let names = byDigest[digest]!.map(\.qualifiedName)
            let location = store.blobs.location(ofSHA256: digest)
            guard FileManager.default.fileExists(atPath: location.path) else {
                problems.append(Problem(sha256: digest, problem: "missing", artifacts: names))
                continue
            }
            do {
                let actual = try ContentHash.of(location)
                if actual.sha256 != digest {
                    problems.append(
                        Problem(
                            sha256: digest, problem: "content changed (now sha256:\(actual.sha256.prefix(12)))", artifacts: names)
                    )
                }
            } catch {
                problems.append(Problem(sha256: digest, problem: "unreadable: \(error)", artifacts: names))
            }
        }
        return Result(checked: byDigest.count, problems: problems)
    }
}
