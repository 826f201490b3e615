import Foundation
import GRDB

/// Aliases, as MLflow's registry has them: a name (`staging`, `production`, or any other) that points at
/// one version of a model at a time. Every move is one immediate transaction that checks, moves and
/// appends to the log, so concurrent promotions from several processes are serialized and the log's
/// `from` of each move is the `to` of the one before.
extension Store {
    /// What a promotion did.
    public enum AliasChange: Sendable, Equatable {
        case moved(ModelAliasMove)
        /// The alias already pointed at that version; nothing was logged.
        case unchanged(version: Int)
    }

    /// Points `alias` of `model` at `version`. `production` requires the version's latest evaluation to
    /// have passed its gate, unless `force` with a `reason`; a forced move past a gate is logged as forced.
    @discardableResult
    public func promote(
        model: String, version: Int, alias: String, reason: String?, force: Bool = false, by user: String
    ) throws -> AliasChange {
        if let problem = ModelName.problem(alias: alias) { throw RegistryError.invalidName(problem) }
        let reason = reason.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        if force, reason == nil { throw RegistryError.forceWithoutReason(alias) }
        return try write { db in
            let target = try Store.resolve(ModelReference(model: model, selector: .version(version)), db: db)
            let current = try ModelAliasRecord.fetchOne(db, key: ["model": model, "alias": alias])
            if current?.version == version { return .unchanged(version: version) }
            var forced = false
            if alias == ModelName.production, let refusal = try Store.gateRefusal(target, db: db) {
                guard force else { throw refusal }
                forced = true
            }
            let move = try Store.move(
                model: model, alias: alias, action: .promote, from: current?.version, to: version, reason: reason,
                forced: forced, by: user, db: db)
            return .moved(move)
        }
    }

    /// Moves `alias` back to the version it pointed at before its current one, as the log tells: each
    /// promotion pushes a version and each rollback pops one, so repeated rollbacks walk back through the
    /// history rather than swinging between the last two.
    @discardableResult
    public func rollback(model: String, alias: String, reason: String?, by user: String) throws -> ModelAliasMove {
        if let problem = ModelName.problem(alias: alias) { throw RegistryError.invalidName(problem) }
        return try write { db in
            guard try Store.registeredModel(named: model, db: db) != nil else {
                throw StoreError.notFound(
                    kind: "registered model", reference: model, hint: "`orchestrate models list` shows the registered models")
            }
            var held: [Int] = []
            for move in try Store.aliasLog(model: model, alias: alias, db: db) {
                switch move.action {
                case .promote: held.append(move.toVersion)
                case .rollback: _ = held.popLast()
                }
            }
            let current = try ModelAliasRecord.fetchOne(db, key: ["model": model, "alias": alias])
            guard held.count >= 2, let version = current?.version else {
                throw RegistryError.nothingToRollBack(model: model, alias: alias, current: current?.version)
            }
            return try Store.move(
                model: model, alias: alias, action: .rollback, from: version, to: held[held.count - 2],
                reason: reason.flatMap { $0.isEmpty ? nil : $0 }, forced: false, by: user, db: db)
        }
    }

    /// The alias log of a model, oldest first; with `alias`, of that alias only.
    public func aliasLog(model: String, alias: String? = nil) throws -> [ModelAliasMove] {
        try read { db in try Store.aliasLog(model: model, alias: alias, db: db) }
    }

    /// Why `version` may not become production, or nil when its latest evaluation passed its gate.
    public func gateRefusal(_ version: ModelVersionRecord) throws -> RegistryError? {
        try read { db in try Store.gateRefusal(version, db: db) }
    }

    static func gateRefusal(_ version: ModelVersionRecord, db: Database) throws -> RegistryError? {
        guard let latest = try evaluations(sha256: version.sha256, db: db).first else {
            return .gate(version, "it has no evaluation (an evaluation artifact made from it)")
        }
        guard let gate = latest.gate else {
            return .gate(version, "its latest evaluation, \(latest.artifact.qualifiedName), has no gate")
        }
        guard gate.passed else {
            return .gate(
                version, "its latest evaluation, \(latest.artifact.qualifiedName), failed its gate `\(gate.expression)`")
        }
        return nil
    }

    private static func aliasLog(model: String, alias: String?, db: Database) throws -> [ModelAliasMove] {
        var request = ModelAliasMove.filter(sql: "model = ?", arguments: [model])
        if let alias { request = request.filter(sql: "alias = ?", arguments: [alias]) }
        return try request.order(sql: "id").fetchAll(db)
    }

    private static func move(
        model: String, alias: String, action: ModelAliasMove.Action, from: Int?, to: Int, reason: String?, forced: Bool,
        by user: String, db: Database
    ) throws -> ModelAliasMove {
        let now = Store.now()
        try ModelAliasRecord(model: model, alias: alias, version: to, updatedAt: now).save(db)
        var move = ModelAliasMove(
            model: model, alias: alias, action: action, fromVersion: from, toVersion: to, reason: reason, forced: forced,
            movedBy: user, movedAt: now)
        try move.insert(db)
        return move
    }
}
