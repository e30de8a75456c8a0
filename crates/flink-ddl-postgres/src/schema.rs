//! The schema and its migrations. Everything lives in the PostgreSQL schema `flink_ddl`, so the
//! catalog can share a database with other programs; `flink_ddl.schema_migrations` records one
//! row per applied step, and the newest is the catalog's version.
//!
//! Several processes may start at once on a new or old catalog: the migration runs in one
//! transaction under a transaction-scoped advisory lock, so one process migrates while the others
//! wait for it and then find the work done; PostgreSQL's DDL is transactional, so a crash leaves
//! the previous version whole. A process whose binary is older than the catalog's version refuses
//! to use it. A later version adds a step to [`MIGRATIONS`] and nothing else changes.

use postgres::Transaction;

use crate::error::{describe, OpenCatalogError};

/// The advisory lock key that serialises migration and key-check creation: `flink-dd` in ASCII.
pub(crate) const MIGRATION_LOCK: i64 = 0x666c_696e_6b2d_6464;

/// One step per version: step `n` (from 0) takes the catalog from version `n` to `n + 1`, in the
/// transaction that records it.
///
/// Version 1:
/// - `connections`: the primary key (environment, name) *is* the rule that names are unique per
///   environment; the unique key (environment, cloud, region, name, connection_type) serves
///   SHOW in name order (a `LIKE 'prefix%'` is a range of it) and is what tables refer to.
/// - `catalog_tables`: a foreign key to that unique key, `ON UPDATE RESTRICT ON DELETE
///   RESTRICT`, makes "no table refers to a missing connection, or to one of another type" the
///   database's own invariant: dropping a used connection or changing its type fails in the
///   database whatever the client does.
/// - Names compare as bytes (`COLLATE "C"`), as the other catalogs order them; credentials and a
///   table's options are sealed `bytea`; times are microseconds since the epoch, as stored.
///
/// Version 2: `api_keys`, the keys of the sql/v1 server, shared by every server on the database.
pub const MIGRATIONS: &[&str] = &[
    // Version 1.
    r#"CREATE TABLE flink_ddl.meta (
        key text PRIMARY KEY,
        value bytea NOT NULL
    );
    CREATE TABLE flink_ddl.connections (
        environment text COLLATE "C" NOT NULL,
        name text COLLATE "C" NOT NULL,
        cloud text COLLATE "C" NOT NULL,
        region text COLLATE "C" NOT NULL,
        connection_type text COLLATE "C" NOT NULL,
        endpoint text NOT NULL,
        comment text,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        uid text NOT NULL,
        resource_version bigint NOT NULL,
        status_phase text NOT NULL,
        status_detail text NOT NULL,
        sealed_credentials bytea NOT NULL,
        CONSTRAINT connection_name_per_environment PRIMARY KEY (environment, name),
        CONSTRAINT connections_by_scope UNIQUE (environment, cloud, region, name, connection_type)
    );
    CREATE TABLE flink_ddl.catalog_tables (
        environment text COLLATE "C" NOT NULL,
        cloud text COLLATE "C" NOT NULL,
        region text COLLATE "C" NOT NULL,
        name text COLLATE "C" NOT NULL,
        masked_sql text NOT NULL,
        connector text,
        connection_name text COLLATE "C",
        connection_type text COLLATE "C",
        created_at bigint NOT NULL,
        sealed_options bytea NOT NULL,
        CONSTRAINT table_name_per_scope PRIMARY KEY (environment, cloud, region, name),
        CONSTRAINT table_connection_exists_with_type
            FOREIGN KEY (environment, cloud, region, connection_name, connection_type)
            REFERENCES flink_ddl.connections (environment, cloud, region, name, connection_type)
            ON UPDATE RESTRICT ON DELETE RESTRICT,
        CONSTRAINT table_connection_named_with_type CHECK ((connection_name IS NULL) = (connection_type IS NULL))
    );
    CREATE INDEX tables_by_connection ON flink_ddl.catalog_tables (environment, connection_name)
        WHERE connection_name IS NOT NULL;"#,
    // Version 2: the sql/v1 server's API keys (the secret only as a salted slow hash). The
    // environments a key reaches are an ordered array; empty means every environment.
    r#"CREATE TABLE flink_ddl.api_keys (
        key text COLLATE "C" PRIMARY KEY,
        secret_hash text NOT NULL,
        role text NOT NULL,
        environments text[] NOT NULL,
        description text NOT NULL,
        created_at bigint NOT NULL
    );"#,
    // Version 3: models, tools and agents. A row's versions are sealed (their statements may hold
    // credentials); each reference is a row of `ai_object_uses` (names and types only), which
    // the writes check under one advisory lock and DROP consults through the index.
    r#"CREATE TABLE flink_ddl.ai_objects (
        environment text COLLATE "C" NOT NULL,
        cloud text COLLATE "C" NOT NULL,
        region text COLLATE "C" NOT NULL,
        kind text COLLATE "C" NOT NULL,
        name text COLLATE "C" NOT NULL,
        default_version integer NOT NULL,
        created_at bigint NOT NULL,
        sealed_versions bytea NOT NULL,
        PRIMARY KEY (environment, cloud, region, kind, name)
    );
    CREATE TABLE flink_ddl.ai_object_uses (
        environment text COLLATE "C" NOT NULL,
        cloud text COLLATE "C" NOT NULL,
        region text COLLATE "C" NOT NULL,
        user_kind text COLLATE "C" NOT NULL,
        user_name text COLLATE "C" NOT NULL,
        used_kind text COLLATE "C" NOT NULL,
        used_name text COLLATE "C" NOT NULL,
        used_type text COLLATE "C" NOT NULL,
        PRIMARY KEY (environment, cloud, region, user_kind, user_name, used_kind, used_name, used_type)
    );
    CREATE INDEX ai_object_uses_by_used
        ON flink_ddl.ai_object_uses (environment, cloud, region, used_kind, used_name);"#,
];

