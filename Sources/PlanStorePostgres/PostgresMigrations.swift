import PostgresNIO

/// The schema's history on PostgreSQL. Each migration is named, applied in its own transaction together
/// with its row in `supportplan_migration`, and never edited once shipped: add a new one instead.
/// Written in SQL so that no model type ever shapes the schema. The names match the SQLite store's.
///
/// Ids are `COLLATE "C"` so that `ORDER BY id` is byte order, as in SQLite, whatever the server's locale.
enum PostgresMigrations {
    /// The first migration: a database that has applied it is a supportplan database.
    static let first = "v1-initial"

    /// Every migration, oldest first, as the statements it runs (one per query: the extended protocol runs one at a time).
    static let all: [(name: String, statements: [PostgresQuery])] = [
        (first, [
            """
            CREATE TABLE client (
                id TEXT COLLATE "C" PRIMARY KEY,
                name TEXT NOT NULL,
                profile TEXT NOT NULL,
                latest_plan_id TEXT COLLATE "C"
            )
            """,
            """
            CREATE TABLE record (
                id TEXT COLLATE "C" PRIMARY KEY,
                type TEXT NOT NULL,
                client_id TEXT COLLATE "C" NOT NULL REFERENCES client (id),
                fields TEXT NOT NULL
            )
            """,
            "CREATE INDEX record_by_client ON record (client_id, id)",
            """
            CREATE TABLE id_sequence (
                name TEXT COLLATE "C" PRIMARY KEY,
                last BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE template_version (
                template_id TEXT COLLATE "C" NOT NULL,
                version INTEGER NOT NULL CHECK (version >= 1),
                manifest TEXT NOT NULL,
                rules_source TEXT,
                libraries TEXT NOT NULL,
                hash TEXT NOT NULL,
                published_at TEXT NOT NULL,
                PRIMARY KEY (template_id, version)
            )
            """,
            """
            CREATE TABLE plan (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id TEXT COLLATE "C" NOT NULL UNIQUE,
                client_id TEXT COLLATE "C" NOT NULL REFERENCES client (id),
                template_id TEXT COLLATE "C" NOT NULL,
                template_version INTEGER NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('draft', 'active', 'expired', 'discarded')),
                previous_plan_id TEXT COLLATE "C" REFERENCES plan (id),
                goal_attainment_plan_id TEXT,
                behaviour_support_plan_id TEXT,
                created_on TEXT NOT NULL,
                activation_date TEXT,
                expiry_date TEXT,
                revision BIGINT NOT NULL,
                FOREIGN KEY (template_id, template_version) REFERENCES template_version (template_id, version)
            )
            """,
            "CREATE INDEX plan_by_client ON plan (client_id, id)",
            // A client never has two active plans, whichever process activates them.
            "CREATE UNIQUE INDEX plan_one_active_per_client ON plan (client_id) WHERE status = 'active'",
            // A plan has at most one review draft.
            "CREATE UNIQUE INDEX plan_one_review_draft ON plan (previous_plan_id) WHERE status = 'draft'",
            """
            CREATE TABLE item_instance (
                plan_id TEXT COLLATE "C" NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
                key TEXT COLLATE "C" NOT NULL,
                instance INTEGER NOT NULL CHECK (instance >= 1),
                position INTEGER NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('open', 'complete', 'reviewed', 'not_required')),
                "values" TEXT NOT NULL,
                records TEXT NOT NULL,
                url TEXT,
                not_required_reason TEXT,
                snapshot TEXT,
                PRIMARY KEY (plan_id, key, instance)
            )
            """,
            "CREATE INDEX item_instance_in_order ON item_instance (plan_id, position)",
            """
            CREATE TABLE history (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                plan_id TEXT COLLATE "C" NOT NULL REFERENCES plan (id),
                at TEXT NOT NULL,
                "user" TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                "before" TEXT,
                "after" TEXT
            )
            """,
            "CREATE INDEX history_by_plan ON history (plan_id, seq)",
        ]),
        ("v2-client-history", [
            // Changes to a client or its records made outside any plan (imports); plan history needs a plan.
            """
            CREATE TABLE client_history (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                client_id TEXT COLLATE "C" NOT NULL REFERENCES client (id),
                at TEXT NOT NULL,
                "user" TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                "before" TEXT,
                "after" TEXT
            )
            """,
            "CREATE INDEX client_history_by_client ON client_history (client_id, seq)",
        ]),
        ("v3-users", [
            // People who may use the store; none at all means a single-user installation.
            """
            CREATE TABLE app_user (
                name TEXT COLLATE "C" PRIMARY KEY,
                roles TEXT NOT NULL,
                password_hash TEXT,
                created_at TEXT NOT NULL
            )
            """,
            // API tokens: only the SHA-256 of each token is kept.
            """
            CREATE TABLE api_token (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                user_name TEXT COLLATE "C" NOT NULL REFERENCES app_user (name) ON DELETE CASCADE,
                hash TEXT NOT NULL UNIQUE,
                created_at TEXT NOT NULL,
                revoked_at TEXT
            )
            """,
            "CREATE INDEX api_token_by_user ON api_token (user_name, id)",
        ]),
        ("v4-web-sessions", [
            // Web sessions, shared by every server on the database: only the SHA-256 of each id is kept.
            """
            CREATE TABLE web_session (
                hash TEXT COLLATE "C" PRIMARY KEY,
                user_name TEXT COLLATE "C" NOT NULL REFERENCES app_user (name) ON DELETE CASCADE,
                created_at TEXT COLLATE "C" NOT NULL,
                last_seen_at TEXT COLLATE "C" NOT NULL
            )
            """,
            "CREATE INDEX web_session_by_user ON web_session (user_name)",
        ]),
        ("v5-template-catalogs", [
            // A published version keeps the profile and record types it was published against, so that
            // later edits to the Rules folder never make its plans unreadable. NULL: published before this.
            "ALTER TABLE template_version ADD COLUMN profile_source TEXT",
            "ALTER TABLE template_version ADD COLUMN record_types_source TEXT",
        ]),
    ]

    /// Tables whose presence without `supportplan_migration` means the database belongs to another program.
    static let ownTables = ["client", "record", "id_sequence", "template_version", "plan", "item_instance", "history",
                            "client_history", "app_user", "api_token", "web_session"]
}
