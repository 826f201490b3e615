import Crawler
import Foundation
import Testing

@Suite struct FeedLocatorTests {
    @Test(arguments: [
        ("https://medium.com/@jane.doe", "https://medium.com/feed/@jane.doe"),
        ("https://www.medium.com/@jane/some-post-123abc?source=rss", "https://medium.com/feed/@jane"),
        ("https://jane.medium.com/", "https://jane.medium.com/feed"),
        ("http://jane.medium.com/a-post-1a2b", "https://jane.medium.com/feed"),
        ("https://newsletter.substack.com", "https://newsletter.substack.com/feed"),
        ("https://newsletter.substack.com/p/some-post", "https://newsletter.substack.com/feed"),
        ("https://blog.example/feed", "https://blog.example/feed"),
        ("https://blog.example/feed/", "https://blog.example/feed/"),
        ("https://blog.example/index.RSS", "https://blog.example/index.RSS"),
        ("https://blog.example/atom", "https://blog.example/atom"),
        ("https://blog.example/posts.atom", "https://blog.example/posts.atom"),
        ("https://blog.example/sitemap/feed.xml", "https://blog.example/sitemap/feed.xml"),
        ("https://blog.example/comments/rss", "https://blog.example/comments/rss"),
        ("https://medium.com/feed/@jane", "https://medium.com/feed/@jane"),
    ])
    func profilesMapToFeeds(profile: String, feed: String) throws {
        let url = try #require(URL(string: profile))
        #expect(FeedLocator.feedURL(forProfile: url) == URL(string: feed))
    }

    @Test(arguments: [
        "https://medium.com/", "https://medium.com/some-publication", "https://substack.com/@jane",
        "https://blog.example/posts/feedback", "https://blog.example/rss-tips", "ftp://blog.example/feed",
        "https://www.linkedin.com/in/jane", "https://a.b.substack.com/",
    ])
    func otherURLsHaveNoKnownFeed(profile: String) throws {
        let url = try #require(URL(string: profile))
        #expect(FeedLocator.feedURL(forProfile: url) == nil)
    }
}
