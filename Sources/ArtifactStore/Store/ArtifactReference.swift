import Foundation

/// How users point at an artifact: `name`, `name@3`, `pipeline/name@latest`, `sha256:ab12...`,
/// or any unique prefix of an artifact id.
///
/// A name matches an artifact's full name (`chunk.chunks`) or, when that is unambiguous, just its
/// output part (`chunks`).
public struct ArtifactReference: Sendable, Equatable, CustomStringConvertible {
    public enum Version: Sendable, Equatable {
        case latest
        case number(Int)
    }

    public enum Form: Sendable, Equatable {
        case digest(prefix: String)
        case named(pipeline: String?, name: String, version: Version)
    }

    public var text: String
    public var form: Form

    public var description: String { text }

    public init(parsing text: String) throws {
        self.text = text
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw StoreError.invalidReference(text, reason: "it is empty") }
        if trimmed.hasPrefix("sha256:") {
            let digest = String(trimmed.dropFirst("sha256:".count)).lowercased()
            guard !digest.isEmpty, digest.allSatisfy(\.isHexDigit) else {
                throw StoreError.invalidReference(text, reason: "expected hex digits after 'sha256:'")
            }
            form = .digest(prefix: digest)
            return
        }
        var rest = Substring(trimmed)
        var version = Version.latest
        if let at = rest.lastIndex(of: "@") {
            let suffix = rest[rest.index(after: at)...]
            if suffix == "latest" {
                version = .latest
            } else if let number = Int(suffix), number > 0 {
                version = .number(number)
            } else {
                throw StoreError.invalidReference(text, reason: "a version is a positive number or 'latest'")
            }
            rest = rest[..<at]
        }
        var pipeline: String?
        if let slash = rest.firstIndex(of: "/") {
            pipeline = String(rest[..<slash])
            rest = rest[rest.index(after: slash)...]
        }
        guard !rest.isEmpty, pipeline.map({ !$0.isEmpty }) ?? true else {
            throw StoreError.invalidReference(text, reason: "expected name, name@VERSION or pipeline/name@VERSION")
        }
        form = .named(pipeline: pipeline, name: String(rest), version: version)
    }
}
