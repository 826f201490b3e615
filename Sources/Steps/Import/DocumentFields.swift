import ArtifactStore
import Orchestrator

/// Reads one imported record's fields, naming the file, the record index and the field when one is wrong.
struct DocumentFields {
    let object: [String: JSONValue]
    let file: String
    let index: Int

    init(_ value: JSONValue, file: String, index: Int) throws {
        self.file = file
        self.index = index
        guard let object = value.objectValue else {
            throw StepFailure("\(file): record \(index) is \(value.typeName), expected an object")
        }
        self.object = object
    }

    func failure(_ field: String, _ problem: String) -> StepFailure {
        StepFailure("\(file): record \(index), field '\(field)': \(problem)")
    }

    /// A string field, nil when absent or null.
    func optionalString(_ field: String) throws -> String? {
        switch object[field] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw failure(field, "must be text, got \(other.typeName)")
        }
    }

    func string(_ field: String) throws -> String {
        guard let text = try optionalString(field), !text.isEmpty else { throw failure(field, "is missing or empty") }
        return text
    }

    /// `content` as text for a document of `kind`: a repository's object of files becomes each file
    /// after a `==> path <==` line, by path, which the chunk step splits at; any other kind as `content(_:)`.
    func content(kind: String) throws -> String {
        guard kind == "repository", case .object(let files)? = object["content"] else { return try content() }
        return try files.keys.sorted().map { path in
            guard let text = files[path]?.stringValue else {
                throw failure("content", "file '\(path)' must be text, got \(files[path]?.typeName ?? "nothing")")
            }
            return CodeFiles.header(path) + "\n" + text + (text.hasSuffix("\n") || text.isEmpty ? "" : "\n")
        }.joined()
    }

    /// `content` as text: a string, or an object whose Title, Subtitle and Content (or else all
    /// its text values, by key) are joined by blank lines, as the warehouse export stores articles.
    func content(_ field: String = "content") throws -> String {
        switch object[field] {
        case .string(let text)?:
            return text
        case .object(let parts)?:
            let known = ["Title", "Subtitle", "Content"].filter { parts[$0] != nil }
            let keys = known.isEmpty ? parts.keys.sorted() : known
            return keys.compactMap { parts[$0]?.stringValue }.filter { !$0.allSatisfy(\.isWhitespace) }
                .joined(separator: "\n\n")
        case nil, .null?:
            throw failure(field, "is missing")
        case let other?:
            throw failure(field, "must be text or an object of texts, got \(other.typeName)")
        }
    }
}
