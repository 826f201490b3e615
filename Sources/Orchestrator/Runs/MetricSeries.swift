import ArtifactStore

/// One training curve: a metric of a step's `training.history`, by update.
public struct MetricSeries: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        /// The update (the history entry's `step`).
        public var update: Double
        public var value: Double

        public init(update: Double, value: Double) {
            self.update = update
            self.value = value
        }
    }

    /// The step whose history it is.
    public var step: String
    public var points: [Point]

    public init(step: String, points: [Point]) {
        self.step = step
        self.points = points
    }

    /// The curves of `metric` in a run: one per step that logged it, in the run's step order; with `step`,
    /// that step's only. Fails with what the run does log when nothing matches.
    public static func load(_ store: Store, run: RunRecord, metric: String, step: String? = nil) throws
        -> [MetricSeries]
    {
        let records = try store.stepRuns(runID: run.id)
        let latest = try store.latestStepRuns(runID: run.id)
        var order: [String] = []
        for record in records where !order.contains(record.step) { order.append(record.step) }
        if let step, latest[step] == nil {
            throw RunStateError(
                description: "run \(Identifier.short(run.id)) has no step '\(step)'",
                hint: "its steps: \(order.joined(separator: ", "))")
        }
        var series: [MetricSeries] = []
        var logged: [String: Set<String>] = [:]
        for name in order where step == nil || step == name {
            guard let record = latest[name] else { continue }
            let history = try StepRunMetadata.of(record, in: store)["training"]?["history"]?.arrayValue ?? []
            var points: [Point] = []
            for (index, entry) in history.enumerated() {
                for (key, value) in entry.objectValue ?? [:] where value.doubleValue != nil && key != "step" {
                    logged[name, default: []].insert(key)
                }
                guard let value = entry[metric]?.doubleValue else { continue }
                points.append(Point(update: entry["step"]?.doubleValue ?? Double(index + 1), value: value))
            }
            if !points.isEmpty { series.append(MetricSeries(step: name, points: points)) }
        }
        guard series.isEmpty else { return series }
        let scope = step.map { "step '\($0)' of run \(Identifier.short(run.id))" } ?? "run \(Identifier.short(run.id))"
        if logged.isEmpty {
            throw RunStateError(
                description: "\(scope) has no training curve: no step recorded a training history",
                hint: "curves come from training steps (sft, dpo); `orchestrate runs show` lists the steps")
        }
        let metrics = logged.values.reduce(into: Set<String>()) { $0.formUnion($1) }.sorted()
        throw RunStateError(
            description: "\(scope) logged no '\(metric)'",
            hint: "its training steps log: \(metrics.joined(separator: ", "))")
    }
}
