import Foundation
import OrchestrateTesting
import Testing

@testable import Crawler

@Suite struct LocalFilesCrawlerTests {
    @Test func aFolderGivesOneDocumentPerTextFileLinkedByItsPath() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("# Markdown title\n\nBody.\n", to: "notes/a.md")
        try folder.write("plain words\n", to: "notes/sub/b.txt")
        try folder.write(
            "<html><head><title>Page</title></head><body><nav>menu</nav><p>Kept text.</p></body></html>", to: "notes/c.html")
        try folder.write("binary?", to: "notes/d.png")
        try folder.write("", to: "notes/empty.md")
        let batch = LocalFilesCrawler(files: RepositoryFiles()).crawl(folder.url.appendingPathComponent("notes"), link: "notes")
        #expect(batch.documents.map(\.link) == ["notes/a.md", "notes/c.html", "notes/sub/b.txt"])
        #expect(batch.documents.map(\.title) == ["Markdown title", "Page", "b"])
        #expect(batch.documents[1].content == "Kept text.")
        #expect(batch.failures == [LinkFailure(link: "notes/empty.md", reason: "the file is empty")])
        #expect(batch.skippedFiles == ["not a text document": 1])
    }

    @Test func aSingleFileOfAnotherKindIsRefused() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write("{}", to: "data.json")
        let batch = LocalFilesCrawler(files: RepositoryFiles()).crawl(file, link: "data.json")
        #expect(batch.failures.first?.reason.hasPrefix("not a Markdown, text or HTML file (.json)") == true)
    }
}
