import GRDB

/// The schema's history. Each migration is named and never edited once shipped; add a new one instead.
/// Written in SQL so that no model type ever shapes the schema.
enum StoreMigrations {
    /// The first migration: a database that has applied it is a supportplan database.
    static let first = "v1-initial"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(first) { db in
            try db.execute(sql: """
                CREATE TABLE client (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    profile TEXT NOT NULL,          -- JSON object: field → value
                    latest_plan_id TEXT
                );

                CREATE TABLE record (
                    id TEXT PRIMARY KEY NOT NULL,
                    type TEXT NOT NULL,
                    client_id TEXT NOT NULL REFERENCES client(id),
                    fields TEXT NOT NULL            -- JSON object: field → value
                );
                CREATE INDEX record_by_client ON record(client_id, id);

                -- Last number handed out per id series: `record:CC` for records, `plan` for plans.
                CREATE TABLE id_sequence (
                    name TEXT PRIMARY KEY NOT NULL,
                    last INTEGER NOT NULL
                );

                CREATE TABLE template_version (
                    template_id TEXT NOT NULL,
                    version INTEGER NOT NULL CHECK (version >= 1),
                    manifest TEXT NOT NULL,
                    rules_source TEXT,
                    libraries TEXT NOT NULL,        -- JSON object: library name → source
                    hash TEXT NOT NULL,
                    published_at TEXT NOT NULL,
                    PRIMARY KEY (template_id, version)
                );

                CREATE TABLE plan (
                    seq INTEGER PRIMARY KEY,        -- insertion order, the key of streaming batches
                    id TEXT NOT NULL UNIQUE,
                    client_id TEXT NOT NULL REFERENCES client(id),
                    template_id TEXT NOT NULL,
                    template_version INTEGER NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('draft', 'active', 'expired', 'discarded')),
                    previous_plan_id TEXT REFERENCES plan(id),
                    goal_attainment_plan_id TEXT,
                    behaviour_support_plan_id TEXT,
                    created_on TEXT NOT NULL,
                    activation_date TEXT,
                    expiry_date TEXT,
                    revision INTEGER NOT NULL,
                    FOREIGN KEY (template_id, template_version) REFERENCES template_version(template_id, version)
                );
                CREATE INDEX plan_by_client ON plan(client_id, id);
                -- A client never has two active plans.
                CREATE UNIQUE INDEX plan_one_active_per_client ON plan(client_id) WHERE status = 'active';
                -- An active plan has at most one review draft.
                CREATE UNIQUE INDEX plan_one_review_draft ON plan(previous_plan_id) WHERE status = 'draft';

                CREATE TABLE item_instance (
                    plan_id TEXT NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
                    key TEXT NOT NULL,
                    instance INTEGER NOT NULL CHECK (instance >= 1),
                    position INTEGER NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('open', 'complete', 'reviewed', 'not_required')),
                    "values" TEXT NOT NULL,         -- JSON object: field → value
                    records TEXT NOT NULL,          -- JSON array of record ids, in link order
                    url TEXT,
                    not_required_reason TEXT,
                    snapshot TEXT,                  -- JSON object, or NULL when none
                    PRIMARY KEY (plan_id, key, instance)
                ) WITHOUT ROWID;

                CREATE TABLE history (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    plan_id TEXT NOT NULL REFERENCES plan(id),
                    at TEXT NOT NULL,
                    user TEXT NOT NULL,
                    action TEXT NOT NULL,
                    target TEXT NOT NULL,
                    "before" TEXT,
                    "after" TEXT
                );
                CREATE INDEX history_by_plan ON history(plan_id, seq);
                """)
        }
        migrator.registerMigration("v2-client-history") { db in
            // Changes to a client or its records made outside any plan (imports); plan history needs a plan.
            try db.execute(sql: """
                CREATE TABLE client_history (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    client_id TEXT NOT NULL REFERENCES client(id),
                    at TEXT NOT NULL,
                    user TEXT NOT NULL,
                    action TEXT NOT NULL,
                    target TEXT NOT NULL,
                    "before" TEXT,
                    "after" TEXT
                );
                CREATE INDEX client_history_by_client ON client_history(client_id, seq);
                """)
        }
        migrator.registerMigration("v3-users") { db in
            try db.execute(sql: """
                -- People who may use the store; none at all means a single-user installation.
                CREATE TABLE app_user (
                    name TEXT PRIMARY KEY NOT NULL,
                    roles TEXT NOT NULL,            -- JSON array of role names
                    password_hash TEXT,             -- bcrypt, salt and cost inside; NULL: no sign-in
                    created_at TEXT NOT NULL
                );

                -- API tokens: only the SHA-256 of each token is kept.
                CREATE TABLE api_token (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    user_name TEXT NOT NULL REFERENCES app_user(name) ON DELETE CASCADE,
                    hash TEXT NOT NULL UNIQUE,
                    created_at TEXT NOT NULL,
                    revoked_at TEXT
                );
                CREATE INDEX api_token_by_user ON api_token(user_name, id);
                """)
        }
        migrator.registerMigration("v4-web-sessions") { db in
            try db.execute(sql: """
                -- Web sessions, shared by every server on the database: only the SHA-256 of each id is kept.
                CREATE TABLE web_session (
                    hash TEXT PRIMARY KEY NOT NULL,
                    user_name TEXT NOT NULL REFERENCES app_user(name) ON DELETE CASCADE,
                    created_at TEXT NOT NULL,       -- ISO 8601 UTC with milliseconds: compared as text
                    last_seen_at TEXT NOT NULL
                );
                CREATE INDEX web_session_by_user ON web_session(user_name);
                """)
        }
        migrator.registerMigration("v5-template-catalogs") { db in
            // A published version keeps the profile and record types it was published against, so that
            // later edits to the Rules folder never make its plans unreadable. NULL: published before this.
            try db.execute(sql: """
                ALTER TABLE template_version ADD COLUMN profile_source TEXT;
                ALTER TABLE template_version ADD COLUMN record_types_source TEXT;
                """)
        }
        return migrator
    }
}
