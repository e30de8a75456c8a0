//! The schema of a catalog file and its migrations. `PRAGMA user_version` is the schema version;
//! [`MIGRATIONS`] holds one step per version, applied in one transaction on open.
//! `PRAGMA application_id` marks the file as a flink-ddl catalog, so another program's database is
//! refused, not altered.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{open_storage_error, OpenCatalogError};

/// The schema, one step per version: step `n` takes a file from version `n` to `n + 1`. A step
/// runs in the same transaction as the `user_version` bump, so a crash leaves either version.
pub const MIGRATIONS: &[&str] = &[
    // Version 1. Plain rowid tables (not WITHOUT ROWID): an endpoint may be 16 KiB, and big rows
    // belong out of the index b-tree. The scope index serves SHOW in name order, a LIKE prefix
    // as a range of it.
    "CREATE TABLE catalog_meta (
        key TEXT PRIMARY KEY NOT NULL,
        value BLOB NOT NULL
    );
    CREATE TABLE connections (
        id INTEGER PRIMARY KEY,
        environment TEXT NOT NULL,
        name TEXT NOT NULL,
        cloud TEXT NOT NULL,
        region TEXT NOT NULL,
        connection_type TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        comment TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        uid TEXT NOT NULL,
        resource_version INTEGER NOT NULL,
        status_phase TEXT NOT NULL,
        status_detail TEXT NOT NULL,
        sealed_credentials BLOB NOT NULL,
        UNIQUE (environment, name)
    );
    CREATE UNIQUE INDEX connections_by_scope ON connections (environment, cloud, region, name);
    CREATE TABLE catalog_tables (
        id INTEGER PRIMARY KEY,
        environment TEXT NOT NULL,
        cloud TEXT NOT NULL,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        masked_sql TEXT NOT NULL,
        connector TEXT,
        connection_name TEXT,
        connection_type TEXT,
        created_at INTEGER NOT NULL,
        sealed_options BLOB NOT NULL,
        UNIQUE (environment, cloud, region, name)
    );
    CREATE INDEX tables_by_connection ON catalog_tables (environment, connection_name)
        WHERE connection_name IS NOT NULL;",
    // Version 2: the sql/v1 server's API keys. The secret is stored only as its argon2id hash (a
    // PHC string); a key's environments are rows of their own, in the order given.
    "CREATE TABLE api_keys (
        key TEXT PRIMARY KEY NOT NULL,
        secret_hash TEXT NOT NULL,
        role TEXT NOT NULL,
        description TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );
    CREATE TABLE api_key_environments (
        key TEXT NOT NULL,
        position INTEGER NOT NULL,
        environment TEXT NOT NULL,
        PRIMARY KEY (key, position)
    ) WITHOUT ROWID;",
    // Version 3: models, tools and agents. A row's versions (their CREATE statements, which may
    // hold credentials) are sealed like a table's options; what each refers to is a row of
    // `ai_object_uses` (names and types only), which the writes check in their transaction and
    // DROP consults through the index by the object used.
    "CREATE TABLE ai_objects (
        id INTEGER PRIMARY KEY,
        environment TEXT NOT NULL,
        cloud TEXT NOT NULL,
        region TEXT NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        default_version INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        sealed_versions BLOB NOT NULL,
        UNIQUE (environment, cloud, region, kind, name)
    );
    CREATE TABLE ai_object_uses (
        environment TEXT NOT NULL,
        cloud TEXT NOT NULL,
        region TEXT NOT NULL,
        user_kind TEXT NOT NULL,
        user_name TEXT NOT NULL,
        used_kind TEXT NOT NULL,
        used_name TEXT NOT NULL,
        used_type TEXT NOT NULL,
        PRIMARY KEY (environment, cloud, region, user_kind, user_name, used_kind, used_name, used_type)
    ) WITHOUT ROWID;
    CREATE INDEX ai_object_uses_by_used ON ai_object_uses (environment, cloud, region, used_kind, used_name);",
    // Version 4: a table's statement may be kept with the print of a long option list cut out
    // (the sealed options hold it already); `options_at` says where it goes back (NULL: the text
    // is whole, as every row of version 3 is).
    "ALTER TABLE catalog_tables ADD COLUMN options_at INTEGER;",
];

/// The schema version this build writes: the number of [`MIGRATIONS`].
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// `PRAGMA application_id` of a flink-ddl catalog: `FDDL` in ASCII.
pub(crate) const APPLICATION_ID: i32 = 0x4644_444C;

/// Refuses a database that belongs to another program, before anything (the switch to WAL) is
/// written to it: one with another application id, or with tables of its own and no flink-ddl
/// schema version. The three facts are read in one read transaction, a single snapshot: read one
/// by one, a catalog that another process is creating at this moment could show its tables but
/// not yet its version, and look foreign. ([`migrate`] checks again under the write lock.)
pub(crate) fn check_application_id(conn: &Connection, path: &Path) -> Result<(), OpenCatalogError> {
    let storage = |e| open_storage_error(path, e);
    let snapshot = conn.unchecked_transaction().map_err(storage)?;
    let id: i32 = snapshot.pragma_query_value(None, "application_id", |row| row.get(0)).map_err(storage)?;
    let version: u32 = snapshot.pragma_query_value(None, "user_version", |row| row.get(0)).map_err(storage)?;
    let tables: i64 = snapshot
        .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |row| row.get(0))
        .map_err(storage)?;
    snapshot.commit().map_err(storage)?;
    if id != 0 && id != APPLICATION_ID {
        return Err(OpenCatalogError::NotACatalog {
            catalog: path.to_path_buf(),
            reason: format!("another program's database (application id {id:#x})"),
        });
    }
    if id == 0 && version == 0 && tables > 0 {
        return Err(OpenCatalogError::NotACatalog {
            catalog: path.to_path_buf(),
            reason: "a database with tables of its own and no flink-ddl schema".to_owned(),
        });
    }
    Ok(())
}

/// Brings the schema to [`SCHEMA_VERSION`], each step in the transaction that records it.
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<(), OpenCatalogError> {
    let storage = |e| open_storage_error(path, e);
    let version: u32 = conn.pragma_query_value(None, "user_version", |row| row.get(0)).map_err(storage)?;
    if version == SCHEMA_VERSION {
        return Ok(());
    }
    if version > SCHEMA_VERSION {
        return Err(OpenCatalogError::NewerSchema {
            catalog: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(storage)?;
    // Read again under the write lock: another process may have migrated meanwhile.
    let version: u32 = tx.pragma_query_value(None, "user_version", |row| row.get(0)).map_err(storage)?;
    if version > SCHEMA_VERSION {
        return Err(OpenCatalogError::NewerSchema {
            catalog: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version == 0 {
        let tables: i64 = tx
            .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |row| row.get(0))
            .map_err(storage)?;
        if tables > 0 {
            return Err(OpenCatalogError::NotACatalog {
                catalog: path.to_path_buf(),
                reason: "a database with tables of its own and no flink-ddl schema".to_owned(),
            });
        }
    }
    for step in &MIGRATIONS[version as usize..] {
        tx.execute_batch(step).map_err(storage)?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID).map_err(storage)?;
    tx.pragma_update(None, "user_version", SCHEMA_VERSION).map_err(storage)?;
    tx.commit().map_err(storage)
}
