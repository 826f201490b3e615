import Crawler
import Foundation
import Testing

@Suite struct ArticleExtractorTests {
    private let pageURL = URL(string: "https://janes.example/posts/rust-ownership?utm=x")!

    private func page(head: String = "", body: String) -> String {
        "<!DOCTYPE html><html><head>\(head)</head><body>\(body)</body></html>"
    }

    @Test func blogPageKeepsOnlyTheArticleInOrder() {
        let article = ArticleExtractor.extract(html: BlogPageFixture.html, url: pageURL)
        #expect(article.text == BlogPageFixture.expectedText)
        for boilerplate in [
            "cookies", "Home", "Share on", "Subscribe", "Tags:", "Great post", "Related posts",
            "About me", "All rights reserved", "trackScroll", "font-family", "Diagram",
        ] {
            #expect(!article.text.contains(boilerplate), "\(boilerplate) survived")
        }
    }

    @Test func blogPageMetadata() {
        let article = ArticleExtractor.extract(html: BlogPageFixture.html, url: pageURL)
        #expect(article.title == "Why Rust Ownership Clicks")
        #expect(article.author == "Jane Doe")
        #expect(article.published == "2024-03-01T10:00:00Z")
        #expect(article.canonicalURL == URL(string: "https://janes.example/posts/rust-ownership"))
        #expect(
            article.feedLinks == [
                URL(string: "https://janes.example/feed.xml")!,
                URL(string: "https://janes.example/atom.xml")!,
            ])
    }

    @Test func rendersStructureAsLightMarkdown() {
        let html = page(
            body: #"""
                <article>
                  <h2>Setup</h2>
                  <p>Run   the
                     <code>make  install</code> target,<br>then restart.</p>
                  <ol start="3">
                    <li>Clone the repository</li>
                    <li>Build it
                      <ul><li>debug</li><li>release
                        <ul><li><a href="/o">-O</a> flags</li></ul></li></ul>
                    </li>
                  </ol>
                  <pre class="language-python"><code>def greet(name):
                    if name:
                        return f"hi {name}"

                    return "hi"
                </code></pre>
                  <pre><code class="lang-swift">let x = 1
                print(x)</code></pre>
                  <blockquote><p>Simplicity is prerequisite for reliability.</p><p>— Dijkstra</p></blockquote>
                  <table>
                    <thead><tr><th>Mode</th><th>Time</th></tr></thead>
                    <tbody><tr><td>debug</td><td>12 s</td></tr><tr><td>release</td><td>4 s</td></tr></tbody>
                  </table>
                  <h6>Fine print</h6>
                  <p>See <img src="x.png" alt="a chart"> the <a href="/docs">docs</a>.</p>
                </article>
                """#)
        let expected = #"""
            ## Setup

            Run the `make install` target,
            then restart.

            3. Clone the repository
            4. Build it
               - debug
               - release
                 - -O flags

            ```python
            def greet(name):
                if name:
                    return f"hi {name}"

                return "hi"
            ```

            ```swift
            let x = 1
            print(x)
            ```

            > Simplicity is prerequisite for reliability.
            >
            > — Dijkstra

            Mode | Time
            debug | 12 s
            release | 4 s

            ###### Fine print

            See the docs.
            """#
        #expect(ArticleExtractor.extract(html: html, url: nil).text == expected)
    }

    @Test func codeBlocksKeepTabsAndHighlighterMarkup() {
        let html = page(body: "<pre><code><span class=\"hljs-comment\"># note</span>\n\tindented\n</code></pre><p>x</p>")
        #expect(ArticleExtractor.extract(html: html, url: nil).text == "```\n# note\n\tindented\n```\n\nx")
    }

    @Test func fenceGrowsWhenCodeContainsBackticks() {
        let html = page(body: "<pre>```\nmarkdown\n```</pre><p>Use <code>a`b</code>.</p>")
        #expect(ArticleExtractor.text(fromHTMLFragment: html) == "````\n```\nmarkdown\n```\n````\n\nUse `` a`b ``.")
    }

    @Test func tagSoupIsStillExtracted() {
        let html = """
            <html><head><title>Soup</title><body><div class=nav><a href=/>Home</a> <a href=/x>X</a></div>
            <div id=content><h1>Broken <i>page</h1><p>First paragraph, with commas, and enough words to count as prose
            <p>Second paragraph <b>bold <i>mixed</b> still here, and here
            <ul><li>one<li>two</ul></div><div class=footer>Copyright</div>
            """
        let article = ArticleExtractor.extract(html: html, url: nil)
        #expect(article.title == "Soup")
        #expect(
            article.text == """
                # Broken page

                First paragraph, with commas, and enough words to count as prose

                Second paragraph bold mixed still here, and here

                - one
                - two
                """)
    }

    @Test func mostTextfulArticleWins() {
        let html = page(
            body: """
                <article><h2>Teaser</h2><p>Short teaser of another post.</p></article>
                <article><h2>The post</h2><p>\(String(repeating: "This is the real post body. ", count: 20))</p></article>
                """)
        let text = ArticleExtractor.extract(html: html, url: nil).text
        #expect(text.hasPrefix("## The post\n\nThis is the real post body."))
        #expect(!text.contains("Teaser"))
    }

    @Test func mainIsUsedWithoutArticle() {
        let html = page(
            body: """
                <header><p>Site name</p></header><div class=topbar><p>Sign in to continue</p></div>
                <main><header><h1>Title</h1></header><p>Body text.</p></main>
                """)
        #expect(ArticleExtractor.extract(html: html, url: nil).text == "# Title\n\nBody text.")
    }

    @Test func scoringFindsTheContentContainer() {
        let prose = "Compilers translate programs, and linkers combine them, which is simple to say but hard to do well. "
        let html = page(
            body: """
                <div id="wrapper">
                  <div class="links"><p><a href="/a">A link with quite a long title here</a> <a href="/b">Another long link title here</a></p></div>
                  <div class="post-body"><p>\(prose)</p><p>\(prose)</p><p>\(prose)</p></div>
                  <div class="promo-box"><p>Buy the book, now with more chapters, pictures, and an index.</p></div>
                </div>
                """)
        let text = ArticleExtractor.extract(html: html, url: nil).text
        #expect(text == [prose, prose, prose].map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n\n"))
    }

    @Test func hiddenAndLabelledBoilerplateIsDropped() {
        let html = page(
            body: """
                <article>
                  <p>Visible text.</p>
                  <p hidden>Hidden text.</p>
                  <div aria-hidden="true">Decorative text.</div>
                  <div style="display: none">Invisible text.</div>
                  <div aria-label="Share this post">Share links</div>
                  <div role="navigation">Pager</div>
                  <span class="sr-only">Screen reader text.</span>
                  <div class="post-content comments-enabled"><p>Content with a state class.</p></div>
                </article>
                """)
        #expect(ArticleExtractor.extract(html: html, url: nil).text == "Visible text.\n\nContent with a state class.")
    }

    @Test func layoutTablesRenderTheirCellsAsBlocks() {
        let html = page(body: "<table><tr><td><p>Left column text.</p></td><td><h2>Heading</h2><p>Right.</p></td></tr></table>")
        #expect(ArticleExtractor.text(fromHTMLFragment: html) == "Left column text.\n\n## Heading\n\nRight.")
    }

    @Test func titleFallbacks() {
        let twitter = page(
            head: #"<meta name="twitter:title" content="From Twitter"><title>From Title</title>"#, body: "<p>x</p>")
        #expect(ArticleExtractor.extract(html: twitter, url: nil).title == "From Twitter")

        let suffixed = page(
            head: #"<title>Post Name - My Blog</title><meta property="og:site_name" content="my blog">"#,
            body: "<p>x</p>")
        #expect(ArticleExtractor.extract(html: suffixed, url: nil).title == "Post Name")

        let otherSuffix = page(
            head: #"<title>Post Name - Part 2</title><meta property="og:site_name" content="My Blog">"#,
            body: "<p>x</p>")
        #expect(ArticleExtractor.extract(html: otherSuffix, url: nil).title == "Post Name - Part 2")

        let headingOnly = page(body: "<div><h1> The   Heading </h1><p>x</p></div>")
        #expect(ArticleExtractor.extract(html: headingOnly, url: nil).title == "The Heading")
        #expect(ArticleExtractor.extract(html: page(body: "<p>x</p>"), url: nil).title == nil)
    }

    @Test func authorFallbacks() {
        let urlAuthor = page(
            head: #"<meta property="article:author" content="https://facebook.example/jane">"#,
            body: #"<article><p>x</p><span class="author">  by  Jane Roe </span></article>"#)
        #expect(ArticleExtractor.extract(html: urlAuthor, url: nil).author == "Jane Roe")

        let articleAuthor = page(head: #"<meta property="article:author" content="Ann Example">"#, body: "<p>x</p>")
        #expect(ArticleExtractor.extract(html: articleAuthor, url: nil).author == "Ann Example")

        let jsonLD = page(
            head: #"""
                <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite"},
                {"@type":"BlogPosting","author":[{"@type":"Person","name":"Li Wei"}],"datePublished":"2023-11-05"}]}</script>
                """#, body: "<p>x</p>")
        let fromJSON = ArticleExtractor.extract(html: jsonLD, url: nil)
        #expect(fromJSON.author == "Li Wei")
        #expect(fromJSON.published == "2023-11-05")

        let microdata = page(
            body:
                #"<article><p>x</p><div itemprop="author" itemscope><span itemprop="name">Kim Lee</span> (editor)</div></article>"#
        )
        #expect(ArticleExtractor.extract(html: microdata, url: nil).author == "Kim Lee")

        let relAuthor = page(body: #"<article><p>By <a rel="author" href="/u/sam">Sam Poe</a></p></article>"#)
        #expect(ArticleExtractor.extract(html: relAuthor, url: nil).author == "Sam Poe")
    }

    @Test func publishedFallbacks() {
        let microdata = page(
            body:
                #"<article><meta itemprop="datePublished" content="2022-01-02"><time datetime="2021-01-01">x</time><p>x</p></article>"#
        )
        #expect(ArticleExtractor.extract(html: microdata, url: nil).published == "2022-01-02")

        let time = page(
            head: #"<meta name="dc.date" content="2020-05-05">"#,
            body:
                #"<time datetime="2000-01-01">old</time><article><p>x <time datetime=" 2024-02-29T08:00:00+01:00 ">Feb 29</time></p></article>"#
        )
        #expect(ArticleExtractor.extract(html: time, url: nil).published == "2024-02-29T08:00:00+01:00")

        let dublinCore = page(head: #"<meta name="DC.date" content="2020-05-05">"#, body: "<p>x</p>")
        #expect(ArticleExtractor.extract(html: dublinCore, url: nil).published == "2020-05-05")
        #expect(ArticleExtractor.extract(html: page(body: "<p>x</p>"), url: nil).published == nil)
    }

    @Test func linksResolveAgainstBaseAndPageURL() {
        let html = page(
            head: """
                <base href="/blog/">
                <link rel="alternate" type="application/atom+xml" href="atom.xml">
                <link rel="alternate" type="application/rss+xml" href="//cdn.example/rss">
                <link rel="alternate" type="text/html" href="other.html">
                <meta property="og:url" content="https://janes.example/canonical-from-og">
                """, body: "<p>x</p>")
        let article = ArticleExtractor.extract(html: html, url: URL(string: "https://janes.example/posts/1"))
        #expect(
            article.feedLinks == [URL(string: "https://janes.example/blog/atom.xml")!, URL(string: "https://cdn.example/rss")!])
        #expect(article.canonicalURL == URL(string: "https://janes.example/canonical-from-og"))
        // Without the page's URL, relative references (protocol-relative ones included) cannot be resolved.
        #expect(ArticleExtractor.extract(html: html, url: nil).feedLinks == [])
    }

    @Test func fragmentTextUsesTheSameRules() {
        let fragment =
            #"<p>Hello&nbsp;<em>there</em>,</p><h3>Next</h3><div class="sharedaddy">Share this</div><p>Bye<br/><br/><br/>now</p>"#
        #expect(ArticleExtractor.text(fromHTMLFragment: fragment) == "Hello there,\n\n### Next\n\nBye\n\nnow")
        #expect(ArticleExtractor.text(fromHTMLFragment: "") == "")
        #expect(ArticleExtractor.text(fromHTMLFragment: "just text") == "just text")
    }
}
