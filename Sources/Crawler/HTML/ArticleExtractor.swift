import Foundation

/// Extracts the article from a web page: its metadata and its main text without the page's navigation,
/// banners, sidebars, share bars and comments, rendered as readable text with light Markdown (see
/// `TextRenderer`).
public enum ArticleExtractor {
    public static func extract(html: String, url: URL?) -> ExtractedArticle {
        let document = HTMLParser.parse(html)
        let body = document.firstChild(named: "body") ?? document
        let content = ContentLocator.mainContent(in: BoilerplateFilter.pruned(body))
        let metadata = PageMetadata(document: document, content: content, url: url)
        return ExtractedArticle(
            title: metadata.title, author: metadata.author, published: metadata.published,
            text: TextRenderer.render(content), feedLinks: metadata.feedLinks,
            canonicalURL: metadata.canonicalURL)
    }

    /// The text of an HTML fragment (a feed item's content), rendered and cleaned as page text is.
    public static func text(fromHTMLFragment html: String) -> String {
        let document = HTMLParser.parse(html)
        let body = document.firstChild(named: "body") ?? document
        return TextRenderer.render(BoilerplateFilter.pruned(body))
    }
}
