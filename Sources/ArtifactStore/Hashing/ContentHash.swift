import Foundation

/// The identity of an artifact's content: what kind of thing it is, its sha256 and its size.
public struct ContentHash: Sendable, Hashable {
    public enum Kind: String, Sendable, Codable {
        case file
        case folder
    }

    public var kind: Kind
    public var sha256: String
    public var size: Int64

    public init(kind: Kind, sha256: String, size: Int64) {
        self.kind = kind
        self.sha256 = sha256
        self.size = size
    }

    /// Hashes a file by its bytes, or a folder by its sorted relative paths and their contents.
    ///
    /// A folder's digest covers every entry (`["folder/v1", [path, kind, sha256], ...]`), so
    /// renaming a file, emptying a sub-folder or editing one byte all give a new digest.
    /// Symbolic links are refused: what they point to is outside the artifact.
    public static func of(_ url: URL) throws -> ContentHash {
        let values = try url.resourceValues(forKeys: [.isDirectoryKey, .isSymbolicLinkKey, .fileSizeKey])
        if values.isSymbolicLink == true {
            throw StoreError.unsupportedContent(path: url.path, reason: "symbolic links cannot be stored")
        }
        if values.isDirectory == true {
            return try folder(url)
        }
        let sha = try Hashing.sha256(fileAt: url)
        return ContentHash(kind: .file, sha256: sha, size: Int64(values.fileSize ?? 0))
    }

    private static func folder(_ root: URL) throws -> ContentHash {
        var entries: [JSONValue] = []
        var total: Int64 = 0
        for entry in try FolderWalk.entries(of: root) {
            switch entry.kind {
            case .folder:
                entries.append(.array([.string(entry.relativePath), "folder"]))
            case .file:
                let sha = try Hashing.sha256(fileAt: entry.url)
                total += entry.size
                entries.append(.array([.string(entry.relativePath), "file", .string(sha)]))
            }
        }
        return ContentHash(kind: .folder, sha256: Hashing.digest(tag: "folder/v1", entries), size: total)
    }
}
