import ArtifactStore
import Foundation

/// Finds the files and folders a `run:` script names, such as `scripts/report.py` or a data
/// folder passed as a parameter.
///
/// Their contents are part of the step's cache key (editing the script or the data re-runs the
/// step), and relative paths are rewritten to absolute ones because commands run in a fresh
/// working folder, not in the project. Relative words are resolved against the project folder;
/// absolute ones count only inside it, so `/usr/bin/python3` is neither hashed nor rewritten.
public enum ScriptFiles {
    public struct Reference: Sendable, Equatable {
        public var path: String
        public var url: URL
    }

    /// Files in the project named by plain words of the script (no `$`, no globs).
    public static func references(in script: String, projectDirectory: URL) -> [Reference] {
        words(in: script).compactMap { word in
            resolve(word.text, in: projectDirectory).map { Reference(path: word.text, url: $0) }
        }
    }

    /// The script with each project-relative file word replaced by its quoted absolute path.
    public static func absolutized(_ script: String, projectDirectory: URL) -> String {
        var result = script
        for word in words(in: script).reversed() {
            guard !word.text.hasPrefix("/"), let url = resolve(word.text, in: projectDirectory) else { continue }
            result.replaceSubrange(word.range, with: "'" + url.path.replacingOccurrences(of: "'", with: "'\\''") + "'")
        }
        return result
    }

    /// `(path, sha256)` pairs for the cache key, sorted by path.
    public static func fingerprints(in script: String, projectDirectory: URL) throws -> [JSONValue] {
        var seen = Set<String>()
        var pairs: [(String, String)] = []
        for reference in references(in: script, projectDirectory: projectDirectory) where seen.insert(reference.path).inserted {
            pairs.append((reference.path, try ContentHash.of(reference.url).sha256))
        }
        return pairs.sorted { $0.0 < $1.0 }.map { .array([.string($0.0), .string($0.1)]) }
    }

    private static func resolve(_ word: String, in project: URL) -> URL? {
        guard !word.isEmpty, !word.contains("$"), !word.contains("*"), !word.contains("?"),
            word.contains(".") || word.contains("/")
        else { return nil }
        let absolute = word.hasPrefix("/")
        let url = (absolute ? URL(fileURLWithPath: word) : project.appendingPathComponent(word)).standardizedFileURL
        let projectPath = project.standardizedFileURL.path
        // The project itself or a folder above it is never "a file the script names".
        guard FileManager.default.fileExists(atPath: url.path), url.path != projectPath,
            !(projectPath + "/").hasPrefix(url.path == "/" ? "/" : url.path + "/")
        else { return nil }
        if absolute, !url.path.hasPrefix(project.standardizedFileURL.path + "/") { return nil }
        return url
    }

    struct Word {
        var text: String
        var range: Range<String.Index>
    }

    /// Shell-like words: split on blanks and operators, with simple quotes removed.
    static func words(in script: String) -> [Word] {
        var words: [Word] = []
        var index = script.startIndex
        let separators: Set<Character> = [" ", "\t", "\n", ";", "|", "&", "<", ">", "(", ")", "`"]
        while index < script.endIndex {
            if separators.contains(script[index]) {
                index = script.index(after: index)
                continue
            }
            let start = index
            var text = ""
            var plain = true
            while index < script.endIndex, !separators.contains(script[index]) {
                let character = script[index]
                if character == "'" || character == "\"" {
                    guard let close = script[script.index(after: index)...].firstIndex(of: character) else {
                        plain = false
                        index = script.endIndex
                        break
                    }
                    text += script[script.index(after: index)..<close]
                    index = script.index(after: close)
                } else {
                    if character == "\\" { plain = false }
                    text.append(character)
                    index = script.index(after: index)
                }
            }
            if plain { words.append(Word(text: text, range: start..<index)) }
        }
        return words
    }
}
