import Foundation
import Networking

extension HTTPResponse {
    /// The body as a JSON object (an empty one when it is not).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:]
    }

    /// The `error` object of an OpenAI-style error body.
    var error: [String: Any] { json["error"] as? [String: Any] ?? [:] }

    /// The `data:` payloads of a server-sent event stream, in order, as written.
    var events: [String] {
        String(decoding: body, as: UTF8.self).components(separatedBy: "\n\n").filter { !$0.isEmpty }.map { event in
            event.hasPrefix("data: ") ? String(event.dropFirst(6)) : "not an event: " + event
        }
    }
}

extension String {
    /// The event's JSON object.
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(utf8)) as? [String: Any]) ?? [:]
    }
}

/// The first choice of a response or chunk.
func firstChoice(_ object: [String: Any]) -> [String: Any] {
    (object["choices"] as? [[String: Any]])?.first ?? [:]
}
