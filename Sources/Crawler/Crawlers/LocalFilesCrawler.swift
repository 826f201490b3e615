import Foundation

/// Markdown, text and HTML files, or a folder of them: one document per file, linked by the path
/// as the links file names it (so the same notes give the same ids on any machine).
struct LocalFilesCrawler {
    var files: RepositoryFiles

    static let extensions: Set<String> = ["md", "markdown", "txt", "text", "rst", "html", "htm"]

    func crawl(_ url: URL, link: String) -> CrawlBatch {
        var isFolder: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
        if !isFolder.boolValue {
            let ext = url.pathExtension.lowercased()
            guard Self.extensions.contains(ext) else {
                return CrawlBatch(
                    failure: LinkFailure(
                        link: link,
                        reason: "not a Markdown, text or HTML file (.\(ext)); LinkedIn exports are the only CSV files read"))
            }
            guard let data = FileManager.default.contents(atPath: url.path) else {
                return CrawlBatch(failure: LinkFailure(link: link, reason: "cannot read \(url.path)"))
            }
            return document(data, name: url.lastPathComponent, link: link)
        }
        let (found, skipped) = files.read(url, extensions: Self.extensions)
        var batch = CrawlBatch(skippedFiles: skipped)
        let prefix = link.hasSuffix("/") ? link : link + "/"
        for file in found {
            batch.merge(document(Data(file.text.utf8), name: file.path, link: prefix + file.path))
        }
        if found.isEmpty {
            batch.failures.append(LinkFailure(link: link, reason: "the folder holds no Markdown, text or HTML files"))
        }
        return batch
    }

    private func document(_ data: Data, name: String, link: String) -> CrawlBatch {
        let ext = (name as NSString).pathExtension.lowercased()
        let isHTML = ext == "html" || ext == "htm"
        let text = TextDecoding.decode(data, declaredCharset: nil, isHTML: isHTML).text
        let title: String?
        let content: String
        if isHTML {
            let article = ArticleExtractor.extract(html: text, url: nil)
            (title, content) = (article.title, article.text)
        } else {
            (title, content) = (Self.markdownTitle(text), text)
        }
        guard !content.allSatisfy(\.isWhitespace) else {
            return CrawlBatch(failure: LinkFailure(link: link, reason: "the file is empty"))
        }
        let fallback = ((name as NSString).lastPathComponent as NSString).deletingPathExtension
        return CrawlBatch(documents: [
            CrawledDocument(
                kind: "article", platform: "local", link: link, title: title ?? fallback, content: content)
        ])
    }

    /// The first `# ` heading of a Markdown text.
    static func markdownTitle(_ text: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("# ") {
            return line.dropFirst(2).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}
