import Foundation
import Orchestrator

/// A links file: one link per line (a URL or a path), blank lines and `#` comments ignored.
enum LinksFile {
    static func read(_ url: URL) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw StepFailure(
                "\(url.path): cannot read the links file (parameter 'links'; relative paths are read from the project folder)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw StepFailure("\(url.path): the links file is not UTF-8 text")
        }
        return parse(text)
    }

    static func parse(_ text: String) -> [String] {
        var links: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            // A comment may follow a link after whitespace; a '#' inside a URL is a fragment.
            let link = (trimmed.range(of: " #").map { String(trimmed[..<$0.lowerBound]) } ?? trimmed).trimmingCharacters(
                in: .whitespaces)
            if !links.contains(link) { links.append(link) }
        }
        return links
    }
}
