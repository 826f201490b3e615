import Foundation
import GRDB

/// An output a step produced, already in blob storage, waiting to be published as an artifact.
public struct PublishedOutput: Sendable {
    public var name: String
    public var hash: ContentHash
    public var type: String
    public var metadata: JSONValue
    /// Documents the step published to the warehouse from this output; upserted with the
    /// artifact, in the same transaction, so the warehouse never names an artifact that is not stored.
    public var documents: [WarehouseDocument]

    public init(name: String, hash: ContentHash, type: String, metadata: JSONValue, documents: [WarehouseDocument] = []) {
        self.name = name
        self.hash = hash
        self.type = type
        self.metadata = metadata
        self.documents = documents
    }
}

extension Store {
    @discardableResult
    public func insert(stepRun: StepRunRecord) throws -> StepRunRecord {
        try write { db in
            var record = stepRun
            try record.insert(db)
            return record
        }
    }

    public func update(stepRun: StepRunRecord) throws {
        try write { db in try stepRun.update(db) }
    }

    /// Every attempt of every step of a run, oldest first.
    public func stepRuns(runID: String) throws -> [StepRunRecord] {
        try read { db in
            try StepRunRecord.filter(sql: "run_id = ?", arguments: [runID]).order(sql: "id").fetchAll(db)
        }
    }

    /// The latest attempt of each step of a run, keyed by step name.
    public func latestStepRuns(runID: String) throws -> [String: StepRunRecord] {
        var latest: [String: StepRunRecord] = [:]
        for record in try stepRuns(runID: runID) {
            if let existing = latest[record.step], existing.attempt > record.attempt { continue }
            latest[record.step] = record
        }
        return latest
    }

    public func stepRun(id: Int64) throws -> StepRunRecord? {
        try read { db in try StepRunRecord.fetchOne(db, key: id) }
    }

    public func recordInputs(stepRunID: Int64, _ inputs: [String: String]) throws {
        try write { db in
            for (name, artifactID) in inputs {
                try StepInputRecord(stepRunId: stepRunID, input: name, artifactId: artifactID).upsert(db)
            }
        }
    }

    /// Finishes a step run in one transaction: publishes each output as an artifact (a new
    /// version only when its content is new), links it to the step run, registers each `model` output as a
    /// version of the model `registerAs` names (else of its artifact's name), and records the status.
    /// Blobs must already be stored; a crash before this commit leaves only unreferenced blobs.
    @discardableResult
    public func complete(stepRun: StepRunRecord, outputs: [PublishedOutput], registerAs: String? = nil) throws
        -> [String: ArtifactRecord]
    {
        try write { db in
            var published: [String: ArtifactRecord] = [:]
            guard let stepRunID = stepRun.id else { return published }
            for output in outputs {
                let artifact = try Store.publish(
                    output, pipeline: stepRun.pipeline, step: stepRun.step,
                    producer: stepRunID, db: db)
                try StepOutputRecord(stepRunId: stepRunID, output: output.name, artifactId: artifact.id).upsert(db)
                published[output.name] = artifact
                try registerIfModel(artifact, as: registerAs, db: db)
                if !output.documents.isEmpty {
                    try Store.upsert(output.documents, sourceArtifactID: artifact.id, db: db)
                }
            }
            try stepRun.update(db)
            return published
        }
    }

    /// Records a step run that reused an earlier one's outputs instead of running. Reusing publishes them
    /// again: they become the latest of their names, as if the step had run and made the same content, and
    /// a model among them is registered as `complete` does (the version it already is, or a new one when
    /// `registerAs` names another model).
    @discardableResult
    public func completeCached(stepRun: StepRunRecord, outputs: [String: ArtifactRecord], registerAs: String? = nil) throws
        -> [String: ArtifactRecord]
    {
        try write { db in
            var published: [String: ArtifactRecord] = [:]
            guard let stepRunID = stepRun.id else { return published }
            for (name, artifact) in outputs {
                var artifact = artifact
                try Store.markPublished(&artifact, db: db)
                try StepOutputRecord(stepRunId: stepRunID, output: name, artifactId: artifact.id).upsert(db)
                published[name] = artifact
                try registerIfModel(artifact, as: registerAs, db: db)
            }
            try stepRun.update(db)
            return published
        }
    }

    private func registerIfModel(_ artifact: ArtifactRecord, as name: String?, db: Database) throws {
        guard artifact.type == "model" else { return }
        try Store.register(artifact, as: name, content: blobs.location(ofSHA256: artifact.sha256), db: db)
    }

