import GRDB

/// The store's schema. Each migration is SQL, has a string id, and is never edited once shipped:
/// a change to the schema is a new migration appended at the end.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-runs-steps-artifacts") { db in
            try db.execute(
                sql: """
                    CREATE TABLE runs (
                        id TEXT PRIMARY KEY NOT NULL,
                        pipeline TEXT NOT NULL,
                        status TEXT NOT NULL,
                        trigger TEXT NOT NULL,
                        trigger_detail TEXT,
                        spec_text TEXT NOT NULL,
                        spec_path TEXT,
                        project_dir TEXT NOT NULL,
                        parameters TEXT NOT NULL,
                        options TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        started_at REAL,
                        finished_at REAL,
                        pid INTEGER,
                        error TEXT
                    );
                    CREATE INDEX runs_pipeline ON runs(pipeline, created_at);
                    CREATE INDEX runs_created ON runs(created_at);

                    CREATE TABLE step_runs (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                        pipeline TEXT NOT NULL,
                        step TEXT NOT NULL,
                        step_type TEXT NOT NULL,
                        attempt INTEGER NOT NULL,
                        status TEXT NOT NULL,
                        cache_key TEXT,
                        cached_from INTEGER REFERENCES step_runs(id),
                        started_at REAL,
                        finished_at REAL,
                        error TEXT,
                        metadata TEXT NOT NULL DEFAULT '{}',
                        UNIQUE(run_id, step, attempt)
                    );
                    CREATE INDEX step_runs_cache ON step_runs(pipeline, step, cache_key, status);

                    CREATE TABLE artifacts (
                        id TEXT PRIMARY KEY NOT NULL,
                        pipeline TEXT NOT NULL,
                        name TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        type TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        sha256 TEXT NOT NULL,
                        size INTEGER NOT NULL,
                        metadata TEXT NOT NULL DEFAULT '{}',
                        producer_step_run_id INTEGER REFERENCES step_runs(id) ON DELETE SET NULL,
                        created_at REAL NOT NULL,
                        UNIQUE(pipeline, name, version),
                        UNIQUE(pipeline, name, sha256)
                    );
                    CREATE INDEX artifacts_sha256 ON artifacts(sha256);
                    CREATE INDEX artifacts_producer ON artifacts(producer_step_run_id);

                    CREATE TABLE step_inputs (
                        step_run_id INTEGER NOT NULL REFERENCES step_runs(id) ON DELETE CASCADE,
                        input TEXT NOT NULL,
                        artifact_id TEXT NOT NULL REFERENCES artifacts(id),
                        PRIMARY KEY(step_run_id, input)
                    );
                    CREATE INDEX step_inputs_artifact ON step_inputs(artifact_id);

                    CREATE TABLE step_outputs (
                        step_run_id INTEGER NOT NULL REFERENCES step_runs(id) ON DELETE CASCADE,
                        output TEXT NOT NULL,
                        artifact_id TEXT NOT NULL REFERENCES artifacts(id),
                        PRIMARY KEY(step_run_id, output)
                    );
                    CREATE INDEX step_outputs_artifact ON step_outputs(artifact_id);
                    """)
        }
        migrator.registerMigration("v2-firings-and-scheduler-lease") { db in
            try db.execute(
                sql: """
                    CREATE TABLE firings (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        key TEXT NOT NULL UNIQUE,
                        pipeline TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        due_at REAL,
                        artifact_id TEXT REFERENCES artifacts(id),
                        status TEXT NOT NULL,
                        reason TEXT,
                        run_id TEXT REFERENCES runs(id) ON DELETE SET NULL,
                        created_at REAL NOT NULL
                    );
                    CREATE INDEX firings_pipeline ON firings(pipeline, kind, due_at);
                    CREATE INDEX firings_status ON firings(status);

                    CREATE TABLE watches (
                        pipeline TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        registered_at REAL NOT NULL,
                        PRIMARY KEY (pipeline, kind)
                    );

                    CREATE TABLE scheduler_lease (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        owner TEXT NOT NULL,
                        pid INTEGER NOT NULL,
                        started_at REAL NOT NULL,
                        heartbeat_at REAL NOT NULL
                    );

                    CREATE INDEX artifacts_pipeline_created ON artifacts(pipeline, created_at);
                    """)
        }
        migrator.registerMigration("v3-document-warehouse") { db in
            // The data warehouse: documents that source steps (import, crawl) publish, one row per
            // document id, with the artifact it last came from.
            try db.execute(
                sql: """
                    CREATE TABLE authors (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL
                    );
                    CREATE INDEX authors_name ON authors(name);

                    CREATE TABLE documents (
                        id TEXT PRIMARY KEY NOT NULL,
                        author_id TEXT NOT NULL REFERENCES authors(id),
                        kind TEXT NOT NULL,
                        platform TEXT,
                        link TEXT,
                        title TEXT,
                        content TEXT NOT NULL,
                        content_sha256 TEXT NOT NULL,
                        crawled_at REAL NOT NULL,
                        source_artifact_id TEXT REFERENCES artifacts(id) ON DELETE SET NULL
                    );
                    CREATE INDEX documents_author ON documents(author_id);
                    CREATE INDEX documents_kind ON documents(kind);
                    """)
        }
        migrator.registerMigration("v4-file-digests") { db in
            // Digests of files outside the store that cache keys read (a model's weights, an imported
            // export), remembered by the file's identity so a cached re-run need not hash them again.
            try db.execute(
                sql: """
                    CREATE TABLE file_digests (
                        path TEXT PRIMARY KEY NOT NULL,
                        device INTEGER NOT NULL,
                        inode INTEGER NOT NULL,
                        size INTEGER NOT NULL,
                        mtime_ns INTEGER NOT NULL,
                        ctime_ns INTEGER NOT NULL,
                        sha256 TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v5-artifact-publication") { db in
            // Versions are unique per content, so content that returns (A, B, then A again) reuses its old
            // row and version: "latest" is the artifact a run published last, not the highest version.
            // Existing rows take the last time a succeeded or cached step run linked them.
            try db.execute(
                sql: """
                    ALTER TABLE artifacts ADD COLUMN published_at REAL NOT NULL DEFAULT 0;
                    UPDATE artifacts SET published_at = COALESCE(
                        (SELECT MAX(r.finished_at) FROM step_outputs o JOIN step_runs r ON r.id = o.step_run_id
                         WHERE o.artifact_id = artifacts.id AND r.status IN ('succeeded', 'cached')),
                        created_at);
                    CREATE INDEX artifacts_published ON artifacts(pipeline, name, published_at);
                    """)
        }
        migrator.registerMigration("v6-cache-key-manifests") { db in
            // What each cache key was computed from, so `runs show --explain` can say what changed between
            // two keys (a key is a digest of its manifest, so one row per digest), and why a step whose key
            // had succeeded before was not reused (`cache_miss`, JSON).
            try db.execute(
                sql: """
                    CREATE TABLE cache_keys (
                        digest TEXT PRIMARY KEY NOT NULL,
                        manifest TEXT NOT NULL,
                        created_at REAL NOT NULL
                    );
                    ALTER TABLE step_runs ADD COLUMN cache_miss TEXT;
                    """)
        }
        migrator.registerMigration("v7-model-registry") { db in
            // The model registry: every `model` artifact a step publishes is a version of a named model (one
            // version per content), and aliases (staging, production, free names) point at one version each.
            // Every alias move is appended to `model_alias_moves`, which triggers keep append-only: rollback
            // reads the history from it. Model artifacts published before the registry become versions of
            // their artifact's name, numbered by age; the base's digest was only in model.json, so it stays
            // unknown for them.
            try db.execute(
                sql: """
                    CREATE TABLE models (
                        name TEXT PRIMARY KEY NOT NULL,
                        created_at REAL NOT NULL
                    );

                    CREATE TABLE model_versions (
                        model TEXT NOT NULL REFERENCES models(name),
                        version INTEGER NOT NULL,
                        artifact_id TEXT NOT NULL REFERENCES artifacts(id),
                        sha256 TEXT NOT NULL,
                        format TEXT NOT NULL,
                        base_model TEXT,
                        base_sha256 TEXT,
                        run_id TEXT REFERENCES runs(id) ON DELETE SET NULL,
                        step_run_id INTEGER REFERENCES step_runs(id) ON DELETE SET NULL,
                        created_at REAL NOT NULL,
                        PRIMARY KEY (model, version),
                        UNIQUE (model, sha256)
                    );
                    CREATE INDEX model_versions_sha256 ON model_versions(sha256);
                    CREATE INDEX model_versions_artifact ON model_versions(artifact_id);

                    CREATE TABLE model_aliases (
                        model TEXT NOT NULL,
                        alias TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        updated_at REAL NOT NULL,
                        PRIMARY KEY (model, alias),
                        FOREIGN KEY (model, version) REFERENCES model_versions(model, version)
                    );

                    CREATE TABLE model_alias_moves (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        model TEXT NOT NULL REFERENCES models(name),
                        alias TEXT NOT NULL,
                        action TEXT NOT NULL,
                        from_version INTEGER,
                        to_version INTEGER NOT NULL,
                        reason TEXT,
                        forced INTEGER NOT NULL DEFAULT 0,
                        moved_by TEXT NOT NULL,
                        moved_at REAL NOT NULL
                    );
                    CREATE INDEX model_alias_moves_alias ON model_alias_moves(model, alias, id);
                    CREATE TRIGGER model_alias_moves_no_update BEFORE UPDATE ON model_alias_moves
                    BEGIN SELECT RAISE(ABORT, 'the alias log is append-only'); END;
                    CREATE TRIGGER model_alias_moves_no_delete BEFORE DELETE ON model_alias_moves
                    BEGIN SELECT RAISE(ABORT, 'the alias log is append-only'); END;

                    INSERT INTO models (name, created_at)
                    SELECT name, MIN(created_at) FROM artifacts WHERE type = 'model' GROUP BY name;
                    INSERT INTO model_versions
                        (model, version, artifact_id, sha256, format, base_model, base_sha256, run_id, step_run_id, created_at)
                    SELECT first.name, ROW_NUMBER() OVER (PARTITION BY first.name ORDER BY first.created_at, first.id),
                        first.id, first.sha256, COALESCE(json_extract(first.metadata, '$.format'), 'unknown'),
                        json_extract(first.metadata, '$.base_model'), NULL,
                        (SELECT run_id FROM step_runs WHERE id = first.producer_step_run_id), first.producer_step_run_id,
                        first.created_at
                    FROM artifacts first
                    WHERE first.type = 'model' AND NOT EXISTS (
                        SELECT 1 FROM artifacts earlier
                        WHERE earlier.type = 'model' AND earlier.name = first.name AND earlier.sha256 = first.sha256
                          AND (earlier.created_at < first.created_at
                               OR (earlier.created_at = first.created_at AND earlier.id < first.id)));
                    """)
        }
        return migrator
    }
}
