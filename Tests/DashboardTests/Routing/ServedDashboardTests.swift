import ArtifactStore
import Compute
import Dashboard
import Foundation
import Networking
import OrchestrateTesting
import Server
import Testing

/// The dashboard beside a model on the inference server with an API key, as `orchestrate serve --host
/// 0.0.0.0 --api-key-env` runs it: the model's routes need the key, the pages do not, the dashboard's
/// writes need it as their token.
@Suite("Dashboard on the inference server", .serialized)
struct ServedDashboardTests {
    @Test("with an API key, pages stay open, model routes and dashboard writes need the key")
    func apiKey() async throws {
        let fixture = try await DashboardFixture(token: "k3y")
        defer { fixture.stop() }
        let (port, running) = try await fixture.serveWithTinyModel(apiKey: "k3y")
        defer { running.cancel() }
        let base = "http://127.0.0.1:\(port)"
        func request(_ method: String, _ path: String, _ headers: [String: String], _ body: String? = nil) async -> Int {
            await withCheckedContinuation { done in
                DispatchQueue.global().async {
                    let response = try? HTTPClient().perform(
                        method, URL(string: base + path)!, headers: headers, body: body.map { Data($0.utf8) },
                        limits: HTTPLimits(timeout: 60))
                    done.resume(returning: response?.status ?? 0)
                }
            }
        }
        #expect(await request("GET", "/runs", [:]) == 200)
        #expect(await request("GET", "/api/runs", [:]) == 200)
        #expect(await request("GET", "/v1/models", [:]) == 401)
        #expect(await request("GET", "/v1/models", ["Authorization": "Bearer k3y"]) == 200)
        let json = ["Content-Type": "application/json"]
        #expect(await request("POST", "/api/pipelines/demo/runs", json, "{}") == 401)
        #expect(
            await request("POST", "/api/pipelines/demo/runs", json.merging(["Authorization": "Bearer k3y"]) { $1 }, "{}") == 202)
    }
}
