import Foundation

/// The text files of a source tree worth reading: vendored, generated and build folders, lock
/// files, binaries and files over the size cap are left out (and counted by reason).
public struct RepositoryFiles: Sendable {
    public var maxFileBytes: Int

    static let skippedFolders: Set<String> = [
        ".git", "node_modules", "vendor", "vendored", "third_party", "thirdparty", "third-party", "external",
        "dist", "build", "out", "target", ".build", "bin", "obj", ".venv", "venv", "env", ".env", "__pycache__",
        ".tox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".idea", ".vscode", "Pods", "Carthage", ".gradle",
        "bower_components", "site-packages", "coverage", ".next", ".nuxt", ".terraform", ".cache",
    ]
    static let lockFiles: Set<String> = [
        "package-lock.json", "yarn.lock", "pnpm-lock.yaml", "poetry.lock", "pipfile.lock", "cargo.lock",
        "gemfile.lock", "composer.lock", "go.sum", "package.resolved", "uv.lock", "pdm.lock", "flake.lock",
        "mix.lock", "pubspec.lock", "podfile.lock", "npm-shrinkwrap.json",
    ]
    static let binaryExtensions: Set<String> = [
        "png", "jpg", "jpeg", "gif", "bmp", "ico", "webp", "tiff", "pdf", "zip", "gz", "tgz", "bz2", "xz", "7z",
        "tar", "jar", "war", "whl", "so", "dylib", "dll", "exe", "o", "a", "class", "pyc", "bin", "pt", "pth",
        "safetensors", "onnx", "gguf", "h5", "pkl", "npy", "npz", "parquet", "woff", "woff2", "ttf", "otf", "eot",
        "mp3", "mp4", "wav", "mov", "avi", "sqlite", "db",
    ]

    public init(maxFileBytes: Int = 256_000) {
        self.maxFileBytes = maxFileBytes
    }

    public struct File: Sendable, Equatable {
        public var path: String
        public var text: String

        public init(path: String, text: String) {
            self.path = path
            self.text = text
        }
    }

    /// Every kept file under `root`, by path, and how many were skipped for each reason.
    public func read(_ root: URL, extensions: Set<String>? = nil) -> (files: [File], skipped: [String: Int]) {
        var files: [File] = []
        var skipped: [String: Int] = [:]
        let rootPath = root.standardizedFileURL.path
        guard
            let walker = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: [.isDirectoryKey, .isRegularFileKey, .fileSizeKey, .isSymbolicLinkKey])
        else { return ([], [:]) }
        for case let url as URL in walker {
            let values = try? url.resourceValues(forKeys: [.isDirectoryKey, .isRegularFileKey, .fileSizeKey, .isSymbolicLinkKey])
            let name = url.lastPathComponent
            if values?.isDirectory == true {
                if Self.skippedFolders.contains(name) || Self.skippedFolders.contains(name.lowercased()) {
                    walker.skipDescendants()
                    if name != ".git" { skipped["vendored or generated folder", default: 0] += 1 }
                }
                continue
            }
            // Links may point outside the tree; they are not the repository's own text.
            guard values?.isRegularFile == true, values?.isSymbolicLink != true else { continue }
            let path = String(url.standardizedFileURL.path.dropFirst(rootPath.count + 1))
            if let reason = skipReason(name: name, size: values?.fileSize ?? 0, extensions: extensions) {
                skipped[reason, default: 0] += 1
                continue
            }
            guard let data = FileManager.default.contents(atPath: url.path) else {
                skipped["unreadable", default: 0] += 1
                continue
            }
            guard let text = Self.text(data) else {
                skipped["binary", default: 0] += 1
                continue
            }
            files.append(File(path: path, text: text))
        }
        return (files.sorted { $0.path < $1.path }, skipped)
    }

    func skipReason(name: String, size: Int, extensions: Set<String>?) -> String? {
        let lower = name.lowercased()
        let ext = (lower as NSString).pathExtension
        if let extensions, !extensions.contains(ext) { return "not a text document" }
        if Self.lockFiles.contains(lower) || ext == "lock" { return "lock file" }
        if lower.hasSuffix(".min.js") || lower.hasSuffix(".min.css") || ext == "map" || lower.hasSuffix("_pb2.py")
            || lower.hasSuffix(".pb.go") || lower.contains(".generated.")
        {
            return "generated file"
        }
        if Self.binaryExtensions.contains(ext) { return "binary" }
        if size > maxFileBytes { return "over the size cap" }
        return nil
    }

    /// UTF-8 text without NUL bytes, or nil for anything binary.
    static func text(_ data: Data) -> String? {
        guard !data.prefix(8000).contains(0) else { return nil }
        return String(data: data, encoding: .utf8)
    }

    /// One document's content: each file after a `==> path <==` line, the layout the chunk step splits at.
    public static func content(_ files: [File]) -> String {
        files.map { file in
            header(file.path) + "\n" + file.text + (file.text.hasSuffix("\n") || file.text.isEmpty ? "" : "\n")
        }.joined()
    }

    /// The line that introduces a file in a repository document (the header `head` and `tail` print).
    public static func header(_ path: String) -> String {
        "==> \(path) <=="
    }
}
