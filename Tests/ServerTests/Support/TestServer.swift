import Compute
import Foundation
import Networking
import OrchestrateTesting

@testable import Server

/// An `InferenceServer` on a free loopback port for one test, serving the tiny chat model, and a client
/// for it that speaks HTTP through the project's own curl-backed client. Call `stop()` when done.
final class TestServer: Sendable {
    static let modelFolder = ExampleSite.packageRoot.appendingPathComponent("Tests/Fixtures/tiny-chat-model")
    static let modelName = "tiny-chat"
    static let model: LanguageModel = try! LanguageModel(contentsOf: modelFolder)

    let baseURL: URL
    let server: InferenceServer
    private let task: Task<Void, any Error>

    /// Starts a server; `load` replaces loading the tiny model (to hold loading back, say).
    init(
        apiKey: String? = nil, parallel: Int = 4, queueCapacity: Int = 8, turnPause: Duration = .zero,
        following: ModelFollowing? = nil, load: (@Sendable () throws -> ServerModels)? = nil
    ) async throws {
        let configuration = ServerConfiguration(
            host: "127.0.0.1", port: 0, modelName: Self.modelName, apiKey: apiKey, parallel: parallel,
            queueCapacity: queueCapacity)
        var server = InferenceServer(
            configuration: configuration, following: following, load: load ?? { ServerModels(model: Self.model) })
        server.turnPause = turnPause
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let running = server
        task = Task { try await running.run { port in portContinuation.yield(port) } }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TestServerError("the server did not start") }
        self.server = server
        baseURL = URL(string: "http://127.0.0.1:\(port)")!
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// Waits until `/health` answers 200.
    func waitUntilReady() async throws {
        for _ in 0..<200 {
            if try await get("/health").status == 200 { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestServerError("the server did not become ready")
    }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> HTTPResponse {
        try await HTTPClient().send(
            baseURL.appendingPathComponent(path), headers: headers, body: nil, limits: Self.limits, onData: nil)
    }

    /// POSTs `body` as JSON; `onData` sees the response as it arrives.
    func post(
        _ path: String, _ body: [String: Any], headers: [String: String] = [:],
        onData: (@Sendable (Data) -> Void)? = nil
    ) async throws -> HTTPResponse {
        try await post(path, raw: try JSONSerialization.data(withJSONObject: body), headers: headers, onData: onData)
    }

    func post(
        _ path: String, raw: Data, headers: [String: String] = [:], onData: (@Sendable (Data) -> Void)? = nil
    ) async throws -> HTTPResponse {
        var headers = headers
        headers["Content-Type"] = "application/json"
        return try await HTTPClient().send(
            baseURL.appendingPathComponent(path), headers: headers, body: raw, limits: Self.limits, onData: onData)
    }

    static let limits = HTTPLimits(timeout: 300, maxBytes: 200_000_000, userAgent: "orchestrate-tests")
}

struct TestServerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
