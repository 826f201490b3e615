import ArtifactStore
import Foundation
import GRDB
import Testing

/// Aliases point at one version each; production is guarded by the evaluation gate; every move is logged,
/// and rollback walks the log back.
@Suite("model aliases")
struct ModelAliasTests {
    /// A store with versions 1...count of `twin`, each evaluated with a passed gate unless listed in `failing`.
    func twin(_ count: Int, failing: Set<Int> = [], unevaluated: Set<Int> = []) throws -> StoreFixture {
        let fixture = try StoreFixture()
        for version in 1...count {
            let artifact = try fixture.publishModel(weights: "weights \(version)", registerAs: "twin")
            if !unevaluated.contains(version) { try fixture.evaluate(artifact, passed: !failing.contains(version)) }
        }
        return fixture
    }

    @Test("promote points an alias at a version; each alias is held by one version at a time")
    func promoteAndUniqueness() throws {
        let fixture = try twin(3)
        defer { fixture.remove() }
        let store = fixture.store
        let first = try store.promote(model: "twin", version: 1, alias: "staging", reason: "first", by: "ada")
        guard case .moved(let move) = first else { throw Unexpected(first) }
        #expect(move.fromVersion == nil && move.toVersion == 1 && move.action == .promote && move.movedBy == "ada")
        try store.promote(model: "twin", version: 2, alias: "staging", reason: nil, by: "ada")
        try store.promote(model: "twin", version: 2, alias: "production", reason: nil, by: "ada")
        try store.promote(model: "twin", version: 3, alias: "candidate", reason: nil, by: "ada")
        let model = try #require(try store.registeredModel(named: "twin"))
        #expect(model.aliases.map { "\($0.alias)=\($0.version)" } == ["candidate=3", "production=2", "staging=2"])
        #expect(model.aliases(of: 2) == ["production", "staging"])
        #expect(try store.resolveModel("twin@staging").version == 2)
        #expect(try store.resolveModel("twin@candidate").version == 3)
        let log = try store.aliasLog(model: "twin", alias: "staging")
        #expect(log.map { [$0.fromVersion ?? 0, $0.toVersion] } == [[0, 1], [1, 2]])
        #expect(log.map(\.reason) == ["first", nil])
    }

    @Test("promoting to the version an alias already points at moves and logs nothing")
    func unchanged() throws {
        let fixture = try twin(1)
        defer { fixture.remove() }
        try fixture.store.promote(model: "twin", version: 1, alias: "staging", reason: nil, by: "ada")
        let again = try fixture.store.promote(model: "twin", version: 1, alias: "staging", reason: nil, by: "ada")
        #expect(again == .unchanged(version: 1))
        #expect(try fixture.store.aliasLog(model: "twin").count == 1)
    }

