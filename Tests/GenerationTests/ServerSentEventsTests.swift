import Foundation
import Testing

@testable import Generation

@Suite struct ServerSentEventsTests {
    @Test func eventsSplitAcrossPiecesAreReassembled() {
        var events = ServerSentEvents()
        #expect(events.feed(Data("data: {\"a\"".utf8)) == [])
        #expect(events.feed(Data(":1}\r\n\r\n: comment\n\ndata: x\ndata: y\n".utf8)) == ["{\"a\":1}"])
        #expect(events.feed(Data("\nevent: ping\ndata:[DONE]\n\n".utf8)) == ["x\ny", "[DONE]"])
    }
}
