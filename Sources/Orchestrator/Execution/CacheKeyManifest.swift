import ArtifactStore

/// What a step's cache key is computed from, stored with the key so that two keys can be compared
/// field by field (`runs show RUN --explain STEP`).
///
/// The key is `CacheKey` over the same fields, with `files` and `external` joined into its last list
/// in that order, so keeping the manifest changes no digest.
public struct CacheKeyManifest: Sendable, Equatable {
    public var type: String
    public var version: Int
    /// The resolved parameters; for `command` also `run` (the script) and `outputs` (the declared outputs).
    public var parameters: [String: JSONValue]
    /// Input name → sha256 of the artifact read.
    public var inputs: [String: String]
    /// `[path, sha256]` of each project file or folder the script names.
    public var files: [JSONValue]
    /// What the step reads from outside the store, as it reports it (`[name, sha256]` pairs).
    public var external: [JSONValue]

    public init(
        type: String, version: Int, parameters: [String: JSONValue], inputs: [String: String], files: [JSONValue] = [],
        external: [JSONValue] = []
    ) {
        self.type = type
        self.version = version
        self.parameters = parameters
        self.inputs = inputs
        self.files = files
        self.external = external
    }

    public var key: CacheKey {
        CacheKey(type: type, version: version, parameters: parameters, inputs: inputs, scripts: files + external)
    }

    /// The stored form.
    public var json: JSONValue {
        .object([
            "type": .string(type), "version": .int(version), "parameters": .object(parameters),
            "inputs": .object(inputs.mapValues { .string($0) }), "files": .array(files), "external": .array(external),
        ])
    }

    /// Reads the stored form back; nil when it is not one (a store written by a later version, say).
    public init?(json: JSONValue) {
        guard let type = json["type"]?.stringValue, let version = json["version"]?.intValue,
            let parameters = json["parameters"]?.objectValue, let inputs = json["inputs"]?.objectValue,
            let files = json["files"]?.arrayValue, let external = json["external"]?.arrayValue
        else { return nil }
        var digests: [String: String] = [:]
        for (name, value) in inputs {
            guard let digest = value.stringValue else { return nil }
            digests[name] = digest
        }
        self.init(
            type: type, version: version, parameters: parameters, inputs: digests, files: files, external: external)
    }
}
