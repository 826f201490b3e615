import ArtifactStore
import Compute
import Foundation

/// An adapter named on the command line: a PEFT folder on disk, a `model` artifact of the store (any
/// artifact reference `artifacts show` takes), or a registered model version (`twin@production`), with its
/// `model.json` when it has one.
struct AdapterLocation {
    let folder: URL
    /// How messages name it: the path as given, or the artifact's qualified name.
    let name: String
    let manifest: ModelArtifactManifest?
    /// The store the reference was resolved in, or for a folder the store there is, if any: a base that
    /// `model.json` names by registry reference is found there.
    let store: Store?

    /// A folder at `text` wins over an artifact reference of the same spelling, and an artifact reference
    /// over a registry reference.
    static func resolve(_ text: String, options: GlobalOptions) throws -> AdapterLocation {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: text, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw CLIFailure(
                    message: "\(text) is a file; an adapter is a PEFT folder (adapter_config.json, adapter_model.safetensors)")
            }
            let url = URL(fileURLWithPath: text)
            let store = options.storeExists ? try? options.openStore() : nil
            return AdapterLocation(folder: url, name: text, manifest: try manifest(url), store: store)
        }
        let storeURL = URL(fileURLWithPath: options.storePath)
        guard FileManager.default.fileExists(atPath: storeURL.appendingPathComponent("orchestrate.sqlite").path) else {
            throw CLIFailure(
                message:
                    "\(text) is neither an adapter folder nor an artifact or registered model: there is no such folder, and no store at \(options.storePath)/ to look it up in"
            )
        }
        let store = try options.openStore()
        var artifact: ArtifactRecord
        var name: String
        do {
            artifact = try store.resolveArtifact(text)
            name = artifact.qualifiedName
        } catch let error as StoreError {
            guard let version = try RegisteredModelLookup.version(text, in: store) else { throw error }
            guard ["peft-lora", "unknown"].contains(version.format) else {
                throw CLIFailure(
                    message: "\(version.reference) is a \(version.format) model, not a LoRA adapter",
                    hint: "give it as the model itself: --model \(text)")
            }
            guard let found = try store.artifact(id: version.artifactId) else {
                throw StoreError.notFound(
                    kind: "artifact", reference: version.artifactId, hint: "run `orchestrate artifacts verify`")
            }
            artifact = found
            name = version.reference
        }
        guard artifact.type == "model" else {
            throw CLIFailure(message: "\(artifact.qualifiedName) is a \(artifact.type) artifact, not a model (an adapter)")
        }
        let url = store.blobs.location(ofSHA256: artifact.sha256)
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw CLIFailure(
                message:
                    "the content of \(artifact.qualifiedName) is missing from the store or is not a folder (run `orchestrate artifacts verify`)",
                code: 1)
        }
        return AdapterLocation(folder: url, name: name, manifest: try manifest(url), store: store)
    }

    private static func manifest(_ folder: URL) throws -> ModelArtifactManifest? {
        do {
            return try ModelArtifactManifest(folder: folder)
        } catch {
            throw CLIFailure(message: "\(error)", code: 1)
        }
    }

    /// The base model: `given` when there is one, else the one `model.json` records: a path (relative to the
    /// current folder, as the step that trained the adapter was given it), or else, when the store has it, the
    /// content of the digest it pins (a base given as `twin@production` is the version it was then, wherever
    /// the alias points now).
    func base(_ given: String?, option: String) throws -> URL {
        if let given { return URL(fileURLWithPath: given) }
        guard let manifest else {
            throw CLIFailure(
                message:
                    "\(name) has no model.json naming its base model; give the base with \(option) (a model folder or a .gguf file)"
            )
        }
        let path = URL(fileURLWithPath: manifest.baseModel)
        guard !FileManager.default.fileExists(atPath: path.path), let store else { return path }
        if let digest = manifest.baseModelSHA256, try store.isReferenced(sha256: digest), store.blobs.contains(sha256: digest) {
            return store.blobs.location(ofSHA256: digest)
        }
        if let version = try RegisteredModelLookup.version(manifest.baseModel, in: store) {
            return store.blobs.location(ofSHA256: version.sha256)
        }
        return path
    }

    /// A warning when `model.json` records a digest and `base` has other content: shapes may fit while the
    /// weights are another model's (a different fine-tune, a different quantization).
    func baseDigestWarning(_ base: URL) -> String? {
        guard let recorded = manifest?.baseModelSHA256, FileManager.default.fileExists(atPath: base.path) else { return nil }
        // The store's copy of that digest is that content.
        if let store, base.standardizedFileURL == store.blobs.location(ofSHA256: recorded).standardizedFileURL { return nil }
        let hash = {
            try ContentHash.of(base)
        }
        let actual: ContentHash?
        if let store {
            actual = try? FileDigestMemo.$current.withValue(store.fileDigests, operation: hash)
        } else {
            actual = try? hash()
        }
        guard let actual, actual.sha256 != recorded else { return nil }
        return "\(name) was trained on a base other than \(base.relativePath) (whose sha256 is \(actual.sha256.prefix(12)), "
            + "model.json records \(recorded.prefix(12))); its shapes fit, so it is used"
    }
}
