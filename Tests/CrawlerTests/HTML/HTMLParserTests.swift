import Crawler
import Testing

@Suite struct HTMLParserTests {
    @Test func parsesTagSoupIntoATree() throws {
        let root = HTMLParser.parse("<P CLASS='x'>one &amp; <b>two<p>three")
        #expect(root.name == "html")
        let body = try #require(root.firstChild(named: "body"))
        let paragraphs = body.childElements(named: "p")
        #expect(paragraphs.count == 2)
        #expect(paragraphs.first?.attribute("class") == "x")
        #expect(paragraphs.first?.textContent == "one & two")
        #expect(paragraphs.last?.textContent == "three")
        #expect(paragraphs.first?.classNames == ["x"])
    }

    @Test func decodesEntitiesInTextAndAttributes() {
        let root = HTMLParser.parse(#"<a title="&quot;Caf&eacute;&quot; &#x2192;">&lt;tag&gt; &hellip; &#8212;</a>"#)
        let link = root.firstDescendant { $0.name == "a" }
        #expect(link?.attribute("title") == "\"Café\" →")
        #expect(link?.textContent == "<tag> … —")
    }

    @Test func metaCharsetDoesNotRedecodeText() {
        let root = HTMLParser.parse("<html><head><meta charset=\"iso-8859-1\"></head><body><p>Grüße €</p></body></html>")
        #expect(root.firstDescendant { $0.name == "p" }?.textContent == "Grüße €")
    }

    @Test func emptyAndNULInputGiveAnElement() {
        #expect(HTMLParser.parse("") == MarkupElement(name: "html"))
        let root = HTMLParser.parse("<p>a\u{0}b</p>")
        #expect(root.firstDescendant { $0.name == "p" }?.textContent == "ab")
    }

    @Test func deepNestingIsFlattenedNotFatal() {
        // Deeper than the tree keeps (160) but within what libxml2 parses (255): the text survives.
        let nested = String(repeating: "<div>", count: 250) + "<p>deep <b>text</b></p>" + String(repeating: "</div>", count: 250)
        let html = "<p>before</p>" + nested + "<p>after</p>"
        #expect(HTMLParser.parse(html).textContent == "beforedeep textafter")
        #expect(ArticleExtractor.text(fromHTMLFragment: html) == "before\n\ndeep text\n\nafter")
        // Beyond that libxml2 stops parsing; what came before is kept and nothing crashes.
        let abyss = String(repeating: "<div>", count: 50_000)
        #expect(ArticleExtractor.text(fromHTMLFragment: "<p>before</p>" + abyss + "lost") == "before")
    }

    @Test func descendantsAreInDocumentOrder() {
        let root = HTMLParser.parse("<div><p id=a><span id=b></span></p><p id=c></p></div>")
        #expect(root.descendants { $0.attribute("id") != nil }.compactMap { $0.attribute("id") } == ["a", "b", "c"])
        #expect(root.firstDescendant { $0.name == "p" }?.attribute("id") == "a")
    }
}
