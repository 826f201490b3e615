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
        return migrator
    }
}
