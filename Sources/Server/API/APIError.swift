import Foundation
import Hummingbird

/// An error as OpenAI's API reports it: an HTTP status and `{"error": {"message", "type", "param", "code"}}`,
/// so that clients written for OpenAI show the message instead of failing to parse the body.
public struct APIError: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var message: String
    public var type: String
    public var param: String?
    public var code: String?
    /// Seconds a client should wait before trying again (`Retry-After`), for 503s.
    public var retryAfter: Int?

    public init(
        _ status: HTTPResponse.Status, _ message: String, type: String = "invalid_request_error", param: String? = nil,
        code: String? = nil, retryAfter: Int? = nil
    ) {
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code
        self.retryAfter = retryAfter
    }

    /// A request field with a bad value: 400, naming the field.
    static func invalid(_ param: String, _ message: String) -> APIError {
        APIError(.badRequest, message, param: param, code: "invalid_value")
    }

    /// A request that reached a model's loop after the model was replaced: sent to the new one instead,
    /// never to a client.
    static let retired = APIError(.serviceUnavailable, "the model was replaced", type: "server_error", code: "model_retired")

    /// The body of the error response, also sent as an SSE event when a stream fails midway.
    var json: [String: Any] {
        [
            "error": [
                "message": message, "type": type, "param": param.map { $0 as Any } ?? NSNull(),
                "code": code.map { $0 as Any } ?? NSNull(),
            ]
        ]
    }

    var response: Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONBody.data(json))))
    }
}