/// The schema version this build writes: the number of [`MIGRATIONS`].
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// The catalog's version as seen now (0 for a database without the `flink_ddl` schema), without
/// a lock: the fast path of a process opening a catalog that is up to date.
pub(crate) fn current_version(client: &mut impl postgres::GenericClient) -> Result<i32, postgres::Error> {
    let row = client.query_one("SELECT to_regclass('flink_ddl.schema_migrations') IS NOT NULL", &[])?;
    if !row.get::<_, bool>(0) {
        return Ok(0);
    }
    let row = client.query_one("SELECT coalesce(max(version), 0) FROM flink_ddl.schema_migrations", &[])?;
    Ok(row.get(0))
}

/// Brings the schema to [`SCHEMA_VERSION`] inside `tx`, which holds [`MIGRATION_LOCK`].
pub(crate) fn migrate(tx: &mut Transaction<'_>, catalog: &str) -> Result<(), OpenCatalogError> {
    let storage = |e: postgres::Error| OpenCatalogError::Storage { catalog: catalog.to_owned(), message: describe(&e) };
    let schema_exists: bool = tx
        .query_one("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'flink_ddl')", &[])
        .map_err(storage)?
        .get(0);
    let version = current_version(tx).map_err(storage)?;
    if version > SCHEMA_VERSION {
        return Err(OpenCatalogError::NewerSchema {
            catalog: catalog.to_owned(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version == SCHEMA_VERSION {
        return Ok(());
    }
    if schema_exists && version == 0 {
        // A `flink_ddl` schema without our version table: made by someone else; leave it alone.
        let objects: i64 = tx
            .query_one(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'flink_ddl' AND c.relname <> 'schema_migrations'",
                &[],
            )
            .map_err(storage)?
            .get(0);
        if objects > 0 {
            return Err(OpenCatalogError::NotACatalog {
                catalog: catalog.to_owned(),
                reason: "its schema flink_ddl holds tables of another program (no flink_ddl.schema_migrations)"
                    .to_owned(),
            });
        }
    }
    tx.batch_execute(
        "CREATE SCHEMA IF NOT EXISTS flink_ddl;
         CREATE TABLE IF NOT EXISTS flink_ddl.schema_migrations (
             version integer PRIMARY KEY,
             applied_at timestamptz NOT NULL DEFAULT now(),
             applied_by text NOT NULL
         );",
    )
    .map_err(storage)?;
    let applied_by = format!("flink-ddl {}", env!("CARGO_PKG_VERSION"));
    for (step, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        tx.batch_execute(sql).map_err(storage)?;
        let version = step as i32 + 1;
        tx.execute(
            "INSERT INTO flink_ddl.schema_migrations (version, applied_by) VALUES ($1, $2)",
            &[&version, &applied_by],
        )
        .map_err(storage)?;
    }
    Ok(())
}
