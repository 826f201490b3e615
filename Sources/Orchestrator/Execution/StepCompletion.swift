import ArtifactStore

/// How a step ended within one execution of a run, as the scheduler sees it.
enum StepCompletion: Sendable {
    case succeeded([String: ArtifactRecord])
    case failed
    case skipped
    case cancelled

    var outputs: [String: ArtifactRecord]? {
        if case .succeeded(let outputs) = self { return outputs }
        return nil
    }
}

/// The error a step attempt ends with when it outlives its `timeout`.
struct StepTimeout: Error {
    var seconds: Double
}

/// Runs `body`, cancelling it once `seconds` have passed.
func withTimeout<T: Sendable>(_ seconds: Double?, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    guard let seconds else { return try await body() }
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(nanoseconds: DurationParser.nanoseconds(seconds))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            group.cancelAll()
            throw StepTimeout(seconds: seconds)
        }
        return value
    }
}
