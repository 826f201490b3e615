import Foundation

/// LinkedIn's own data export ("Get a copy of your data"): `Shares.csv`, one post per row with its
/// text in `ShareCommentary`. LinkedIn cannot be crawled, so this is how posts arrive.
struct LinkedInExport {
    static let required = ["Date", "ShareLink", "ShareCommentary"]

    func crawl(_ url: URL, link: String) -> CrawlBatch {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return CrawlBatch(failure: LinkFailure(link: link, reason: "cannot read \(url.path)"))
        }
        let text = TextDecoding.decode(data, declaredCharset: nil, isHTML: false).text
        let rows = CSVReader.rows(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        guard let header = rows.first?.map({ $0.trimmingCharacters(in: .whitespaces) }) else {
            return CrawlBatch(failure: LinkFailure(link: link, reason: "the CSV file is empty"))
        }
        let missing = Self.required.filter { !header.contains($0) }
        guard missing.isEmpty else {
            return CrawlBatch(
                failure: LinkFailure(
                    link: link,
                    reason:
                        "not LinkedIn's Shares.csv: no column \(missing.joined(separator: ", ")) (the export's header is Date,ShareLink,ShareCommentary,...)"
                ))
        }
        let column = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var batch = CrawlBatch()
        for (index, row) in rows.dropFirst().enumerated() {
            func value(_ name: String) -> String {
                guard let position = column[name], position < row.count else { return "" }
                return row[position].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let commentary = value("ShareCommentary")
            // Reposts without a comment carry no writing of the author.
            guard !commentary.isEmpty else {
                batch.skippedFiles["share without text", default: 0] += 1
                continue
            }
            let shareLink = value("ShareLink")
            batch.documents.append(
                CrawledDocument(
                    kind: "post", platform: "linkedin", link: shareLink.isEmpty ? "\(link)#row-\(index + 2)" : shareLink,
                    title: Self.title(commentary), published: value("Date").isEmpty ? nil : value("Date"), content: commentary))
        }
        return batch
    }

    /// Posts have no title; their first line, shortened at a word, stands in for one.
    static func title(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
        guard line.count > 80 else { return line }
        let cut = line.prefix(80)
        return (cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? String(cut)) + "…"
    }
}
