import Foundation
import Hummingbird

/// Server-sent events as OpenAI streams them: `data: <json>` and a blank line per event.
enum SSE {
    static func event(_ object: [String: Any]) -> ByteBuffer {
        var bytes = Data("data: ".utf8)
        bytes.append(JSONBody.data(object))
        bytes.append(contentsOf: [UInt8(ascii: "\n"), UInt8(ascii: "\n")])
        return ByteBuffer(bytes: bytes)
    }

    static let done = ByteBuffer(string: "data: [DONE]\n\n")
}
