import Foundation
import Testing

@testable import Server

/// `GET /metrics` in Prometheus' text format.
struct MetricsTests {
    @Test func requestsTokensQueueAndTimeToFirstTokenAreCounted() async throws {
        let server = try await TestServer()
        try await server.waitUntilReady()
        let answer = try await server.post(
            "/v1/completions",
            [
                "model": TestServer.modelName, "prompt": "Once", "max_tokens": 5, "temperature": 0,
                "logit_bias": Dictionary(uniqueKeysWithValues: TestServer.model.stopTokenIDs.map { (String($0), -100) }),
            ])
        _ = try await server.post("/v1/completions", ["model": "unknown", "prompt": "Once"])
        let response = try await server.get("/metrics")
        await server.stop()
        #expect(answer.status == 200)
        #expect(response.mediaType == "text/plain")
        let lines = Set(String(decoding: response.body, as: UTF8.self).split(separator: "\n").map(String.init))
        let promptTokens = TestServer.model.rawPromptTokens(for: "Once").count
        for expected in [
            "# TYPE orchestrate_requests_total counter",
            #"orchestrate_requests_total{endpoint="/v1/completions",status="200"} 1"#,
            #"orchestrate_requests_total{endpoint="/v1/completions",status="404"} 1"#,
            #"orchestrate_requests_total{endpoint="/health",status="200"} 1"#,
            "orchestrate_prompt_tokens_total \(promptTokens)",
            "orchestrate_completion_tokens_total 5",
            "orchestrate_queue_depth 0",
            "orchestrate_active_requests 0",
            "# TYPE orchestrate_time_to_first_token_seconds histogram",
            #"orchestrate_time_to_first_token_seconds_bucket{le="+Inf"} 1"#,
            "orchestrate_time_to_first_token_seconds_count 1",
        ] {
            #expect(lines.contains(expected), "\(expected)")
        }
        let rate = lines.first { $0.hasPrefix("orchestrate_tokens_per_second ") }
        // 5 tokens in the last 10 seconds, or none when the scrape came more than 10 seconds after them.
        #expect(["orchestrate_tokens_per_second 0.5", "orchestrate_tokens_per_second 0"].contains(rate ?? ""), "\(rate ?? "")")
    }

    @Test func histogramsAreCumulative() {
        var histogram = LatencyHistogram(bounds: [0.1, 1])
        histogram.observe(0.05)
        histogram.observe(0.5)
        histogram.observe(3)
        var text = PrometheusText()
        histogram.write(name: "latency", into: &text)
        #expect(
            text.text == """
                latency_bucket{le="0.1"} 1
                latency_bucket{le="1"} 2
                latency_bucket{le="+Inf"} 3
                latency_sum 3.55
                latency_count 3

                """)
    }
}
