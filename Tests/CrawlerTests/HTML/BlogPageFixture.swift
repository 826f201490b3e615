/// A typical blog post page: everything around the article is boilerplate the extractor must drop.
enum BlogPageFixture {
    static let html = #"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>Why Rust Ownership Clicks | Jane's Notes</title>
          <meta property="og:site_name" content="Jane's Notes">
          <meta name="author" content="Jane Doe">
          <meta property="article:published_time" content="2024-03-01T10:00:00Z">
          <link rel="canonical" href="/posts/rust-ownership">
          <link rel="alternate" type="application/rss+xml" title="RSS" href="/feed.xml">
          <link rel="alternate" type="application/atom+xml" href="https://janes.example/atom.xml">
          <link rel="alternate" hreflang="de" href="/de/posts/rust-ownership">
          <style>body { font-family: serif; }</style>
          <script>window.dataLayer = [];</script>
        </head>
        <body class="post-template single has-sidebar">
          <div id="cookie-banner" class="consent">We use cookies to improve your experience. <a href="/privacy">Privacy policy</a></div>
          <header class="site-header">
            <a class="logo" href="/">Jane's Notes</a>
            <nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/about">About</a></li></ul></nav>
          </header>
          <div class="content-sidebar-wrap">
            <main id="main">
              <article class="post">
                <header class="entry-header">
                  <h1 class="entry-title">Why Rust Ownership Clicks</h1>
                  <p class="byline">By <a rel="author" href="/about">Jane Doe</a> on <time datetime="2024-03-01">March 1, 2024</time></p>
                </header>
                <div class="share-bar"><a href="https://twitter.example/share">Share on Twitter</a> <a href="#">Share on LinkedIn</a></div>
                <div class="entry-content">
                  <p>Ownership is the idea that <em>every value</em> has exactly one owner, and that owner decides when the value goes away.</p>
                  <p>Once you stop fighting the borrow checker, it becomes a design tool: it tells you, early, which part of the program is responsible for what.</p>
                  <div class="newsletter-signup"><p>Subscribe to my newsletter for weekly posts!</p><form><input type="email"><button>Subscribe</button></form></div>
                  <h2>Borrowing</h2>
                  <p>A borrow is a temporary, scoped permission to use a value without taking it over.</p>
                  <img src="/diagram.png" alt="Diagram of a borrow">
                  <script>trackScroll();</script>
                </div>
                <footer class="entry-footer">Tags: <a href="/tag/rust">rust</a></footer>
              </article>
              <section id="comments" class="comments-area">
                <h2>3 Comments</h2>
                <article class="comment"><p>Great post, thanks!</p></article>
              </section>
              <div class="related-posts"><h3>Related posts</h3><ul><li><a href="/p/1">Lifetimes explained in depth</a></li></ul></div>
            </main>
            <aside class="sidebar"><h3>About me</h3><p>I write about systems programming, compilers, and tea.</p></aside>
          </div>
          <footer class="site-footer"><p>© 2024 Jane Doe. All rights reserved.</p></footer>
        </body>
        </html>
        """#

    static let expectedText = """
        # Why Rust Ownership Clicks

        By Jane Doe on March 1, 2024

        Ownership is the idea that every value has exactly one owner, and that owner decides when the value goes away.

        Once you stop fighting the borrow checker, it becomes a design tool: it tells you, early, which part of the program is responsible for what.

        ## Borrowing

        A borrow is a temporary, scoped permission to use a value without taking it over.
        """
}
