import ArtifactStore
import Foundation

/// Shared by the unit test targets.
///
/// A fresh folder under the system's temporary directory for one test.
///
/// Call `remove()` in a `defer`: it deletes the folder even when it holds read-only blobs.
public struct TemporaryFolder {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("orchestrate-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func remove() {
        try? FileSystem.removeTree(url)
    }

    /// Writes `text` to a file at `path` inside the folder, creating the folders above it.
    @discardableResult
    public func write(_ text: String, to path: String) throws -> URL {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file
    }

    /// Creates an (empty) folder at `path` inside the folder.
    @discardableResult
    public func makeFolder(_ path: String) throws -> URL {
        let folder = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

/// The text of a file.
public func contents(of url: URL) throws -> String {
    try String(contentsOf: url, encoding: .utf8)
}

/// The permission bits of a file or folder.
public func permissions(of url: URL) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
}
