import Foundation

/// The last lines a failed command printed, so the error says why without opening the log.
enum LogTail {
    static func lines(of url: URL, count: Int = 3) -> String {
        guard let data = FileManager.default.contents(atPath: url.path) else { return "" }
        let text = String(decoding: data.suffix(4096), as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        // Only this attempt's output: everything after the last attempt header.
        if let header = lines.lastIndex(where: { $0.hasPrefix("=== ") && $0.contains(" attempt ") }) {
            lines = Array(lines[(header + 1)...])
        }
        lines = Array(lines.filter { !$0.hasPrefix("=== ") }.suffix(count))
        guard !lines.isEmpty else { return "" }
        return ": " + lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " | ")
    }
}
