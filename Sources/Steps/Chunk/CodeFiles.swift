import Crawler

/// The files of a repository document. Its content holds them one after another, each introduced by
/// a line `==> PATH <==` (the header `head` and `tail` print between files); text before the first
/// header, or a content without any, is one file with no path.
enum CodeFiles {
    struct File {
        /// The header line, empty for text outside any file.
        var header: Substring
        var body: Substring
    }

    static func files(in text: String) -> [File] {
        var files: [File] = []
        var header = text[text.startIndex..<text.startIndex]
        var bodyStart = text.startIndex
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) where isHeader(line) {
            files.append(File(header: header, body: text[bodyStart..<line.startIndex]))
            header = line
            bodyStart = line.endIndex
        }
        files.append(File(header: header, body: text[bodyStart...]))
        return files.filter { !$0.header.isEmpty || !$0.body.allSatisfy(\.isWhitespace) }
    }

    static func isHeader(_ line: Substring) -> Bool {
        line.hasPrefix("==> ") && line.hasSuffix(" <==") && line.count > 8
    }

    /// The header line `==> path <==` for a file, as imports and the repository crawler write it.
    static func header(_ path: String) -> String {
        RepositoryFiles.header(path)
    }
}
