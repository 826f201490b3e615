import Crawler
import Foundation
import Testing

@Suite struct FeedParserTests {
    private let feedURL = URL(string: "https://blog.example/feeds/main.xml")!

    private func parse(_ xml: String, url: URL? = nil) throws -> Feed {
        try FeedParser.parse(Data(xml.utf8), url: url ?? feedURL)
    }

    @Test func rss2WithContentEncoded() throws {
        let feed = try parse(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
                 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
              <channel>
                <title>Jane &amp; Code</title>
                <link>https://blog.example/</link>
                <atom:link href="https://blog.example/feeds/main.xml" rel="self" type="application/rss+xml"/>
                <item>
                  <title>Ownership, explained</title>
                  <link>/posts/ownership</link>
                  <dc:creator><![CDATA[Jane Doe]]></dc:creator>
                  <author>jane@blog.example (Someone Else)</author>
                  <pubDate>Fri, 01 Mar 2024 11:30:00 +0100</pubDate>
                  <description><![CDATA[<p>Short summary&hellip;</p>]]></description>
                  <content:encoded><![CDATA[<p>Full <b>text</b> &amp; more.</p>]]></content:encoded>
                </item>
                <item>
                  <title>Second</title>
                  <guid isPermaLink="true">https://blog.example/posts/second</guid>
                  <author>bob@blog.example (Bob Builder)</author>
                  <pubDate>not a date</pubDate>
                  <description>&lt;p&gt;Escaped &amp;amp; summary&lt;/p&gt;</description>
                </item>
                <item>
                  <title>Third</title>
                  <guid isPermaLink="false">tag:blog.example,2024:3</guid>
                  <author>carol@blog.example</author>
                </item>
                <item>
                  <title>Fourth</title>
                  <atom:link rel="alternate" href="/posts/fourth"/>
                  <guid>https://blog.example/?p=4</guid>
                </item>
              </channel>
            </rss>
            """)
        #expect(feed.title == "Jane & Code")
        #expect(feed.link == URL(string: "https://blog.example/"))
        #expect(feed.items.count == 4)
        #expect(
            feed.items[0]
                == FeedItem(
                    title: "Ownership, explained", link: URL(string: "https://blog.example/posts/ownership"),
                    author: "Jane Doe", published: "2024-03-01T10:30:00Z",
                    contentHTML: "<p>Full <b>text</b> &amp; more.</p>",
                    summaryHTML: "<p>Short summary&hellip;</p>"))
        #expect(
            feed.items[1]
                == FeedItem(
                    title: "Second", link: URL(string: "https://blog.example/posts/second"),
                    author: "Bob Builder", published: "not a date",
                    summaryHTML: "<p>Escaped &amp; summary</p>"))
        #expect(feed.items[2].link == nil)
        #expect(feed.items[2].author == "carol@blog.example")
        #expect(feed.items[3].link == URL(string: "https://blog.example/posts/fourth"))
    }

    @Test(arguments: [
        ("Fri, 01 Mar 2024 10:00:00 GMT", "2024-03-01T10:00:00Z"),
        ("Sat, 2 Mar 2024 01:15:00 -0500", "2024-03-02T06:15:00Z"),
        ("Sun, 31 Dec 2023 23:30:00 -02:00", "2024-01-01T01:30:00Z"),
        ("Mon, 01 Jan 2024 00:10 +0100", "2023-12-31T23:10:00Z"),
        ("29 Feb 2024 12:00:00 PST", "2024-02-29T20:00:00Z"),
        ("Tuesday, 05 March 24 08:00:00 Z", "2024-03-05T08:00:00Z"),
        ("Mar 07 2024 09:08:07 UT", "2024-03-07T09:08:07Z"),
        ("07 Mar 2024", "2024-03-07"),
        ("30 Feb 2024 10:00:00 GMT", "30 Feb 2024 10:00:00 GMT"),
        ("2024-03-01T10:00:00Z", "2024-03-01T10:00:00Z"),
    ])
    func rssDatesBecomeISO8601(pubDate: String, expected: String) throws {
        let feed = try parse("<rss><channel><item><pubDate>\(pubDate)</pubDate></item></channel></rss>")
        #expect(feed.items.first?.published == expected)
    }

    @Test func atomWithHTMLContentAndRelativeLinks() throws {
        let feed = try parse(
            """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://jane.example/blog/">
              <title type="html">Jane&apos;s &lt;em&gt;Blog&lt;/em&gt;</title>
              <link rel="self" href="/atom.xml"/>
              <link href="./"/>
              <author><name>Jane Doe</name></author>
              <entry>
                <title>First post</title>
                <link rel="alternate" type="text/html" href="2024/first"/>
                <link rel="edit" href="/edit/1"/>
                <published>2024-03-01T10:00:00Z</published>
                <updated>2024-03-02T10:00:00Z</updated>
                <content type="html">&lt;p&gt;Hello &lt;a href="/x"&gt;world&lt;/a&gt;&lt;/p&gt;</content>
                <summary>Plain &lt;summary&gt; &amp; more</summary>
              </entry>
              <entry xml:base="/other/">
                <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">X<b>HTML</b> title</div></title>
                <link href="second"/>
                <author><name>Guest Writer</name></author>
                <updated>2024-04-01T00:00:00Z</updated>
                <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Para <em>one</em> &amp; <br/>two</p></div></content>
              </entry>
              <entry>
                <title>Elsewhere</title>
                <content src="https://cdn.example/post.html" type="text/html"/>
              </entry>
            </feed>
            """, url: URL(string: "https://jane.example/atom.xml"))
        #expect(feed.title == "Jane's Blog")
        #expect(feed.link == URL(string: "https://jane.example/blog/"))
        #expect(feed.items.count == 3)
        #expect(
            feed.items[0]
                == FeedItem(
                    title: "First post", link: URL(string: "https://jane.example/blog/2024/first"),
                    author: "Jane Doe", published: "2024-03-01T10:00:00Z",
                    contentHTML: #"<p>Hello <a href="/x">world</a></p>"#,
                    summaryHTML: "Plain &lt;summary&gt; &amp; more"))
        #expect(
            feed.items[1]
                == FeedItem(
                    title: "XHTML title", link: URL(string: "https://jane.example/other/second"),
                    author: "Guest Writer", published: "2024-04-01T00:00:00Z",
                    contentHTML: "<p>Para <em>one</em> &amp; <br>two</p>"))
        #expect(feed.items[2].contentHTML == nil)
        #expect(feed.items[2].link == nil)
    }

    @Test func rdfFeed() throws {
        let feed = try parse(
            """
            <?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
              <channel rdf:about="https://old.example/">
                <title>Old School</title>
                <link>https://old.example/</link>
                <items><rdf:Seq><rdf:li rdf:resource="https://old.example/1"/></rdf:Seq></items>
              </channel>
              <item rdf:about="https://old.example/1">
                <title>RDF item</title>
                <link>https://old.example/1</link>
                <dc:creator>Ray Dee</dc:creator>
                <dc:date>2003-12-13T18:30:02Z</dc:date>
                <description>An RDF summary</description>
                <content:encoded>&lt;p&gt;RDF body&lt;/p&gt;</content:encoded>
              </item>
            </rdf:RDF>
            """)
        #expect(
            feed
                == Feed(
                    title: "Old School", link: URL(string: "https://old.example/"),
                    items: [
                        FeedItem(
                            title: "RDF item", link: URL(string: "https://old.example/1"), author: "Ray Dee",
                            published: "2003-12-13T18:30:02Z", contentHTML: "<p>RDF body</p>", summaryHTML: "An RDF summary")
                    ]))
    }

    @Test func htmlIsNotAFeed() {
        let html = "<!DOCTYPE html><html><head><meta charset=utf-8><title>Home</title></head><body><p>Hi<br></body></html>"
        #expect {
            try parse(html)
        } throws: { error in
            (error as? FeedError)?.description == "not an RSS or Atom feed (root element <html>)"
        }
    }

    @Test(arguments: ["", "   \n", "this is not XML at all", "<<<>>>", "\u{FF}\u{FE}garbage", "<?xml version=\"1.0\"?>"])
    func malformedDocumentsThrow(text: String) {
        #expect(throws: FeedError.self) {
            try parse(text)
        }
    }

    @Test func rssWithoutChannelThrows() {
        #expect {
            try parse("<rss version=\"2.0\"><item/></rss>")
        } throws: { error in
            (error as? FeedError)?.description == "RSS feed without <channel>"
        }
    }

    @Test func entityDeclarationsAreNotExpanded() throws {
        var declarations = #"<!ENTITY lol "lol">"#
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            declarations += "\n<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
        }
        let bomb =
            "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n\(declarations)\n]>\n"
            + "<rss><channel><title>&lol9;</title><item><title>after</title></item></channel></rss>"
        let started = ContinuousClock.now
        #expect {
            try parse(bomb)
        } throws: { error in
            (error as? FeedError)?.description.hasPrefix("XML parsing stopped") == true
        }
        #expect(ContinuousClock.now - started < .seconds(5))

        let simple = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY who "Mallory"><!ENTITY file SYSTEM "file:///etc/passwd">]>
            <rss><channel><title>By &who;: &file;</title></channel></rss>
            """
        #expect(try parse(simple).title == "By :")
    }

    @Test func fullTextHeuristic() {
        let longText = "<p>" + String(repeating: "word ", count: 160) + "</p>"
        #expect(FeedParser.isFullText(FeedItem(contentHTML: "<p>A short complete note.</p>")))
        #expect(FeedParser.isFullText(FeedItem(contentHTML: longText)))
        #expect(!FeedParser.isFullText(FeedItem(contentHTML: "<p>It began on a Tuesday [&#8230;]</p>")))
        #expect(
            !FeedParser.isFullText(FeedItem(contentHTML: "<p>The start of it.</p><p><a href='/x'>Continue reading →</a></p>")))
        #expect(!FeedParser.isFullText(FeedItem(contentHTML: "<p>First lines</p><p>Continue reading on Medium »</p>")))
        #expect(!FeedParser.isFullText(FeedItem(summaryHTML: "<p>Only a summary.</p>")))
        #expect(FeedParser.isFullText(FeedItem(summaryHTML: longText)))
        #expect(!FeedParser.isFullText(FeedItem(summaryHTML: longText + "<p>Read more...</p>")))
        #expect(!FeedParser.isFullText(FeedItem(contentHTML: "<img src='a.png'>", summaryHTML: longText)))
        #expect(!FeedParser.isFullText(FeedItem()))
    }
}