    private static func publish(
        _ output: PublishedOutput, pipeline: String, step: String, producer: Int64,
        db: Database
    ) throws -> ArtifactRecord {
        let name = "\(step).\(output.name)"
        if var existing = try ArtifactRecord.filter(
            sql: "pipeline = ? AND name = ? AND sha256 = ?", arguments: [pipeline, name, output.hash.sha256]
        ).fetchOne(db) {
            try Store.markPublished(&existing, db: db)
            return existing
        }
        let latest = try Int.fetchOne(
            db, sql: "SELECT MAX(version) FROM artifacts WHERE pipeline = ? AND name = ?", arguments: [pipeline, name])
        let record = ArtifactRecord(
            id: Identifier.make(), pipeline: pipeline, name: name, version: (latest ?? 0) + 1, type: output.type,
            kind: output.hash.kind, sha256: output.hash.sha256, size: output.hash.size,
            metadata: JSONText.compact(output.metadata), producerStepRunId: producer, createdAt: Store.now(),
            publishedAt: try Store.publicationTime(pipeline: pipeline, name: name, db: db))
        try record.insert(db)
        return record
    }

    /// The most recent successful step run of the same pipeline step with this cache key whose
    /// outputs are all still stored, with those outputs; with `finishedSince`, only one that finished then
    /// or later (a step whose results expire).
    public func cacheHit(pipeline: String, step: String, cacheKey: String, finishedSince: Double? = nil) throws
        -> (StepRunRecord, [String: ArtifactRecord])?
    {
        if case .hit(let stepRun, let outputs) = try cacheLookup(
            pipeline: pipeline, step: step, cacheKey: cacheKey, finishedSince: finishedSince)
        {
            return (stepRun, outputs)
        }
        return nil
    }

    /// What a cache lookup found: a hit (as `cacheHit`), or a miss with, when a step run with the same key
    /// had succeeded, why it could not be reused.
    public enum CacheLookup: Sendable {
        case hit(StepRunRecord, [String: ArtifactRecord])
        case miss(CacheMiss?)
    }

    public func cacheLookup(pipeline: String, step: String, cacheKey: String, finishedSince: Double? = nil) throws
        -> CacheLookup
    {
        let candidates = try read { db in
            try StepRunRecord.filter(
                sql: "pipeline = ? AND step = ? AND cache_key = ? AND status = 'succeeded' AND finished_at >= ?",
                arguments: [pipeline, step, cacheKey, finishedSince ?? -Double.greatestFiniteMagnitude]
            ).order(sql: "id DESC").limit(5).fetchAll(db)
        }
        var missing: CacheMiss?
        for candidate in candidates {
            guard let id = candidate.id else { continue }
            let outputs = try self.outputs(ofStepRun: id)
            if let gone = outputs.values.sorted(by: { $0.name < $1.name }).first(where: { !blobs.contains(sha256: $0.sha256) }) {
                missing = missing ?? CacheMiss(reason: .outputsMissing, stepRun: id, missing: gone.qualifiedName)
                continue
            }
            return .hit(candidate, outputs)
        }
        if let missing { return .miss(missing) }
        guard finishedSince != nil else { return .miss(nil) }
        let expired = try read { db in
            try StepRunRecord.filter(
                sql: "pipeline = ? AND step = ? AND cache_key = ? AND status = 'succeeded'",
                arguments: [pipeline, step, cacheKey]
            ).order(sql: "id DESC").fetchOne(db)
        }
        return .miss(expired?.id.map { CacheMiss(reason: .expired, stepRun: $0) })
    }

    public func outputs(ofStepRun id: Int64) throws -> [String: ArtifactRecord] {
        try edges(table: "step_outputs", column: "output", stepRunID: id)
    }

    public func inputs(ofStepRun id: Int64) throws -> [String: ArtifactRecord] {
        try edges(table: "step_inputs", column: "input", stepRunID: id)
    }

    private func edges(table: String, column: String, stepRunID: Int64) throws -> [String: ArtifactRecord] {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql:
                    "SELECT e.\(column) AS port, a.* FROM \(table) e JOIN artifacts a ON a.id = e.artifact_id WHERE e.step_run_id = ?",
                arguments: [stepRunID])
            var result: [String: ArtifactRecord] = [:]
            for row in rows {
                result[row["port"]] = try ArtifactRecord(row: row)
            }
            return result
        }
    }
}

extension Store {
    /// Inserts several step runs in one transaction (the pending rows of a new run).
    public func insert(stepRuns: [StepRunRecord]) throws -> [StepRunRecord] {
        try write { db in
            try stepRuns.map { record in
                var record = record
                try record.insert(db)
                return record
            }
        }
    }
}
