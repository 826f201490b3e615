import ArtifactStore

/// The cache key of a step: same key, same outputs.
///
/// sha256 over `["cache-key/v1", type, version, parameters, inputs, scripts]` where parameters
/// is the canonical JSON of the resolved parameters (for `command`, the script and declared
/// outputs too), inputs the sorted `[name, sha256]` pairs of input artifacts, and scripts the
/// sorted `[path, sha256]` pairs of project files the script names. Changing any of these is
/// what makes a step re-run; `CacheKeyTests` pins the digests.
public struct CacheKey: Sendable, Equatable {
    public var digest: String

    public init(type: String, version: Int, parameters: [String: JSONValue], inputs: [String: String], scripts: [JSONValue]) {
        let inputPairs = inputs.keys.sorted().map { JSONValue.array([.string($0), .string(inputs[$0]!)]) }
        digest = Hashing.digest(
            tag: "cache-key/v1",
            [.string(type), .int(version), .object(parameters), .array(inputPairs), .array(scripts)])
    }
}
