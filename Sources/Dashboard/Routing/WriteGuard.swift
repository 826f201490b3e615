import ArtifactStore
import Foundation
import Hummingbird

/// What every write (run, resume, reproduce, promote, edit links) must pass: a JSON body or none, never a
/// form's (a page on another site can post a form, but not JSON without the browser asking this server
/// first), and the token when the server listens beyond loopback.
struct WriteGuard: Sendable {
    let token: String?

    func body(of request: Request) async throws -> [String: JSONValue] {
        try authorize(request)
        // No body and no type is an empty object; a form's type (which a page on another site can send) is refused.
        if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/json") {
            throw DashboardError(.unsupportedMediaType, "changes are sent as JSON: set 'Content-Type: application/json'")
        }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: 1 << 20)
        } catch {
            throw DashboardError(.contentTooLarge, "the request body is over 1 MiB")
        }
        let data = Data(buffer.readableBytesView)
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return [:] }
        guard let value = try? JSONText.parse(data) else {
            throw DashboardError.badRequest("the request body is not valid JSON")
        }
        guard let object = value.objectValue else { throw DashboardError.badRequest("the request body must be a JSON object") }
        return object
    }

    func authorize(_ request: Request) throws {
        guard let token else { return }
        let prefix = "Bearer "
        guard let header = request.headers[.authorization], header.hasPrefix(prefix) else {
            throw DashboardError(.unauthorized, "changes need this server's token: send 'Authorization: Bearer <token>'")
        }
        let sent = Array(header.dropFirst(prefix.count).utf8)
        let expected = Array(token.utf8)
        var difference: UInt8 = sent.count == expected.count ? 0 : 1
        for (a, b) in zip(sent, expected) { difference |= a ^ b }
        guard difference == 0 else { throw DashboardError(.unauthorized, "the token is not valid for this server") }
    }
}
