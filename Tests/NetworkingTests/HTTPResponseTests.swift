import Foundation
import Networking
import Testing

@Suite struct HTTPResponseTests {
    private func response(contentType: String?) -> HTTPResponse {
        HTTPResponse(
            url: URL(string: "http://example.test/")!, status: 200,
            headers: contentType.map { ["content-type": $0] } ?? [:])
    }

    @Test func mediaTypeDropsParametersAndCase() {
        #expect(response(contentType: "Text/HTML; charset=UTF-8").mediaType == "text/html")
        #expect(response(contentType: nil).mediaType == nil)
        #expect(response(contentType: " ").mediaType == nil)
    }

    @Test func charsetIsUnquotedAndLowerCased() {
        #expect(response(contentType: "text/html; charset=\"ISO-8859-1\"").charset == "iso-8859-1")
        #expect(response(contentType: "text/html;CHARSET=utf-8;q=1").charset == "utf-8")
        #expect(response(contentType: "text/html").charset == nil)
    }
}