    @Test("production needs the latest evaluation's gate to have passed; --force with a reason overrides, logged")
    func gate() throws {
        let fixture = try twin(3, failing: [2], unevaluated: [3])
        defer { fixture.remove() }
        let store = fixture.store
        try store.promote(model: "twin", version: 1, alias: "production", reason: nil, by: "ada")
        let failed = #expect(throws: RegistryError.self) {
            try store.promote(model: "twin", version: 2, alias: "production", reason: nil, by: "ada")
        }
        #expect(failed?.isGateRefusal == true)
        #expect(
            failed?.description
                == "twin/2 cannot become production: its latest evaluation, evaluation/evaluate.report@2, failed its gate "
                + "`evaluate.report.perplexity < 8`")
        let none = #expect(throws: RegistryError.self) {
            try store.promote(model: "twin", version: 3, alias: "production", reason: nil, by: "ada")
        }
        #expect(
            none?.description == "twin/3 cannot become production: it has no evaluation (an evaluation artifact made from it)")
        // Staging has no gate.
        try store.promote(model: "twin", version: 2, alias: "staging", reason: nil, by: "ada")

        let noReason = #expect(throws: RegistryError.self) {
            try store.promote(model: "twin", version: 2, alias: "production", reason: "  ", force: true, by: "ada")
        }
        #expect(noReason?.description == "a forced move of 'production' needs a reason")
        let forced = try store.promote(
            model: "twin", version: 2, alias: "production", reason: "judge says fine", force: true, by: "ada")
        guard case .moved(let move) = forced else { throw Unexpected(forced) }
        #expect(move.forced && move.reason == "judge says fine" && move.fromVersion == 1)
        #expect(try store.resolveModel("twin@production").version == 2)
    }

    @Test("the latest evaluation decides: a later passing evaluation opens the gate, a later failing one closes it")
    func latestEvaluationDecides() throws {
        let fixture = try twin(1, unevaluated: [1])
        defer { fixture.remove() }
        let artifact = try fixture.store.artifact(id: try fixture.store.resolveModel("twin/1").artifactId)!
        try fixture.evaluate(artifact, passed: false)
        #expect(try fixture.store.gateRefusal(try fixture.store.resolveModel("twin/1")) != nil)
        try fixture.evaluate(artifact, passed: true)
        #expect(try fixture.store.gateRefusal(try fixture.store.resolveModel("twin/1")) == nil)
        try fixture.evaluate(artifact, passed: nil)
        let refusal = try fixture.store.gateRefusal(try fixture.store.resolveModel("twin/1"))
        #expect(refusal?.description.hasSuffix("has no gate") == true)
        #expect(try fixture.store.evaluations(of: try fixture.store.resolveModel("twin/1")).count == 3)
    }

    @Test("rollback moves back through the history, one promotion per rollback, and each move is logged")
    func rollback() throws {
        let fixture = try twin(4)
        defer { fixture.remove() }
        let store = fixture.store
        for version in [1, 2, 3] {
            try store.promote(model: "twin", version: version, alias: "production", reason: nil, by: "ada")
        }
        #expect(try store.rollback(model: "twin", alias: "production", reason: "regression", by: "bo").toVersion == 2)
        #expect(try store.rollback(model: "twin", alias: "production", reason: nil, by: "bo").toVersion == 1)
        let exhausted = #expect(throws: RegistryError.self) {
            try store.rollback(model: "twin", alias: "production", reason: nil, by: "bo")
        }
        #expect(
            exhausted?.description == "twin@production has no earlier version to roll back to: it has pointed at version 1 only")
        try store.promote(model: "twin", version: 4, alias: "production", reason: nil, by: "ada")
        #expect(try store.rollback(model: "twin", alias: "production", reason: nil, by: "bo").toVersion == 1)
        let log = try store.aliasLog(model: "twin", alias: "production")
        #expect(
            log.map { "\($0.action.rawValue) \($0.fromVersion.map(String.init) ?? "-")→\($0.toVersion)" } == [
                "promote -→1", "promote 1→2", "promote 2→3", "rollback 3→2", "rollback 2→1", "promote 1→4", "rollback 4→1",
            ])
        #expect(log[3].reason == "regression" && log[3].movedBy == "bo")
    }

    @Test("an alias never set has nothing to roll back to")
    func rollbackUnset() throws {
        let fixture = try twin(1)
        defer { fixture.remove() }
        let error = #expect(throws: RegistryError.self) {
            try fixture.store.rollback(model: "twin", alias: "production", reason: nil, by: "bo")
        }
        #expect(error?.description == "twin@production has no earlier version to roll back to: it was never set")
    }

    @Test("the alias log is append-only: the database refuses to change or delete a move")
    func appendOnly() throws {
        let fixture = try twin(1)
        defer { fixture.remove() }
        try fixture.store.promote(model: "twin", version: 1, alias: "staging", reason: nil, by: "ada")
        #expect(throws: DatabaseError.self) {
            try fixture.store.database.write { db in try db.execute(sql: "UPDATE model_alias_moves SET to_version = 9") }
        }
        #expect(throws: DatabaseError.self) {
            try fixture.store.database.write { db in try db.execute(sql: "DELETE FROM model_alias_moves") }
        }
        #expect(try fixture.store.aliasLog(model: "twin").count == 1)
    }

    @Test("bad names, unknown models and versions are refused with what is wrong")
    func refusals() throws {
        let fixture = try twin(1)
        defer { fixture.remove() }
        let store = fixture.store
        #expect(throws: RegistryError.self) {
            try store.promote(model: "twin", version: 1, alias: "latest", reason: nil, by: "ada")
        }
        #expect(throws: RegistryError.self) {
            try store.promote(model: "twin", version: 1, alias: "two words", reason: nil, by: "ada")
        }
        let version = #expect(throws: StoreError.self) {
            try store.promote(model: "twin", version: 7, alias: "staging", reason: nil, by: "ada")
        }
        #expect(version?.description == "no version matches 'twin/7' (twin has versions 1 to 1)")
        let model = #expect(throws: StoreError.self) {
            try store.promote(model: "nope", version: 1, alias: "staging", reason: nil, by: "ada")
        }
        #expect(
            model?.description
                == "no registered model matches 'nope/1' (`orchestrate models list` shows the registered models)")
    }

    @Test("concurrent promotions from two Store instances on one file are serialized: the log is one chain")
    func concurrentPromotions() async throws {
        let fixture = try twin(6)
        defer { fixture.remove() }
        let other = try Store(root: fixture.store.root)
        let stores = [fixture.store, other]
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    for round in 0..<15 {
                        let version = (worker * 15 + round) % 6 + 1
                        _ = try? stores[worker % 2].promote(
                            model: "twin", version: version, alias: "production", reason: "w\(worker)", by: "w\(worker)")
                    }
                }
            }
        }
        let log = try other.aliasLog(model: "twin", alias: "production")
        #expect(log.count > 6)
        for (earlier, later) in zip(log, log.dropFirst()) {
            #expect(later.fromVersion == earlier.toVersion, "move \(later.id!) starts where move \(earlier.id!) ended")
            #expect(later.fromVersion != later.toVersion)
        }
        #expect(try fixture.store.resolveModel("twin@production").version == log.last?.toVersion)
        #expect(try other.registeredModel(named: "twin")?.aliases.filter { $0.alias == "production" }.count == 1)
    }
}

/// A result a test did not expect, as an error that says what it was.
struct Unexpected: Error, CustomStringConvertible {
    let description: String
    init(_ value: Any) { description = "unexpected \(value)" }
}
