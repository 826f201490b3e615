import ArtifactStore
import Compute
import Foundation
import Server

/// A registered model served by `orchestrate serve --model twin@production`: which version the
/// reference names now, and how to load it (a LoRA adapter onto the base its `model.json` pins, a whole
/// model from the store). A reference by alias or by name alone can move, so the server follows it; a
/// pinned version (`twin/3`) cannot.
struct RegisteredModelSource: Sendable {
    let reference: ModelReference
    let global: GlobalOptions

    /// The source for `text` when it is a registry reference the store knows and no file has that name.
    static func find(_ text: String, global: GlobalOptions) throws -> RegisteredModelSource? {
        guard !FileManager.default.fileExists(atPath: text), global.storeExists,
            try RegisteredModelLookup.version(text, in: try global.openStore()) != nil
        else { return nil }
        return RegisteredModelSource(reference: try ModelReference(parsing: text), global: global)
    }

    var follows: Bool {
        if case .version = reference.selector { return false }
        return true
    }

    /// The version the reference names now, with a loader for it. Opens the store each time: the
    /// registry may have moved since the last look, in this process or another.
    func target() throws -> ModelFollowing.Target {
        let store = try global.openStore()
        let version = try store.resolveModel(reference)
        let files: (base: URL, adapter: URL?)
        if ["peft-lora", "unknown"].contains(version.format) {
            let location = try AdapterLocation.resolve(version.reference, options: global)
            files = (try location.base(nil, option: "--model"), location.folder)
        } else {
            files = (store.blobs.location(ofSHA256: version.sha256), nil)
        }
        let reference = version.reference
        return ModelFollowing.Target(revision: reference) {
            do {
                return try files.adapter.map { try LanguageModel(contentsOf: files.base, adapter: $0) }
                    ?? LanguageModel(contentsOf: files.base)
            } catch {
                throw CLIFailure(message: "cannot load \(reference) from \(files.base.path): \(error)", code: ExitStatus.failed)
            }
        }
    }
}
