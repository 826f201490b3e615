import Foundation
import GRDB
import Testing

@testable import ArtifactStore

/// Schema changes carry existing stores along.
@Suite("Migrations")
struct MigrationsTests {
    @Test("an existing store's artifacts take their last publication from the step runs that linked them")
    func publicationBackfill() throws {
        let database = try DatabaseQueue()
        try Migrations.migrator.migrate(database, upTo: "v4-file-digests")
        try database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO runs (id, pipeline, status, trigger, spec_text, project_dir, parameters, options, created_at)
                    VALUES ('r', 'p', 'succeeded', 'manual', '', '/', '{}', '{}', 0);
                    INSERT INTO step_runs (id, run_id, pipeline, step, step_type, attempt, status, finished_at)
                    VALUES (1, 'r', 'p', 'gen', 't', 1, 'succeeded', 10), (2, 'r', 'p', 'gen', 't', 2, 'succeeded', 20),
                           (3, 'r', 'p', 'gen', 't', 3, 'cached', 30), (4, 'r', 'p', 'gen', 't', 4, 'failed', 40);
                    INSERT INTO artifacts (id, pipeline, name, version, type, kind, sha256, size, producer_step_run_id, created_at)
                    VALUES ('a', 'p', 'gen.out', 1, 'text', 'file', 'aa', 1, 1, 10),
                           ('b', 'p', 'gen.out', 2, 'text', 'file', 'bb', 1, 2, 20),
                           ('orphan', 'p', 'gen.out', 3, 'text', 'file', 'cc', 1, NULL, 5);
                    INSERT INTO step_outputs (step_run_id, output, artifact_id)
                    VALUES (1, 'out', 'a'), (2, 'out', 'b'), (3, 'out', 'a'), (4, 'out', 'b');
                    """)
        }

        try Migrations.migrator.migrate(database)

        let published = try database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, published_at FROM artifacts ORDER BY id").map {
                [$0["id"] as String: $0["published_at"] as Double]
            }
        }
        #expect(published == [["a": 30], ["b": 20], ["orphan": 5]])
    }

    @Test("model artifacts published before the registry become versions of their names, one per content")
    func modelRegistryBackfill() throws {
        let database = try DatabaseQueue()
        try Migrations.migrator.migrate(database, upTo: "v6-cache-key-manifests")
        try database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO runs (id, pipeline, status, trigger, spec_text, project_dir, parameters, options, created_at)
                    VALUES ('r', 'p', 'succeeded', 'manual', '', '/', '{}', '{}', 0);
                    INSERT INTO step_runs (id, run_id, pipeline, step, step_type, attempt, status, finished_at)
                    VALUES (1, 'r', 'p', 'sft', 'sft', 1, 'succeeded', 10), (2, 'r', 'q', 'sft', 'sft', 2, 'succeeded', 20);
                    INSERT INTO artifacts (id, pipeline, name, version, type, kind, sha256, size, metadata, producer_step_run_id, created_at)
                    VALUES ('m1', 'p', 'sft.model', 1, 'model', 'folder', 'aa', 1,
                            '{"format":"peft-lora","base_model":"models/base.gguf"}', 1, 10),
                           ('m2', 'p', 'sft.model', 2, 'model', 'folder', 'bb', 1, '{}', 1, 20),
                           ('m3', 'q', 'sft.model', 1, 'model', 'folder', 'aa', 1, '{}', 2, 30),
                           ('t', 'p', 'notes.text', 1, 'report', 'file', 'cc', 1, '{}', 1, 5);
                    """)
        }

        try Migrations.migrator.migrate(database)

        let versions = try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM model_versions ORDER BY model, version").map {
                "\($0["model"] as String)/\($0["version"] as Int) \($0["artifact_id"] as String) \($0["format"] as String) "
                    + "\(($0["base_model"] as String?) ?? "-") \(($0["run_id"] as String?) ?? "-")"
            }
        }
        #expect(versions == ["sft.model/1 m1 peft-lora models/base.gguf r", "sft.model/2 m2 unknown - r"])
    }
}
