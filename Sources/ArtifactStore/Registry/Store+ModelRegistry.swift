import Foundation
import GRDB

/// The model registry: every `model` artifact a step publishes becomes a version of a named model, in the
/// transaction that publishes it. A name's versions are numbered 1, 2, 3 in the order their contents were
/// first published; publishing content the name already has (a cached re-run, the same training twice)
/// returns its version.
extension Store {
    /// Every registered model, by name.
    public func registeredModels() throws -> [RegisteredModel] {
        try read { db in
            let versions = Dictionary(
                grouping: try ModelVersionRecord.order(sql: "model, version").fetchAll(db), by: \.model)
            let aliases = Dictionary(grouping: try ModelAliasRecord.order(sql: "model, alias").fetchAll(db), by: \.model)
            return try Row.fetchAll(db, sql: "SELECT name, created_at FROM models ORDER BY name").map { row in
                let name: String = row["name"]
                return RegisteredModel(
                    name: name, createdAt: row["created_at"], versions: versions[name] ?? [], aliases: aliases[name] ?? [])
            }
        }
    }

    /// One registered model, or nil when no model has that name.
    public func registeredModel(named name: String) throws -> RegisteredModel? {
        try read { db in try Store.registeredModel(named: name, db: db) }
    }

    /// The version a reference (`twin`, `twin/3`, `twin@production`) names.
    public func resolveModel(_ text: String) throws -> ModelVersionRecord {
        try resolveModel(try ModelReference(parsing: text))
    }

    public func resolveModel(_ reference: ModelReference) throws -> ModelVersionRecord {
        try read { db in try Store.resolve(reference, db: db) }
    }

    /// The registered versions whose content is `sha256`, under any name.
    public func modelVersions(sha256: String) throws -> [ModelVersionRecord] {
        try read { db in
            try ModelVersionRecord.filter(sql: "sha256 = ?", arguments: [sha256]).order(sql: "model, version").fetchAll(db)
        }
    }

    static func registeredModel(named name: String, db: Database) throws -> RegisteredModel? {
        guard let created = try Double.fetchOne(db, sql: "SELECT created_at FROM models WHERE name = ?", arguments: [name])
        else { return nil }
        return RegisteredModel(
            name: name, createdAt: created,
            versions: try ModelVersionRecord.filter(sql: "model = ?", arguments: [name]).order(sql: "version").fetchAll(db),
            aliases: try ModelAliasRecord.filter(sql: "model = ?", arguments: [name]).order(sql: "alias").fetchAll(db))
    }

    static func resolve(_ reference: ModelReference, db: Database) throws -> ModelVersionRecord {
        let text = reference.description
        guard let model = try registeredModel(named: reference.model, db: db) else {
            throw StoreError.notFound(
                kind: "registered model", reference: text, hint: "`orchestrate models list` shows the registered models")
        }
        switch reference.selector {
        case .latest:
            guard let latest = model.latest else {
                throw StoreError.notFound(kind: "version", reference: text, hint: "\(model.name) has no versions")
            }
            return latest
        case .version(let number):
            guard let version = model.versions.first(where: { $0.version == number }) else {
                throw StoreError.notFound(
                    kind: "version", reference: text,
                    hint: "\(model.name) has versions 1 to \(model.latest?.version ?? 0)")
            }
            return version
        case .alias(let alias):
            guard let held = model.aliases.first(where: { $0.alias == alias }),
                let version = model.versions.first(where: { $0.version == held.version })
            else {
                let aliases = model.aliases.map(\.alias)
                throw StoreError.notFound(
                    kind: "alias", reference: text,
                    hint: aliases.isEmpty
                        ? "\(model.name) has no aliases yet: `orchestrate models promote \(model.name) VERSION --alias \(alias)`"
                        : "\(model.name) has \(aliases.joined(separator: ", "))")
            }
            return version
        }
    }

    /// Registers a `model` artifact under `name` (else the artifact's own name), inside the transaction that
    /// publishes it; `content` is its stored blob, whose `model.json` names the base model.
    @discardableResult
    static func register(_ artifact: ArtifactRecord, as name: String?, content: URL, db: Database) throws
        -> ModelVersionRecord
    {
        let model = name ?? artifact.name
        if let existing = try ModelVersionRecord.filter(
            sql: "model = ? AND sha256 = ?", arguments: [model, artifact.sha256]
        ).fetchOne(db) {
            return existing
        }
        let now = Store.now()
        try db.execute(sql: "INSERT OR IGNORE INTO models (name, created_at) VALUES (?, ?)", arguments: [model, now])
        let latest = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM model_versions WHERE model = ?", arguments: [model])
        let description = ModelContent(metadata: artifact.metadataValue, content: content)
        let producer = try artifact.producerStepRunId.flatMap { try StepRunRecord.fetchOne(db, key: $0) }
        let record = ModelVersionRecord(
            model: model, version: (latest ?? 0) + 1, artifactId: artifact.id, sha256: artifact.sha256,
            format: description.format, baseModel: description.baseModel, baseSha256: description.baseSHA256,
            runId: producer?.runId, stepRunId: producer?.id, createdAt: now)
        try record.insert(db)
        return record
    }
}
