import Foundation

/// Lists a folder's entries recursively in a stable order (sorted by relative path bytes).
public enum FolderWalk {
    public struct Entry: Sendable {
        public enum Kind: Sendable { case file, folder }
        public var relativePath: String
        public var url: URL
        public var kind: Kind
        public var size: Int64
    }

    public static func entries(of root: URL) throws -> [Entry] {
        var result: [Entry] = []
        try walk(root, prefix: "", into: &result)
        return result.sorted { $0.relativePath.utf8.lexicographicallyPrecedes($1.relativePath.utf8) }
    }

    private static func walk(_ folder: URL, prefix: String, into result: inout [Entry]) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        for name in names {
            let url = folder.appendingPathComponent(name)
            let path = prefix.isEmpty ? name : prefix + "/" + name
            let values = try url.resourceValues(forKeys: [.isDirectoryKey, .isSymbolicLinkKey, .fileSizeKey])
            if values.isSymbolicLink == true {
                throw StoreError.unsupportedContent(path: url.path, reason: "symbolic links cannot be stored")
            }
            if values.isDirectory == true {
                result.append(Entry(relativePath: path, url: url, kind: .folder, size: 0))
                try walk(url, prefix: path, into: &result)
            } else {
                result.append(Entry(relativePath: path, url: url, kind: .file, size: Int64(values.fileSize ?? 0)))
            }
        }
    }
}
