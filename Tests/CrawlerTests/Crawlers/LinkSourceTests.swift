import Foundation
import OrchestrateTesting
import Testing

@testable import Crawler

@Suite struct LinkSourceTests {
    let base = URL(fileURLWithPath: "/")

    @Test func forgeRepositoriesAndGitURLsAreCloned() throws {
        #expect(
            try LinkSource.classify("https://github.com/owner/repo", base: base)
                == .gitRepository(URL(string: "https://github.com/owner/repo")!))
        #expect(
            try LinkSource.classify("https://example.org/code/tool.git", base: base)
                == .gitRepository(URL(string: "https://example.org/code/tool.git")!))
        #expect(
            try LinkSource.classify("https://github.com/owner/repo/issues", base: base)
                == .webPage(URL(string: "https://github.com/owner/repo/issues")!))
    }

    @Test func profilesBecomeFeedsAndEverythingElseIsAPage() throws {
        #expect(
            try LinkSource.classify("https://medium.com/@jane", base: base)
                == .feed(URL(string: "https://medium.com/feed/@jane")!))
        #expect(
            try LinkSource.classify("https://jane.substack.com/p/post", base: base)
                == .feed(URL(string: "https://jane.substack.com/feed")!))
        #expect(
            try LinkSource.classify("https://blog.example.org/2024/post.html", base: base)
                == .webPage(URL(string: "https://blog.example.org/2024/post.html")!))
    }

    @Test func pathsAreReadFromTheBaseAndSortedByWhatTheyAre() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("# Notes", to: "notes/a.md")
        try folder.write("Date,ShareLink,ShareCommentary\n", to: "Shares.csv")
        try folder.write("ref: refs/heads/main\n", to: "bare.git/HEAD")
        try folder.write("", to: "bare.git/objects/.keep")
        try folder.write("", to: "bare.git/refs/.keep")
        let root = folder.url
        #expect(try LinkSource.classify("notes", base: root) == .localFiles(root.appendingPathComponent("notes")))
        #expect(try LinkSource.classify("Shares.csv", base: root) == .linkedInExport(root.appendingPathComponent("Shares.csv")))
        #expect(try LinkSource.classify("bare.git", base: root) == .gitRepository(root.appendingPathComponent("bare.git")))
        #expect(
            try LinkSource.classify("file://" + root.appendingPathComponent("notes/a.md").path, base: base)
                == .localFiles(root.appendingPathComponent("notes/a.md")))
        #expect(throws: CrawlFailure("no such file or folder: \(root.appendingPathComponent("gone").path)")) {
            try LinkSource.classify("gone", base: root)
        }
        #expect(throws: CrawlFailure("unsupported link scheme 'mailto' (use http, https, file or a path)")) {
            try LinkSource.classify("mailto:someone@example.org", base: root)
        }
    }

    @Test func platformsAreTheWellKnownNamesOrTheHost() {
        #expect(Platform.of(URL(string: "https://medium.com/@jane/post")!) == "medium")
        #expect(Platform.of(URL(string: "https://jane.medium.com/post")!) == "medium")
        #expect(Platform.of(URL(string: "https://www.github.com/a/b")!) == "github")
        #expect(Platform.of(URL(string: "https://decodingml.substack.com/p/x")!) == "decodingml.substack.com")
        #expect(Platform.of(URL(fileURLWithPath: "/tmp/x")) == "local")
    }
}
