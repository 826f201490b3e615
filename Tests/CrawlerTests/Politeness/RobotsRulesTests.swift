import Testing

@testable import Crawler

@Suite struct RobotsRulesTests {
    let text = """
        # comment
        User-agent: *
        Disallow: /drafts/
        Allow: /drafts/public.html
        Disallow: /*.pdf$
        Crawl-delay: 2

        User-agent: orchestrate-crawler
        User-agent: other-bot
        Disallow: /private
        Allow: /private/open/

        User-agent: greedy-bot
        Disallow: /
        """

    @Test func theCrawlersOwnGroupReplacesTheStarGroup() {
        let rules = RobotsRules(parsing: text, agent: "Orchestrate-Crawler")
        #expect(!rules.allows("/private/notes.html"))
        #expect(rules.allows("/private/open/page.html"))
        #expect(rules.allows("/drafts/x.html"))
        #expect(rules.crawlDelay == nil)
    }

    @Test func otherCrawlersFollowTheStarGroup() {
        let rules = RobotsRules(parsing: text, agent: "someone-else")
        #expect(!rules.allows("/drafts/x.html"))
        #expect(rules.allows("/drafts/public.html"), "the longer Allow wins")
        #expect(!rules.allows("/files/report.pdf"))
        #expect(rules.allows("/files/report.pdf?download=1"), "$ anchors the end")
        #expect(rules.allows("/"))
        #expect(rules.crawlDelay == 2)
        #expect(rules.blockingRule(for: "/drafts/x.html") == "Disallow: /drafts/")
    }

    @Test func wildcardsMatchAnyRun() {
        #expect(RobotsRules.matches("/*/secret", "/a/b/secret/x"))
        #expect(!RobotsRules.matches("/*/secret$", "/a/b/secret/x"))
        #expect(RobotsRules.matches("/a*b*c", "/axxbyyc"))
        #expect(!RobotsRules.matches("/a*b*c", "/axxbyy"))
    }

    @Test func robotsTxtItselfIsAlwaysAllowedAndEmptyDisallowAllowsAll() {
        #expect(RobotsRules(parsing: "User-agent: *\nDisallow: /", agent: "x").allows("/robots.txt"))
        #expect(RobotsRules(parsing: "User-agent: *\nDisallow:", agent: "x").allows("/anything"))
        #expect(!RobotsRules(parsing: text, agent: "greedy-bot").allows("/index.html"))
    }
}
