import Foundation
import Hummingbird

/// JSON in and out of request and response bodies. Responses are built as plain dictionaries, like the
/// OpenAI client in Generation builds its requests: OpenAI's shapes need explicit `null`s (`finish_reason`,
/// `usage`) that `Codable` would leave out.
enum JSONBody {
    /// The largest request body read, so a runaway client cannot fill memory.
    static let maxRequestBytes = 4 << 20

    static func data(_ object: [String: Any]) -> Data {
        // Every value put in these dictionaries is a string, number, bool, null, array or dictionary.
        (try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes])) ?? Data("{}".utf8)
    }

    static func response(_ object: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data(object))))
    }

    /// The request's body as a JSON object, or a 400 that says what is wrong with it.
    static func object(of request: Request) async throws(APIError) -> [String: Any] {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxRequestBytes)
        } catch {
            throw APIError(
                .contentTooLarge, "the request body is over \(maxRequestBytes >> 20) MiB", code: "request_too_large")
        }
        let data = Data(buffer.readableBytesView)
        guard !data.isEmpty else { throw APIError(.badRequest, "the request has no body: send a JSON object") }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw APIError(.badRequest, "the request body is not valid JSON: \(Self.reason(error))")
        }
        guard let object = parsed as? [String: Any] else {
            throw APIError(.badRequest, "the request body must be a JSON object")
        }
        return object
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription
    }
}
