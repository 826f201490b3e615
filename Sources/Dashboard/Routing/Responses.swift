import ArtifactStore
import Foundation
import Hummingbird

/// The dashboard's responses: HTML pages, JSON documents and errors in the form the caller reads.
enum Responses {
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: JSONText.compact(value))))
    }

    static func text(_ text: String, status: HTTPResponse.Status = .ok, type: String = "text/plain; charset=utf-8")
        -> Response
    {
        Response(status: status, headers: [.contentType: type], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// `{"error": {"message": ..., "status": ...}}` for the API.
    static func apiError(_ error: any Error) -> Response {
        let failure = DashboardError.from(error)
        return json(
            .object(["error": .object(["message": .string(failure.message), "status": .int(Int(failure.status.code))])]),
            status: failure.status)
    }
}
