import ArtifactStore

/// Runs side by side (`runs compare`): their parameters, their metrics (each training step's last logged
/// values, each evaluation's metrics and gate) and the versions of their outputs, one row per key, with
/// the rows whose values differ marked.
public struct RunComparison: Sendable {
    public enum Section: String, Sendable, CaseIterable {
        case run, parameters, metrics, outputs
    }

    public struct Row: Sendable, Equatable {
        public var section: Section
        public var key: String
        /// One value per run, in the runs' order; nil where a run has no such key.
        public var values: [JSONValue?]

        public init(section: Section, key: String, values: [JSONValue?]) {
            self.section = section
            self.key = key
            self.values = values
        }

        /// Whether the runs disagree (a key one run lacks counts as a difference).
        public var differs: Bool { Set(values.map { $0.map(JSONText.compact) ?? "" }).count > 1 }
    }

    public var runs: [RunRecord]
    public var rows: [Row]

    public init(runs: [RunRecord], rows: [Row]) {
        self.runs = runs
        self.rows = rows
    }

    public static func load(_ store: Store, runs: [RunRecord]) throws -> RunComparison {
        var columns: [Section: [String: [Int: JSONValue]]] = [:]
        for (index, run) in runs.enumerated() {
            for (section, values) in try values(of: run, in: store) {
                for (key, value) in values { columns[section, default: [:]][key, default: [:]][index] = value }
            }
        }
        var rows: [Row] = []
        for section in Section.allCases {
            let keys = (columns[section] ?? [:]).keys.sorted { section == .run ? runKeyOrder($0, $1) : $0 < $1 }
            for key in keys {
                rows.append(Row(section: section, key: key, values: runs.indices.map { columns[section]?[key]?[$0] }))
            }
        }
        return RunComparison(runs: runs, rows: rows)
    }

    public var json: JSONValue {
        [
            "runs": .array(
                runs.map { ["id": .string($0.id), "pipeline": .string($0.pipeline), "status": .string($0.status.rawValue)] }
            ),
            "rows": .array(
                rows.map { row in
                    [
                        "section": .string(row.section.rawValue), "key": .string(row.key),
                        "values": .array(row.values.map { $0 ?? .null }), "differs": .bool(row.differs),
                    ]
                }),
        ]
    }

    private static func runKeyOrder(_ a: String, _ b: String) -> Bool {
        let order = ["pipeline", "status", "trigger"]
        return (order.firstIndex(of: a) ?? order.count, a) < (order.firstIndex(of: b) ?? order.count, b)
    }

    /// One run's values by section and key.
    private static func values(of run: RunRecord, in store: Store) throws -> [Section: [String: JSONValue]] {
        var result: [Section: [String: JSONValue]] = [
            .run: [
                "pipeline": .string(run.pipeline), "status": .string(store.effectiveStatus(of: run).rawValue),
                "trigger": .string(run.trigger),
            ],
            .parameters: (try? JSONText.parse(run.parameters))?.objectValue ?? [:],
        ]
        var metrics: [String: JSONValue] = [:]
        var outputs: [String: JSONValue] = [:]
        for (name, record) in try store.latestStepRuns(runID: run.id) {
            if let last = try StepRunMetadata.of(record, in: store)["training"]?["history"]?.arrayValue?.last {
                for (key, value) in last.objectValue ?? [:] where value.doubleValue != nil && key != "epoch" {
                    metrics["\(name).\(key == "step" ? "updates" : key)"] = value
                }
            }
            guard let id = record.id, record.status.isSuccess else { continue }
            for (output, artifact) in try store.outputs(ofStepRun: id) {
                var text = artifact.name + "@\(artifact.version)"
                if artifact.type == "model" {
                    let versions = try store.modelVersions(sha256: artifact.sha256).map(\.reference)
                    if !versions.isEmpty { text += " = " + versions.joined(separator: ", ") }
                }
                outputs["\(name).\(output)"] = .string(text)
                guard artifact.type == "evaluation" else { continue }
                let metadata = artifact.metadataValue
                for (metric, value) in metadata["metrics"]?.objectValue ?? [:] where value.doubleValue != nil {
                    metrics["\(name).\(output).\(metric)"] = value
                }
                if let passed = metadata["gate"]?["passed"]?.boolValue {
                    metrics["\(name).\(output).gate"] = .string(passed ? "passed" : "failed")
                }
            }
        }
        result[.metrics] = metrics
        result[.outputs] = outputs
        return result
    }
}
