import Foundation

extension GGUFFile {
    /// Whether `url` is to be read as a GGUF file: its name ends in `.gguf`, or it is a file that starts with
    /// GGUF's magic, as a model in the store does (blobs are named by digest, without an extension).
    public static func isGGUF(_ url: URL) -> Bool {
        if url.pathExtension.lowercased() == "gguf" { return true }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue,
            let handle = try? FileHandle(forReadingFrom: url)
        else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 4)) == Data("GGUF".utf8)
    }
}
