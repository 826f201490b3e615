import ArtifactStore
import Compute
import Generation
import Orchestrator

/// Sends a dataset step's prompts to the generator: at most `concurrency` at a time, each with a seed of
/// its own derived from the step's seed, JSON answers parsed with one repair request, and every request's
/// tokens and cost tallied.
struct DatasetGenerator: Sendable {
    let generator: any TextGenerating
    let options: GenerationOptions
    let seed: Int
    let concurrency: Int
    let tally = GenerationTally()

    /// Why one extract produced nothing: a rejection to record.
    struct Failure: Error {
        let rejection: Rejection
    }

    /// One request. `key` names it (extract id, role, attempt) and fixes its seed; `maxTokens` lowers the
    /// step's limit for answers known to be short.
    func ask(
        _ messages: [ChatMessage], key: String, extract: String, json: Bool, prefix: String? = nil, maxTokens: Int? = nil
    ) async throws -> String {
        var options = options
        options.seed = DatasetSplit.requestSeed(seed, key)
        options.jsonMode = json
        options.answerPrefix = prefix
        if let maxTokens { options.maxTokens = min(options.maxTokens, maxTokens) }
        do {
            let result = try await generator.generate(messages, options: options, onText: nil)
            await tally.add(result)
            return result.text
        } catch let error as GenerationError {
            throw Failure(rejection: Rejection(extract: extract, kind: .generator, reason: error.message, item: .null))
        }
    }

    /// Asks for JSON; when the answer is not JSON, sends it back once with the parser's complaint. `prefix`
    /// starts the answer where the backend can be given one (see `GenerationOptions.answerPrefix`).
    func askJSON(_ messages: [ChatMessage], key: String, extract: String, prefix: String) async throws -> JSONValue {
        let answer = try await ask(messages, key: key, extract: extract, json: true, prefix: prefix)
        let problem: JSONAnswer.Malformed
        do {
            return try JSONAnswer.parse(answer)
        } catch let error as JSONAnswer.Malformed {
            problem = error
        }
        await tally.countRepair()
        let repair =
            messages + [
                ChatMessage(role: "assistant", content: answer),
                ChatMessage(
                    role: "user",
                    content: "That was not valid JSON (\(problem.description)). Reply with only the corrected JSON, "
                        + "nothing before or after it."),
            ]
        let second = try await ask(repair, key: key + "/repair", extract: extract, json: true, prefix: prefix)
        do {
            return try JSONAnswer.parse(second)
        } catch let error as JSONAnswer.Malformed {
            throw Failure(
                rejection: Rejection(
                    extract: extract, kind: .json, reason: "not JSON after one repair request: \(error.description)",
                    item: Rejection.snippet(second)))
        }
    }

    /// Runs `work` on every extract, `concurrency` at a time, and returns the results in extract order.
    func map<Result: Sendable>(
        _ extracts: [TextExtract], progress: @escaping @Sendable (Int) -> Void,
        _ work: @escaping @Sendable (TextExtract) async throws -> Result
    ) async throws -> [Result] {
        var results = [Result?](repeating: nil, count: extracts.count)
        try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            var next = 0
            var done = 0
            func launch() {
                let index = next
                next += 1
                group.addTask { (index, try await work(extracts[index])) }
            }
            while next < min(concurrency, extracts.count) { launch() }
            while let (index, result) = try await group.next() {
                results[index] = result
                done += 1
                progress(done)
                if next < extracts.count { launch() }
            }
        }
        return results.map { $0! }
    }
}
