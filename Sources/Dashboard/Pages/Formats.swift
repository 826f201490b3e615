import ArtifactStore
import Foundation
import Orchestrator

/// How values read on a page: times in UTC, sizes in bytes, short ids, JSON values as text.
enum Formats {
    static func time(_ seconds: Double?) -> String {
        guard let seconds else { return "" }
        return String(Timestamp.iso(seconds).prefix(19)).replacingOccurrences(of: "T", with: " ") + " UTC"
    }

    static func size(_ bytes: Int64) -> String {
        ByteCountFormatter.string(fromByteCount: bytes, countStyle: .file)
    }

    static func value(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return JSONText.compact(value)
    }

    /// `[{name, value}]` in key order, for templates.
    static func pairs(_ object: [String: JSONValue]) -> [[String: Any]] {
        object.sorted { $0.key < $1.key }.map { ["name": $0.key, "value": value($0.value)] }
    }

    /// A text for a template's `{{#name}}...{{/name}}` section: `false` when there is none, since the template
    /// engine renders a section for an empty string too.
    static func optional(_ text: String?) -> Any {
        guard let text, !text.isEmpty else { return false }
        return text
    }

    static func duration(_ start: Double?, _ end: Double?) -> String? {
        guard let start, let end else { return nil }
        return Durations.text(end - start)
    }
}
