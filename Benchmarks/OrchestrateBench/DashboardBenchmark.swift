import ArtifactStore
import Dashboard
import Foundation
import Networking
import Orchestrator
import Steps

/// The dashboard's pages and API on a store made by `lineage-store` (10,000 runs, 100,000 artifacts):
/// each URL is fetched over loopback from a dashboard server in this process, and the time from request
/// to the last byte of the answer is reported (median and p95).
enum DashboardBenchmark {
    static func run(store root: URL, repeats: Int) async throws {
        let store = try Store(root: root)
        let project = FileManager.default.temporaryDirectory.appendingPathComponent("dashboard-bench-\(getpid())")
        try FileManager.default.createDirectory(
            at: project.appendingPathComponent("pipelines"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: project) }
        let dashboard = try Dashboard(
            store: store, catalog: BuiltInSteps.catalog,
            configuration: .init(pipelinesFolder: project.appendingPathComponent("pipelines"), projectDirectory: project))
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let server = Task {
            try await DashboardServer(dashboard: dashboard, host: "127.0.0.1", port: 0).run { continuation.yield($0) }
        }
        defer { server.cancel() }
        var port = 0
        for await bound in ports {
            port = bound
            break
        }
        let middle = try store.resolveArtifact("bench/s5.o@latest")
        let last = try store.resolveArtifact("bench/s9.o@latest")
        let paths = [
            "/runs", "/runs?status=succeeded&offset=5000", "/api/runs?pipeline=bench&offset=9950",
            "/artifacts/\(middle.id)", "/artifacts/\(last.id)?hops=10", "/api/artifacts/\(middle.id)/lineage?hops=3",
            "/artifacts?pipeline=bench&offset=50000",
        ]
        let clock = ContinuousClock()
        for path in paths {
            let url = URL(string: "http://127.0.0.1:\(port)\(path)")!
            var samples: [Double] = []
            var bytes = 0
            for _ in 0..<repeats {
                let start = clock.now
                let response = try await HTTPClient().send(
                    url, headers: [:], body: nil, limits: HTTPLimits(timeout: 60), onData: nil)
                let elapsed = clock.now - start
                guard response.status == 200 else { throw BenchmarkFailure("\(path) answered \(response.status)") }
                bytes = response.body.count
                samples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
            }
            samples.sort()
            print(
                String(
                    format: "dashboard %@ bytes=%d median_ms=%.2f p95_ms=%.2f (n=%d)", path, bytes, samples[samples.count / 2],
                    samples[samples.count * 95 / 100], repeats))
        }
    }
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
