import ArtifactStore
import Compute
import Dashboard
import Foundation
import Networking
import OrchestrateTesting
import Server
import Steps
import Testing

/// A project folder with a store and two pipelines (a three-step one that collects from a links file, and
/// one that fails), served by a real dashboard server on a free loopback port.
final class DashboardFixture: @unchecked Sendable {
    let folder: TemporaryFolder
    let store: Store
    let base: URL
    let token: String?
    private let task: Task<Void, any Error>

    static let demo = """
        name: demo
        description: Writes a greeting, shouts it, and joins.
        parameters:
          greeting: hello
          pause: 0
          links: links.txt
          author: Ada Example
        schedule: { cron: "0 3 * * *", timezone: UTC }
        steps:
          make:
            uses: command
            run: sleep ${params.pause}; echo "making ${params.greeting}"; echo "${params.greeting}" > "$OUTPUT_text"
            outputs: { text: file }
          shout:
            uses: command
            inputs: { text: make.text }
            run: tr a-z A-Z < "$INPUT_text" > "$OUTPUT_loud"
            outputs: { loud: file }
          done:
            uses: noop
            after: [shout]

        """

    static let broken = """
        name: broken
        steps:
          fail:
            uses: command
            run: echo "about to fail"; exit 3
            outputs: { nothing: file }

        """

    static let train = """
        name: train
        steps:
          fit:
            uses: command
            run: echo "weights" > "$OUTPUT_model"
            outputs: { model: model }
            register: twin

        """

    init(token: String? = nil) async throws {
        folder = try TemporaryFolder()
        try folder.write(Self.demo, to: "pipelines/demo.yaml")
        try folder.write(Self.broken, to: "pipelines/broken.yaml")
        try folder.write(Self.train, to: "pipelines/train.yaml")
        try folder.write("# links of Ada\nhttps://example.com/feed.xml\n", to: "links.txt")
        store = try Store(root: folder.url.appendingPathComponent("runs"))
        self.token = token
        let dashboard = try Self.dashboard(store: store, folder: folder, token: token, chat: false)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        task = Task {
            try await DashboardServer(dashboard: dashboard, host: "127.0.0.1", port: 0).run { port in
                continuation.yield(port)
            }
        }
        var bound = 0
        for await port in ports {
            bound = port
            break
        }
        base = URL(string: "http://127.0.0.1:\(bound)")!
    }

    static func dashboard(store: Store, folder: TemporaryFolder, token: String?, chat: Bool) throws -> Dashboard {
        try Dashboard(
            store: store, catalog: BuiltInSteps.catalog,
            configuration: .init(
                pipelinesFolder: folder.url.appendingPathComponent("pipelines"), projectDirectory: folder.url,
                writeToken: token, chatAvailable: chat))
    }

    /// Another dashboard over the same project and store, to serve beside a model.
    /// The inference server on a free loopback port, serving the tiny chat model with this dashboard
    /// beside it; cancel the task to stop it.
    func serveWithTinyModel(apiKey: String?) async throws -> (port: Int, server: Task<Void, any Error>) {
        let model = try LanguageModel(
            contentsOf: ExampleSite.packageRoot.appendingPathComponent("Tests/Fixtures/tiny-chat-model"))
        var server = InferenceServer(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0, modelName: "tiny-chat", apiKey: apiKey),
            load: { ServerModels(model: model) })
        server.extraRoutes = [TestDashboardRoutes(dashboard: try dashboard(chat: true))]
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let running = Task { [server] in try await server.run { continuation.yield($0) } }
        for await bound in ports { return (bound, running) }
        running.cancel()
        throw DashboardFixtureError("the inference server did not start")
    }

    func dashboard(chat: Bool) throws -> Dashboard {
        try Self.dashboard(store: store, folder: folder, token: token, chat: chat)
    }

    func stop() {
        task.cancel()
        folder.remove()
    }

    func get(_ path: String) async throws -> HTTPResponse {
        try await send("GET", path, json: nil, headers: [:])
    }

    /// A request on a thread of its own: a transfer that blocks must not hold one of the few threads the
    /// server's handlers run on.
    func send(_ method: String, _ path: String, json: String?, headers: [String: String]? = nil) async throws -> HTTPResponse {
        var fields = headers ?? ["Content-Type": "application/json"]
        if headers == nil, let token { fields["Authorization"] = "Bearer \(token)" }
        let url = URL(string: path, relativeTo: base)!
        let body = json.map { Data($0.utf8) }
        let headers = fields
        let result: Result<HTTPResponse, HTTPFetchError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    returning: Result { () throws(HTTPFetchError) in
                        try HTTPClient().perform(method, url, headers: headers, body: body, limits: Self.limits)
                    })
            }
        }
        return try result.get()
    }

    func json(_ response: HTTPResponse) throws -> JSONValue { try JSONText.parse(response.body) }

    /// Polls the API until the run has finished, for as long as a loaded machine may need.
    func waitForRun(_ id: String) async throws -> JSONValue {
        for _ in 0..<600 {
            let run = try json(try await get("/api/runs/\(id)"))
            if let status = run["status"]?.stringValue, ["succeeded", "failed", "cancelled"].contains(status) { return run }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("run \(id) did not finish in 120 s")
        return .null
    }

    static let limits = HTTPLimits(timeout: 60)
}

struct DashboardFixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
