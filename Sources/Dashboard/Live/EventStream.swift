import Foundation
import Hummingbird

/// Server-sent events: `event: NAME` and `data: JSON` per event, a comment now and then so proxies keep the
/// connection, and an end after `maxDuration` (the browser's EventSource reconnects by itself).
enum EventStream {
    static let maxDuration: Duration = .seconds(300)

    static func event(_ name: String?, _ data: String) -> ByteBuffer {
        var text = name.map { "event: \($0)\n" } ?? ""
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) { text += "data: \(line)\n" }
        return ByteBuffer(string: text + "\n")
    }

    static let keepAlive = ByteBuffer(string: ": keep-alive\n\n")

    static func response(_ body: @escaping @Sendable (inout any ResponseBodyWriter) async throws -> Void) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                try await body(&writer)
                try await writer.finish(nil)
            })
    }
}
