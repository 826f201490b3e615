import Foundation

/// The server's counters, shown by `GET /metrics` in Prometheus' text format. Cheap to update from any
/// thread: one lock around plain numbers.
public final class ServerMetrics: @unchecked Sendable {
    // Everything below is guarded by `lock`.
    private let lock = NSLock()
    private var requests: [RequestKey: Int] = [:]
    private var promptTokens = 0
    private var completionTokens = 0
    private var firstToken = LatencyHistogram(bounds: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30])
    /// Tokens of the loop's recent turns, for the throughput over the last `window`.
    private var recentTurns: [(end: ContinuousClock.Instant, tokens: Int)] = []
    private var sequences = 0
    private let window: Duration = .seconds(10)

    struct RequestKey: Hashable {
        var endpoint: String
        var status: Int
    }

    public init() {}

    func recordRequest(endpoint: String, status: Int) {
        lock.withLock { requests[RequestKey(endpoint: endpoint, status: status), default: 0] += 1 }
    }

    func recordTokens(prompt: Int, completion: Int) {
        lock.withLock {
            promptTokens += prompt
            completionTokens += completion
        }
    }

    func recordFirstToken(after seconds: Double) {
        lock.withLock { firstToken.observe(seconds) }
    }

    /// One turn of the inference loop: the tokens it generated and the answers still being decoded.
    func recordTurn(tokens: Int, duration: Duration, sequences: Int) {
        let now = ContinuousClock.now
        lock.withLock {
            self.sequences = sequences
            if tokens > 0 { recentTurns.append((now, tokens)) }
            recentTurns.removeAll { now - $0.end > window }
        }
    }

    /// The metrics as Prometheus text; `queue` is the loop's depth at the time of the scrape.
    func prometheusText(queue: (waiting: Int, active: Int)) -> String {
        lock.withLock {
            let now = ContinuousClock.now
            let recent = recentTurns.filter { now - $0.end <= window }.reduce(0) { $0 + $1.tokens }
            var text = PrometheusText()
            text.family("orchestrate_requests_total", "counter", "HTTP requests answered, by endpoint and status.")
            for (key, count) in requests.sorted(by: { ($0.key.endpoint, $0.key.status) < ($1.key.endpoint, $1.key.status) }) {
                text.sample(
                    "orchestrate_requests_total", labels: ["endpoint": key.endpoint, "status": String(key.status)],
                    Double(count))
            }
            text.family("orchestrate_prompt_tokens_total", "counter", "Prompt tokens read.")
            text.sample("orchestrate_prompt_tokens_total", Double(promptTokens))
            text.family("orchestrate_completion_tokens_total", "counter", "Tokens generated.")
            text.sample("orchestrate_completion_tokens_total", Double(completionTokens))
            text.family("orchestrate_queue_depth", "gauge", "Requests waiting for a place in the inference loop.")
            text.sample("orchestrate_queue_depth", Double(queue.waiting))
            text.family("orchestrate_active_requests", "gauge", "Requests being decoded side by side.")
            text.sample("orchestrate_active_requests", Double(queue.active))
            text.family("orchestrate_active_sequences", "gauge", "Answers decoded in the loop's last turn.")
            text.sample("orchestrate_active_sequences", Double(sequences))
            text.family(
                "orchestrate_tokens_per_second", "gauge", "Tokens generated per second over the last 10 seconds, all requests.")
            text.sample("orchestrate_tokens_per_second", Double(recent) / window.seconds)
            text.family(
                "orchestrate_time_to_first_token_seconds", "histogram", "From a request's arrival to its first token.")
            firstToken.write(name: "orchestrate_time_to_first_token_seconds", into: &text)
            return text.text
        }
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
