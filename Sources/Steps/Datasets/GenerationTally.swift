import ArtifactStore
import Generation

/// Tokens, cost and requests of one step's generation, summed across concurrent requests.
actor GenerationTally {
    private(set) var requests = 0
    private(set) var repairs = 0
    private(set) var promptTokens = 0
    private(set) var completionTokens = 0
    private(set) var cost: Double?

    func add(_ result: GenerationResult) {
        requests += 1
        promptTokens += result.promptTokens
        completionTokens += result.completionTokens
        if let spent = result.cost { cost = (cost ?? 0) + spent }
    }

    func countRepair() { repairs += 1 }

    var metadata: [String: JSONValue] {
        var metadata: [String: JSONValue] = [
            "requests": .int(requests), "repair_requests": .int(repairs), "prompt_tokens": .int(promptTokens),
            "completion_tokens": .int(completionTokens),
        ]
        if let cost { metadata["cost_usd"] = .double((cost * 1_000_000).rounded() / 1_000_000) }
        return metadata
    }
}
