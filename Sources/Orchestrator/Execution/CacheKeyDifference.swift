import ArtifactStore

/// One thing that differs between two cache keys' manifests, said the way a user thinks of it:
/// `parameter max_tokens: 200 → 128`, `input documents: sha256:ab12… → sha256:cd34…`.
public struct CacheKeyDifference: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case type, version, parameter, input, file, external
    }

    public var kind: Kind
    /// The parameter, input, file or external name; nil for the step type and version.
    public var name: String?
    /// The earlier value; nil where it was absent.
    public var before: JSONValue?
    /// The later value; nil where it is absent.
    public var after: JSONValue?

    public init(kind: Kind, name: String? = nil, before: JSONValue?, after: JSONValue?) {
        self.kind = kind
        self.name = name
        self.before = before
        self.after = after
    }

    public var text: String {
        switch kind {
        case .type: return "step type \(before?.stringValue ?? "?") → \(after?.stringValue ?? "?")"
        case .version: return "step version \(Self.render(before)) → \(Self.render(after))"
        case .parameter:
            let (old, new) = (Self.render(before), Self.render(after))
            guard old.count + new.count > 80, let before, let after else { return "parameter \(name ?? "?"): \(old) → \(new)" }
            // A script or a prompt does not fit on a line: show where the texts part, or only that it changed.
            guard let first = before.stringValue, let second = after.stringValue else {
                return "parameter \(name ?? "?") changed"
            }
            let (from, to) = Self.excerpts(first, second)
            return "parameter \(name ?? "?") changed: \(from) → \(to)"
        case .input: return "input \(name ?? "?"): \(Self.digest(before)) → \(Self.digest(after))"
        case .file:
            if before == nil { return "file \(name ?? "?") is now named by the script" }
            if after == nil { return "file \(name ?? "?") is no longer named by the script" }
            return "file \(name ?? "?") changed"
        case .external:
            if before == nil || after == nil || before?.stringValue != nil && after?.stringValue != nil {
                return "external \(name ?? "?"): \(Self.digest(before)) → \(Self.digest(after))"
            }
            return "external \(name ?? "?") changed"
        }
    }

    /// The stable JSON form, documented in docs/cli-json.md.
    public var json: JSONValue {
        .object([
            "kind": .string(kind.rawValue), "name": name.map { .string($0) } ?? .null, "before": before ?? .null,
            "after": after ?? .null, "text": .string(text),
        ])
    }

    private static func render(_ value: JSONValue?) -> String {
        guard let value else { return "(not set)" }
        return JSONText.compact(value)
    }

    /// The part where two texts differ, with a little of what they share around it: `…"$OUT" "!"` and
    /// `…"$OUT" "?"` for two scripts that differ in one argument. Line breaks are shown as `\n`.
    static func excerpts(_ first: String, _ second: String, context: Int = 16) -> (String, String) {
        let a = Array(first), b = Array(second)
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        let start = max(0, prefix - context)
        func cut(_ text: [Character]) -> String {
            let end = min(text.count, text.count - suffix + context, start + 3 * context)
            let middle = String(text[start..<end]).replacingOccurrences(of: "\n", with: "\\n")
            return (start > 0 ? "…" : "") + middle + (end < text.count ? "…" : "")
        }
        return (cut(a), cut(b))
    }

    /// `sha256:ab12cd34ef56…`, or the value itself when it is not a digest.
    private static func digest(_ value: JSONValue?) -> String {
        guard let value else { return "(none)" }
        guard let text = value.stringValue, text.count == 64, text.allSatisfy(\.isHexDigit) else {
            return JSONText.compact(value)
        }
        return "sha256:\(text.prefix(12))…"
    }
}

extension CacheKeyManifest {
    /// What changed from `earlier` to this manifest: step type, version, then parameters, inputs, files
    /// and external content, each by name in sorted order. Empty when the two are the same.
    public func differences(from earlier: CacheKeyManifest) -> [CacheKeyDifference] {
        var found: [CacheKeyDifference] = []
        if type != earlier.type { found.append(.init(kind: .type, before: .string(earlier.type), after: .string(type))) }
        if version != earlier.version {
            found.append(.init(kind: .version, before: .int(earlier.version), after: .int(version)))
        }
        found += Self.compare(.parameter, earlier.parameters, parameters)
        found += Self.compare(.input, earlier.inputs.mapValues { .string($0) }, inputs.mapValues { .string($0) })
        found += Self.compare(.file, Self.named(earlier.files), Self.named(files))
        found += Self.compare(.external, Self.named(earlier.external), Self.named(external))
        return found
    }

    private static func compare(_ kind: CacheKeyDifference.Kind, _ before: [String: JSONValue], _ after: [String: JSONValue])
        -> [CacheKeyDifference]
    {
        Set(before.keys).union(after.keys).sorted().compactMap { name in
            before[name] == after[name]
                ? nil : CacheKeyDifference(kind: kind, name: name, before: before[name], after: after[name])
        }
    }

    /// `[name, value]` pairs as a map; anything else is named by its own JSON text.
    private static func named(_ items: [JSONValue]) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for item in items {
            if let pair = item.arrayValue, pair.count == 2, let name = pair[0].stringValue {
                result[name] = pair[1]
            } else {
                result[JSONText.compact(item)] = item
            }
        }
        return result
    }
}
