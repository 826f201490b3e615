import Foundation
import OrchestrateTesting
import Testing

@testable import Crawler

@Suite struct LinkedInExportTests {
    @Test func eachShareWithTextIsAPostTitledByItsFirstLine() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let long = String(repeating: "word ", count: 30)
        let file = try folder.write(
            """
            \u{FEFF}Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility
            2026-01-02 10:00:00,https://www.linkedin.com/feed/update/1,"First line
            second line",,,PUBLIC
            2026-01-03 10:00:00,https://www.linkedin.com/feed/update/2,"",https://example.org,,PUBLIC
            2026-01-04 10:00:00,,"\(long)",,,PUBLIC

            """, to: "Shares.csv")
        let batch = LinkedInExport().crawl(file, link: "Shares.csv")
        #expect(batch.failures.isEmpty)
        #expect(batch.skippedFiles == ["share without text": 1])
        #expect(batch.documents.count == 2)
        let first = try #require(batch.documents.first)
        #expect(
            first
                == CrawledDocument(
                    kind: "post", platform: "linkedin", link: "https://www.linkedin.com/feed/update/1", title: "First line",
                    published: "2026-01-02 10:00:00", content: "First line\nsecond line"))
        #expect(batch.documents.last?.link == "Shares.csv#row-4")
        #expect(batch.documents.last?.title?.hasSuffix("word…") == true)
        #expect((batch.documents.last?.title?.count ?? 0) <= 81)
    }

    @Test func aCSVThatIsNotTheExportSaysWhichColumnsAreMissing() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write("name,email\nJo,jo@example.org\n", to: "contacts.csv")
        let batch = LinkedInExport().crawl(file, link: "contacts.csv")
        #expect(batch.documents.isEmpty)
        #expect(
            batch.failures.first?.reason.hasPrefix("not LinkedIn's Shares.csv: no column Date, ShareLink, ShareCommentary")
                == true)
    }
}
