import Foundation
import Networking
import OrchestrateTesting
import Testing

/// The libcurl client against the example site on loopback: limits turn into precise errors.
@Suite(.serialized) struct HTTPClientTests {
    let client = HTTPClient()

    @Test func fetchesAPageWithItsHeadersAndUserAgent() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let response = try await client.get(
            site.url("/posts/lora-in-practice.html"), headers: [:], limits: HTTPLimits(userAgent: "probe/1.0"))
        #expect(response.status == 200)
        #expect(response.mediaType == "text/html")
        #expect(response.charset == "utf-8")
        #expect(String(decoding: response.body, as: UTF8.self).contains("LoRA in practice"))
        #expect(try site.requests().last?.agent == "probe/1.0")
    }

    @Test func aMissingPageIsAResponseNotAnError() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let response = try await client.get(site.url("/nowhere.html"), headers: [:], limits: HTTPLimits())
        #expect(response.status == 404)
    }

    @Test func followsRedirectsAndReportsTheFinalURL() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let response = try await client.get(
            site.url("/_/redirect?to=/posts/evaluating-a-twin.html"), headers: [:], limits: HTTPLimits())
        #expect(response.status == 200)
        #expect(response.url.path == "/posts/evaluating-a-twin.html")
    }

    @Test func aRedirectLoopStopsAtTheLimit() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        await #expect(throws: HTTPFetchError.tooManyRedirects(limit: 3)) {
            try await client.get(site.url("/_/loop"), headers: [:], limits: HTTPLimits(maxRedirects: 3))
        }
        #expect(try site.requests().count == 4)
    }

    @Test(arguments: [false, true]) func aHugeBodyIsAbandonedAtTheSizeLimit(chunked: Bool) async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let url = site.url("/_/huge?mb=50" + (chunked ? "&chunked=1" : ""))
        await #expect(throws: HTTPFetchError.tooLarge(limit: 1_000_000)) {
            try await client.get(url, headers: [:], limits: HTTPLimits(maxBytes: 1_000_000))
        }
    }

    @Test func aSlowResponseTimesOut() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let started = ContinuousClock.now
        await #expect(throws: HTTPFetchError.timedOut(seconds: 0.5)) {
            try await client.get(site.url("/_/slow?seconds=5"), headers: [:], limits: HTTPLimits(timeout: 0.5))
        }
        #expect(ContinuousClock.now - started < .seconds(4))
    }

    @Test func postsABodyWithItsHeaders() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let body = Data(#"{"question":"what is LoRA?"}"#.utf8)
        let response = try await client.send(
            site.url("/_/echo"), headers: ["Content-Type": "application/json", "Authorization": "Bearer k"], body: body,
            limits: HTTPLimits(), onData: nil)
        let echo = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
        #expect(echo["body"] as? String == #"{"question":"what is LoRA?"}"#)
        let headers = echo["headers"] as? [String: String]
        #expect(headers?["content-type"] == "application/json")
        #expect(headers?["authorization"] == "Bearer k")
    }

    @Test func aStreamedBodyArrivesPieceByPiece() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let pieces = Pieces()
        let response = try await client.send(
            site.url("/_/stream?events=4"), headers: [:], body: Data(), limits: HTTPLimits(), onData: { pieces.append($0) })
        #expect(String(decoding: response.body, as: UTF8.self) == "data: 0\n\ndata: 1\n\ndata: 2\n\ndata: 3\n\n")
        #expect(pieces.count >= 2, "the events were 50 ms apart, so they cannot all arrive as one piece")
    }

    @Test func aClosedPortIsAConnectionFailure() async throws {
        await #expect {
            try await client.get(URL(string: "http://127.0.0.1:9/")!, headers: [:], limits: HTTPLimits())
        } throws: { error in
            guard case .connectionFailed? = error as? HTTPFetchError else { return false }
            return true
        }
    }

    @Test func onlyHTTPAndHTTPSAreFetched() async {
        await #expect(throws: HTTPFetchError.unsupportedURL("file:///etc/passwd")) {
            try await client.get(URL(string: "file:///etc/passwd")!, headers: [:], limits: HTTPLimits())
        }
    }
}

/// Collects streamed pieces from libcurl's thread.
final class Pieces: @unchecked Sendable {
    private let lock = NSLock()
    private var pieces: [Data] = []

    func append(_ piece: Data) {
        lock.withLock { pieces.append(piece) }
    }

    var count: Int { lock.withLock { pieces.count } }
}
