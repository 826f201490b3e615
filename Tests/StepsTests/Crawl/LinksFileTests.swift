import Testing

@testable import Steps

@Suite struct LinksFileTests {
    @Test func commentsBlankLinesAndRepeatsAreDropped() {
        let text = """
            # my writing
            https://example.org/a.html   # the first post

            https://example.org/b.html#section
            https://example.org/a.html
              notes/
            """
        #expect(LinksFile.parse(text) == ["https://example.org/a.html", "https://example.org/b.html#section", "notes/"])
    }
}
