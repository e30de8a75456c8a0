//! `SqliteCatalog`: the [`Catalog`] in one SQLite file, the shell's default. It exists so that
//! connections outlive the process, survive a crash at any point, can be shared by several
//! processes at once, and never lie on disk with a credential in plain text.
//!
//! What it owns, and why each choice:
//! - **One file, WAL mode, `synchronous = NORMAL`.** Every changing call is one transaction.
//!   In WAL mode a commit is complete once its frames are written to the `-wal` file; with
//!   `NORMAL` that write is not followed by an `fsync`, so the operating system holds it in its
//!   page cache. A killed *process* (SIGKILL, a panic, an abort) cannot lose what the OS already
//!   holds, so every statement reported done survives it; only a power cut or kernel crash can
//!   roll back the last few commits, and even then the file stays consistent. `FULL` would add an
//!   `fsync` per statement (milliseconds each) for protection against power loss only.
//! - **Concurrency.** Several processes may use one file: WAL lets readers run beside the one
//!   writer, a busy timeout makes a writer wait for the lock instead of failing, and every
//!   read-check-write runs under `BEGIN IMMEDIATE`, which takes the write lock before the read,
//!   so a check cannot go stale before its write (and no deadlock-prone lock upgrade happens).
//! - **Schema versions.** `PRAGMA user_version` is the schema version; [`MIGRATIONS`] holds one
//!   step per version, applied in one transaction on open. `PRAGMA application_id` marks the
//!   file as a flink-ddl catalog, so another program's database is refused, not altered.
//! - **Secrets sealed at rest.** Credentials (and a table's options) are sealed with
//!   XChaCha20-Poly1305 under a 256-bit key kept in a key file beside the catalog
//!   (`<catalog>.key`, mode 0600), each value with a fresh random 24-byte nonce and the row's
//!   identity (kind, environment, cloud, region, name) as associated data, so a sealed value
//!   moved to another row does not open. A sealed known text (the *key check*) tells a wrong key
//!   from a right one at open time. Names, types, endpoints and dates stay in clear: they are what
//!   SHOW and DESCRIBE print, and SHOW never needs the key.
//! - **The key is never replaced.** A key file is created only for a catalog that holds no key
//!   check yet (a new one). When the catalog has one, a missing key file or another key is an
//!   error naming the key file, and nothing is written.

use std::fmt;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction, TransactionBehavior};
use zeroize::{Zeroize, Zeroizing};

use super::{
    Catalog, CatalogError, ConnectionInfo, ConnectionRecord, ConnectionStatus, Credentials, NameFilter, Scope,
    TableConnection, TableRecord,
};
use crate::clock::Timestamp;
use crate::connection_type::ConnectionType;
use crate::options::{OptionList, SqlOption};
use crate::redaction::Secret;

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
];

/// The schema version this build writes: the number of [`MIGRATIONS`].
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// `PRAGMA application_id` of a flink-ddl catalog: `FDDL` in ASCII.
const APPLICATION_ID: i32 = 0x4644_444C;

/// How long a statement waits for another process's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The text sealed as the key check (its content does not matter, only that it opens).
const KEY_CHECK_TEXT: &[u8] = b"flink-ddl catalog key check";

/// Format version of a sealed value, its first byte (and part of its associated data).
const SEAL_VERSION: u8 = 1;

const NONCE_LEN: usize = 24;
const KEY_LEN: usize = 32;

/// Why a catalog file could not be opened. Each message names the file concerned; none holds a
/// key or a credential.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OpenCatalogError {
    /// The catalog was opened with a key before (it records a key check, and may hold sealed
    /// credentials), and the key file is not there.
    #[error(
        "key file {} does not exist, but catalog {} is bound to the key it held (its credentials are \
         sealed with it); restore that key file (no new key is made for an existing catalog; nothing was changed)",
        .key_file.display(), .catalog.display()
    )]
    KeyFileMissing {
        /// The key file looked for.
        key_file: PathBuf,
        /// The catalog.
        catalog: PathBuf,
    },
    /// The key file holds a key that does not open the catalog.
    #[error(
        "the key in key file {} does not open catalog {} (its credentials were sealed with another key; nothing was changed)",
        .key_file.display(), .catalog.display()
    )]
    WrongKey {
        /// The key file read.
        key_file: PathBuf,
        /// The catalog.
        catalog: PathBuf,
    },
    /// The key file is not in the expected format.
    #[error("key file {} is not a flink-ddl key file: {reason}", .key_file.display())]
    BadKeyFile {
        /// The key file.
        key_file: PathBuf,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Reading or creating the key file failed.
    #[error("key file {}: {message}", .key_file.display())]
    KeyFile {
        /// The key file.
        key_file: PathBuf,
        /// The I/O error.
        message: String,
    },
    /// The file is not a flink-ddl catalog (another program's database, or not a database).
    #[error("{} is not a flink-ddl catalog: {reason}", .catalog.display())]
    NotACatalog {
        /// The file.
        catalog: PathBuf,
        /// Why not.
        reason: String,
    },
    /// The file was written by a newer flink-ddl.
    #[error(
        "catalog {} has schema version {found}, newer than the {supported} this flink-ddl knows; use a newer flink-ddl",
        .catalog.display()
    )]
    NewerSchema {
        /// The file.
        catalog: PathBuf,
        /// Its version.
        found: u32,
        /// The newest version known here.
        supported: u32,
    },
    /// SQLite failed (I/O, locking, corruption).
    #[error("catalog {}: {message}", .catalog.display())]
    Storage {
        /// The file.
        catalog: PathBuf,
        /// What failed.
        message: String,
    },
}

/// A [`Catalog`] in one SQLite file, credentials sealed with a key from a key file.
///
/// ```
/// use std::sync::Arc;
/// use flink_ddl::{parse_statement, Catalog, Session, SessionContext, SqliteCatalog};
/// let dir = std::env::temp_dir().join(format!("flink-ddl-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let path = dir.join("catalog.db");
/// {
///     let catalog = Arc::new(SqliteCatalog::open(&path)?); // creates catalog.db and catalog.db.key
///     let session = Session::new(catalog, SessionContext::default());
///     session.execute(&parse_statement("CREATE CONNECTION c WITH ('type' = 'openai',
///         'endpoint' = 'https://api.openai.com/v1', 'api-key' = 'sk-doc-1')")?)?;
/// }
/// let reopened = SqliteCatalog::open(&path)?;
/// let record = reopened.get_connection("default", "c")?.unwrap();
/// assert_eq!(record.credentials.get("api-key").unwrap().expose_secret(), "sk-doc-1");
/// assert!(!std::fs::read(&path)?.windows(8).any(|w| w == b"sk-doc-1"));
/// # drop(reopened);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct SqliteCatalog {
    connection: Mutex<Connection>,
    sealer: Sealer,
    path: PathBuf,
    key_file: PathBuf,
}

impl fmt::Debug for SqliteCatalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqliteCatalog").field("path", &self.path).field("key_file", &self.key_file).finish()
    }
}

impl SqliteCatalog {
    /// Opens (creating when needed) the catalog at `path`, with its key in
    /// [`SqliteCatalog::default_key_file`]`(path)`.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, OpenCatalogError> {
        let path = path.as_ref();
        Self::open_with_key_file(path, Self::default_key_file(path))
    }

    /// Opens (creating when needed) the catalog at `path`, with its key in `key_file`. The key
    /// file is created (mode 0600) only when the catalog holds no sealed data yet.
    pub fn open_with_key_file(path: impl AsRef<Path>, key_file: impl AsRef<Path>) -> Result<Self, OpenCatalogError> {
        let path = path.as_ref().to_path_buf();
        let key_file = key_file.as_ref().to_path_buf();
        let storage = |e: rusqlite::Error| open_storage_error(&path, e);
        // A new catalog starts as an empty file readable by its owner only; SQLite gives its
        // `-wal` and `-shm` files the same permissions. (An empty file is an empty database.)
        // It fails when the file exists (fine), and otherwise SQLite reports the problem below.
        let _ = write_private_file(&path, b"");
        let mut connection = Connection::open(&path).map_err(storage)?;
        connection.busy_timeout(BUSY_TIMEOUT).map_err(storage)?;
        check_application_id(&connection, &path)?;
        // Switching to WAL takes a lock; a process opening the same new file at the same
        // moment can make it report busy even with the timeout, so it is retried.
        let mode = retry_busy(|| connection.pragma_update_and_check(None, "journal_mode", "wal", |row| row.get(0)))
            .map_err(storage)?;
        let mode: String = mode;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(OpenCatalogError::Storage {
                catalog: path,
                message: format!("could not switch to WAL mode (journal mode is {mode})"),
            });
        }
        connection.pragma_update(None, "synchronous", "NORMAL").map_err(storage)?;
        migrate(&mut connection, &path)?;
        let sealer = unlock(&mut connection, &path, &key_file)?;
        Ok(SqliteCatalog { connection: Mutex::new(connection), sealer, path, key_file })
    }

    /// `<catalog>.key`: the key file's default place, beside the catalog.
    ///
    /// ```
    /// use flink_ddl::SqliteCatalog;
    /// assert_eq!(SqliteCatalog::default_key_file("/data/catalog.db"), std::path::Path::new("/data/catalog.db.key"));
    /// ```
    pub fn default_key_file(path: impl AsRef<Path>) -> PathBuf {
        let mut name = path.as_ref().as_os_str().to_owned();
        name.push(".key");
        PathBuf::from(name)
    }

    /// The catalog file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The key file in use.
    pub fn key_file(&self) -> &Path {
        &self.key_file
    }

    /// Number of connections, all scopes together.
    pub fn connection_count(&self) -> Result<u64, CatalogError> {
        let conn = self.lock();
        let count: i64 =
            conn.query_row("SELECT count(*) FROM connections", [], |row| row.get(0)).map_err(|e| self.storage(e))?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// Stores many new connections in one transaction, all or none: a bulk path for imports and
    /// for building large catalogs (the benches). Each is checked as
    /// [`Catalog::insert_connection`] checks one; the first refusal rolls everything back.
    pub fn import_connections(
        &self,
        records: impl IntoIterator<Item = ConnectionRecord>,
    ) -> Result<usize, CatalogError> {
        self.write(|tx, sealer| {
            let mut count = 0;
            for record in records {
                if let Some(existing) = scope_of(tx, &record.info.scope.environment, &record.info.name)? {
                    return Err(CatalogError::ConnectionExists { name: record.info.name.clone(), existing });
                }
                insert_connection_row(tx, sealer, &record)?;
                count += 1;
            }
            Ok(count)
        })
    }

    // A panic never happens while a transaction is open (the closures below return errors), and
    // a dropped transaction rolls back, so a poisoned lock still guards a usable connection.
    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.connection.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn storage(&self, e: rusqlite::Error) -> CatalogError {
        storage_error(&self.path, e)
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction, committed when `f` succeeds.
    fn write<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>, &Sealer) -> Result<T, CatalogError>,
    ) -> Result<T, CatalogError> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|e| self.storage(e))?;
        let value = f(&tx, &self.sealer).map_err(|e| self.relabel(e))?;
        tx.commit().map_err(|e| self.storage(e))?;
        Ok(value)
    }

    /// Runs `f` on the connection (reads: one statement each, so no transaction is needed).
    fn read<T>(&self, f: impl FnOnce(&Connection, &Sealer) -> Result<T, CatalogError>) -> Result<T, CatalogError> {
        let conn = self.lock();
        f(&conn, &self.sealer).map_err(|e| self.relabel(e))
    }

    /// Puts the file's name in front of storage messages made without it.
    fn relabel(&self, e: CatalogError) -> CatalogError {
        match e {
            CatalogError::Storage { message } if !message.starts_with("catalog ") => {
                CatalogError::Storage { message: format!("catalog {}: {message}", self.path.display()) }
            }
            other => other,
        }
    }
}

impl Catalog for SqliteCatalog {
    fn get_connection(&self, environment: &str, name: &str) -> Result<Option<ConnectionRecord>, CatalogError> {
        self.read(|conn, sealer| {
            let sql = format!("SELECT {CONNECTION_COLUMNS} FROM connections WHERE environment = ?1 AND name = ?2");
            let mut stmt = conn.prepare_cached(&sql).map_err(plain_storage)?;
            let row = stmt.query_row(params![environment, name], read_connection_row).optional();
            row.map_err(plain_storage)?.map(|row| row.into_record(sealer)).transpose()
        })
    }

    fn list_connections(
        &self,
        scope: &Scope,
        filter: Option<&NameFilter>,
    ) -> Result<Vec<ConnectionInfo>, CatalogError> {
        self.read(|conn, _| {
            // Two steps in one read transaction (one snapshot). First the names, in order, from
            // the scope index alone (it holds the names and row ids, so no row is read); a LIKE
            // prefix starts the walk at the prefix and ends it at the first name past it, so
            // `LIKE 'crm%'` reads only those entries. Then the rows that pass the filter, by id,
            // without their sealed credentials.
            let snapshot = conn.unchecked_transaction().map_err(plain_storage)?;
            let prefix = filter.and_then(NameFilter::range_prefix).unwrap_or("");
            let mut ids = Vec::new();
            {
                let mut names = snapshot
                    .prepare_cached(
                        "SELECT id, name FROM connections INDEXED BY connections_by_scope
                         WHERE environment = ?1 AND cloud = ?2 AND region = ?3 AND name >= ?4 ORDER BY name",
                    )
                    .map_err(plain_storage)?;
                let mut rows = names
                    .query(params![scope.environment, scope.cloud, scope.region, prefix])
                    .map_err(plain_storage)?;
                while let Some(row) = rows.next().map_err(plain_storage)? {
                    let name = row.get_ref(1).and_then(|v| Ok(v.as_str()?)).map_err(plain_storage)?;
                    if !name.starts_with(prefix) {
                        break;
                    }
                    if filter.is_none_or(|f| f.matches(name)) {
                        ids.push(row.get::<_, i64>(0).map_err(plain_storage)?);
                    }
                }
            }
            let mut found = Vec::with_capacity(ids.len());
            {
                let sql = format!("SELECT {INFO_COLUMNS} FROM connections WHERE id = ?1");
                let mut by_id = snapshot.prepare_cached(&sql).map_err(plain_storage)?;
                for id in ids {
                    let row = by_id.query_row(params![id], |row| read_row(row, false)).map_err(plain_storage)?;
                    found.push(row.into_info()?);
                }
            }
            snapshot.commit().map_err(plain_storage)?;
            Ok(found)
        })
    }

    fn insert_connection(&self, record: ConnectionRecord) -> Result<(), CatalogError> {
        self.write(|tx, sealer| {
            if let Some(existing) = scope_of(tx, &record.info.scope.environment, &record.info.name)? {
                return Err(CatalogError::ConnectionExists { name: record.info.name.clone(), existing });
            }
            insert_connection_row(tx, sealer, &record)
        })
    }

    fn replace_connection(&self, record: ConnectionRecord) -> Result<Option<ConnectionRecord>, CatalogError> {
        self.write(|tx, sealer| {
            let info = &record.info;
            let existing = connection_row(tx, &info.scope.environment, &info.name)?;
            let Some(existing) = existing else {
                insert_connection_row(tx, sealer, &record)?;
                return Ok(None);
            };
            let existing = existing.into_record(sealer)?;
            if existing.info.scope != info.scope {
                return Err(CatalogError::ConnectionExists { name: info.name.clone(), existing: existing.info.scope });
            }
            if existing.info.connection_type != info.connection_type {
                let tables = tables_using(tx, &info.scope.environment, &info.name)?;
                if !tables.is_empty() {
                    return Err(CatalogError::ConnectionInUse { name: info.name.clone(), tables });
                }
            }
            update_connection_row(tx, sealer, &record)?;
            Ok(Some(existing))
        })
    }

    fn update_connection(&self, record: ConnectionRecord, expected_version: u64) -> Result<(), CatalogError> {
        self.write(|tx, sealer| {
            let info = &record.info;
            let version: Option<i64> = tx
                .prepare_cached(
                    "SELECT resource_version FROM connections
                     WHERE environment = ?1 AND cloud = ?2 AND region = ?3 AND name = ?4",
                )
                .and_then(|mut s| {
                    s.query_row(
                        params![info.scope.environment, info.scope.cloud, info.scope.region, info.name],
                        |row| row.get(0),
                    )
                    .optional()
                })
                .map_err(plain_storage)?;
            match version {
                None => Err(CatalogError::ConnectionNotFound { name: info.name.clone(), scope: info.scope.clone() }),
                Some(version) if version_from_sql(version) != expected_version => {
                    Err(CatalogError::ConnectionChanged { name: info.name.clone() })
                }
                Some(_) => update_connection_row(tx, sealer, &record),
            }
        })
    }

    fn delete_connection(&self, scope: &Scope, name: &str) -> Result<ConnectionRecord, CatalogError> {
        self.write(|tx, sealer| {
            let found = connection_row(tx, &scope.environment, name)?.filter(|row| row.scope == *scope);
            let Some(found) = found else {
                return Err(CatalogError::ConnectionNotFound { name: name.to_owned(), scope: scope.clone() });
            };
            let tables = tables_using(tx, &scope.environment, name)?;
            if !tables.is_empty() {
                return Err(CatalogError::ConnectionInUse { name: name.to_owned(), tables });
            }
            let record = found.into_record(sealer)?;
            tx.prepare_cached("DELETE FROM connections WHERE environment = ?1 AND name = ?2")
                .and_then(|mut s| s.execute(params![scope.environment, name]))
                .map_err(plain_storage)?;
            Ok(record)
        })
    }

    fn tables_using(&self, environment: &str, name: &str) -> Result<Vec<String>, CatalogError> {
        self.read(|conn, _| tables_using(conn, environment, name))
    }

    fn get_table(&self, scope: &Scope, name: &str) -> Result<Option<TableRecord>, CatalogError> {
        self.read(|conn, sealer| table_row(conn, sealer, scope, name))
    }

    fn list_tables(&self, scope: &Scope, filter: Option<&NameFilter>) -> Result<Vec<TableRecord>, CatalogError> {
        self.read(|conn, sealer| {
            let sql = format!(
                "SELECT {TABLE_COLUMNS} FROM catalog_tables
                 WHERE environment = ?1 AND cloud = ?2 AND region = ?3 ORDER BY name"
            );
            let mut stmt = conn.prepare_cached(&sql).map_err(plain_storage)?;
            let mut rows = stmt.query(params![scope.environment, scope.cloud, scope.region]).map_err(plain_storage)?;
            let mut found = Vec::new();
            while let Some(row) = rows.next().map_err(plain_storage)? {
                let name: String = row.get(3).map_err(plain_storage)?;
                if filter.is_none_or(|f| f.matches(&name)) {
                    found.push(read_table_row(row, sealer)?);
                }
            }
            Ok(found)
        })
    }

    fn insert_table(&self, record: TableRecord) -> Result<(), CatalogError> {
        self.write(|tx, sealer| {
            if table_row(tx, sealer, &record.scope, &record.name)?.is_some() {
                return Err(CatalogError::TableExists { name: record.name.clone(), scope: record.scope.clone() });
            }
            insert_table_row(tx, sealer, &record)
        })
    }

    fn replace_table(&self, record: TableRecord, must_exist: bool) -> Result<Option<TableRecord>, CatalogError> {
        self.write(|tx, sealer| {
            let replaced = table_row(tx, sealer, &record.scope, &record.name)?;
            match &replaced {
                None if must_exist => {
                    return Err(CatalogError::TableNotFound { name: record.name.clone(), scope: record.scope.clone() })
                }
                None => {}
                Some(_) => delete_table_row(tx, &record.scope, &record.name)?,
            }
            // In the same transaction: a refused dependency rolls the delete back.
            insert_table_row(tx, sealer, &record)?;
            Ok(replaced)
        })
    }

    fn delete_table(&self, scope: &Scope, name: &str) -> Result<TableRecord, CatalogError> {
        self.write(|tx, sealer| {
            let Some(found) = table_row(tx, sealer, scope, name)? else {
                return Err(CatalogError::TableNotFound { name: name.to_owned(), scope: scope.clone() });
            };
            delete_table_row(tx, scope, name)?;
            Ok(found)
        })
    }
}

/// Inserts a table's row after checking its dependency: the connection it uses must be in its
/// scope with the recorded type.
fn insert_table_row(tx: &Transaction<'_>, sealer: &Sealer, record: &TableRecord) -> Result<(), CatalogError> {
    let scope = &record.scope;
    if let Some(uses) = &record.connection {
        let found: Option<String> = tx
            .prepare_cached(
                "SELECT connection_type FROM connections
                 WHERE environment = ?1 AND cloud = ?2 AND region = ?3 AND name = ?4",
            )
            .and_then(|mut s| {
                s.query_row(params![scope.environment, scope.cloud, scope.region, uses.name], |row| row.get(0))
                    .optional()
            })
            .map_err(plain_storage)?;
        if found.as_deref() != Some(uses.connection_type.name()) {
            return Err(CatalogError::DependencyMissing { table: record.name.clone(), connection: uses.name.clone() });
        }
    }
    let sealed = sealer.seal(&row_identity("table", scope, &record.name), &encode_options(&record.options))?;
    tx.prepare_cached(
        "INSERT INTO catalog_tables (environment, cloud, region, name, masked_sql, connector,
             connection_name, connection_type, created_at, sealed_options)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )
    .and_then(|mut s| {
        s.execute(params![
            scope.environment,
            scope.cloud,
            scope.region,
            record.name,
            record.masked_sql,
            record.connector,
            record.connection.as_ref().map(|c| c.name.as_str()),
            record.connection.as_ref().map(|c| c.connection_type.name()),
            record.created_at.unix_micros(),
            sealed,
        ])
    })
    .map_err(plain_storage)?;
    Ok(())
}

fn delete_table_row(tx: &Transaction<'_>, scope: &Scope, name: &str) -> Result<(), CatalogError> {
    tx.prepare_cached("DELETE FROM catalog_tables WHERE environment = ?1 AND cloud = ?2 AND region = ?3 AND name = ?4")
        .and_then(|mut s| s.execute(params![scope.environment, scope.cloud, scope.region, name]))
        .map_err(plain_storage)?;
    Ok(())
}

// ---- rows ------------------------------------------------------------------------------------

/// Every column of a connection but its sealed credentials: what SHOW needs.
const INFO_COLUMNS: &str = "environment, name, cloud, region, connection_type, endpoint, comment, created_at, \
     updated_at, uid, resource_version, status_phase, status_detail";

const CONNECTION_COLUMNS: &str = "environment, name, cloud, region, connection_type, endpoint, comment, created_at, \
     updated_at, uid, resource_version, status_phase, status_detail, sealed_credentials";

const TABLE_COLUMNS: &str =
    "environment, cloud, region, name, masked_sql, connector, connection_name, connection_type, created_at, sealed_options";

/// A connection row as read, credentials still sealed.
struct ConnectionRow {
    name: String,
    scope: Scope,
    connection_type: String,
    endpoint: String,
    comment: Option<String>,
    created_at: i64,
    updated_at: i64,
    uid: String,
    resource_version: i64,
    status: ConnectionStatus,
    sealed_credentials: Vec<u8>,
}

fn read_connection_row(row: &Row<'_>) -> rusqlite::Result<ConnectionRow> {
    read_row(row, true)
}

/// A row of [`CONNECTION_COLUMNS`], or of [`INFO_COLUMNS`] (`sealed` false: no credentials).
fn read_row(row: &Row<'_>, sealed: bool) -> rusqlite::Result<ConnectionRow> {
    Ok(ConnectionRow {
        scope: Scope { environment: row.get(0)?, cloud: row.get(2)?, region: row.get(3)? },
        name: row.get(1)?,
        connection_type: row.get(4)?,
        endpoint: row.get(5)?,
        comment: row.get(6)?,
        created_at: row.get(7)?,
        updated_at: row.get(8)?,
        uid: row.get(9)?,
        resource_version: row.get(10)?,
        status: ConnectionStatus { phase: row.get(11)?, detail: row.get(12)? },
        sealed_credentials: if sealed { row.get(13)? } else { Vec::new() },
    })
}

impl ConnectionRow {
    fn into_info(self) -> Result<ConnectionInfo, CatalogError> {
        Ok(self.split()?.0)
    }

    fn into_record(self, sealer: &Sealer) -> Result<ConnectionRecord, CatalogError> {
        let (info, sealed) = self.split()?;
        let aad = row_identity("connection", &info.scope, &info.name);
        let plain = sealer.open(&aad, &sealed).map_err(|()| CatalogError::Storage {
            message: format!(
                "the sealed credentials of connection \"{}\" in {} do not open with the catalog's key \
                 (altered, or moved from another row)",
                info.name, info.scope
            ),
        })?;
        let mut credentials = Credentials::new();
        for (key, value) in decode_pairs(&plain).ok_or_else(|| corrupt_credentials(&info))? {
            let value = String::from_utf8(value.to_vec()).map_err(|_| corrupt_credentials(&info))?;
            credentials.insert(key, Secret::new(value)).map_err(|_| corrupt_credentials(&info))?;
        }
        Ok(ConnectionRecord { info, credentials })
    }

    fn split(self) -> Result<(ConnectionInfo, Vec<u8>), CatalogError> {
        let connection_type = ConnectionType::from_name(&self.connection_type).ok_or_else(|| {
            CatalogError::Storage { message: format!("connection \"{}\" has an unknown stored type", self.name) }
        })?;
        let info = ConnectionInfo {
            name: self.name,
            scope: self.scope,
            connection_type,
            endpoint: self.endpoint,
            comment: self.comment,
            created_at: Timestamp::from_unix_micros(self.created_at),
            updated_at: Timestamp::from_unix_micros(self.updated_at),
            uid: self.uid,
            resource_version: version_from_sql(self.resource_version),
            status: self.status,
        };
        Ok((info, self.sealed_credentials))
    }
}

fn corrupt_credentials(info: &ConnectionInfo) -> CatalogError {
    CatalogError::Storage { message: format!("the credentials of connection \"{}\" are corrupt", info.name) }
}

/// `resource_version` is a `u64`, stored bit for bit in SQLite's `i64`.
fn version_to_sql(version: u64) -> i64 {
    i64::from_ne_bytes(version.to_ne_bytes())
}

fn version_from_sql(version: i64) -> u64 {
    u64::from_ne_bytes(version.to_ne_bytes())
}

fn connection_row(conn: &Connection, environment: &str, name: &str) -> Result<Option<ConnectionRow>, CatalogError> {
    let sql = format!("SELECT {CONNECTION_COLUMNS} FROM connections WHERE environment = ?1 AND name = ?2");
    conn.prepare_cached(&sql)
        .and_then(|mut s| s.query_row(params![environment, name], read_connection_row).optional())
        .map_err(plain_storage)
}

/// The scope of the connection called `name` in `environment`, if any.
fn scope_of(conn: &Connection, environment: &str, name: &str) -> Result<Option<Scope>, CatalogError> {
    conn.prepare_cached("SELECT cloud, region FROM connections WHERE environment = ?1 AND name = ?2")
        .and_then(|mut s| {
            s.query_row(params![environment, name], |row| {
                Ok(Scope { environment: environment.to_owned(), cloud: row.get(0)?, region: row.get(1)? })
            })
            .optional()
        })
        .map_err(plain_storage)
}

fn insert_connection_row(tx: &Connection, sealer: &Sealer, record: &ConnectionRecord) -> Result<(), CatalogError> {
    write_connection_row(
        tx,
        sealer,
        record,
        "INSERT INTO connections (environment, name, cloud, region, connection_type, endpoint, comment,
             created_at, updated_at, uid, resource_version, status_phase, status_detail, sealed_credentials)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )
}

/// Overwrites every column of the row with `record`'s name and scope.
fn update_connection_row(tx: &Connection, sealer: &Sealer, record: &ConnectionRecord) -> Result<(), CatalogError> {
    write_connection_row(
        tx,
        sealer,
        record,
        "UPDATE connections SET connection_type = ?5, endpoint = ?6, comment = ?7, created_at = ?8,
             updated_at = ?9, uid = ?10, resource_version = ?11, status_phase = ?12, status_detail = ?13,
             sealed_credentials = ?14
         WHERE environment = ?1 AND name = ?2 AND cloud = ?3 AND region = ?4",
    )
}

/// Runs `sql` (an INSERT or UPDATE of one connection row) with the record's fourteen columns
/// bound as ?1 to ?14, the credentials sealed.
fn write_connection_row(
    tx: &Connection,
    sealer: &Sealer,
    record: &ConnectionRecord,
    sql: &str,
) -> Result<(), CatalogError> {
    let info = &record.info;
    let sealed = seal_credentials(sealer, record)?;
    tx.prepare_cached(sql)
        .and_then(|mut s| {
            s.execute(params![
                info.scope.environment,
                info.name,
                info.scope.cloud,
                info.scope.region,
                info.connection_type.name(),
                info.endpoint,
                info.comment,
                info.created_at.unix_micros(),
                info.updated_at.unix_micros(),
                info.uid,
                version_to_sql(info.resource_version),
                info.status.phase,
                info.status.detail,
                sealed,
            ])
        })
        .map_err(plain_storage)?;
    Ok(())
}

fn seal_credentials(sealer: &Sealer, record: &ConnectionRecord) -> Result<Vec<u8>, CatalogError> {
    let pairs: Vec<(&str, &str)> = record.credentials.iter().map(|(k, v)| (k, v.expose_secret())).collect();
    let plain = encode_pairs(pairs);
    sealer.seal(&row_identity("connection", &record.info.scope, &record.info.name), &plain)
}

fn tables_using(conn: &Connection, environment: &str, name: &str) -> Result<Vec<String>, CatalogError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT DISTINCT name FROM catalog_tables WHERE environment = ?1 AND connection_name = ?2 ORDER BY name",
        )
        .map_err(plain_storage)?;
    let names = stmt.query_map(params![environment, name], |row| row.get(0)).map_err(plain_storage)?;
    names.collect::<rusqlite::Result<Vec<String>>>().map_err(plain_storage)
}

fn table_row(
    conn: &Connection,
    sealer: &Sealer,
    scope: &Scope,
    name: &str,
) -> Result<Option<TableRecord>, CatalogError> {
    let sql = format!(
        "SELECT {TABLE_COLUMNS} FROM catalog_tables WHERE environment = ?1 AND cloud = ?2 AND region = ?3 AND name = ?4"
    );
    let mut stmt = conn.prepare_cached(&sql).map_err(plain_storage)?;
    let mut rows = stmt.query(params![scope.environment, scope.cloud, scope.region, name]).map_err(plain_storage)?;
    match rows.next().map_err(plain_storage)? {
        Some(row) => read_table_row(row, sealer).map(Some),
        None => Ok(None),
    }
}

fn read_table_row(row: &Row<'_>, sealer: &Sealer) -> Result<TableRecord, CatalogError> {
    let scope = Scope {
        environment: row.get(0).map_err(plain_storage)?,
        cloud: row.get(1).map_err(plain_storage)?,
        region: row.get(2).map_err(plain_storage)?,
    };
    let name: String = row.get(3).map_err(plain_storage)?;
    let connection_name: Option<String> = row.get(6).map_err(plain_storage)?;
    let connection_type: Option<String> = row.get(7).map_err(plain_storage)?;
    let corrupt = || CatalogError::Storage { message: format!("the options of table \"{name}\" are corrupt") };
    let connection = match (connection_name, connection_type) {
        (Some(name), Some(ty)) => {
            Some(TableConnection { name, connection_type: ConnectionType::from_name(&ty).ok_or_else(corrupt)? })
        }
        _ => None,
    };
    let sealed: Vec<u8> = row.get(9).map_err(plain_storage)?;
    let plain = sealer.open(&row_identity("table", &scope, &name), &sealed).map_err(|()| CatalogError::Storage {
        message: format!(
            "the sealed options of table \"{name}\" in {scope} do not open with the catalog's key \
             (altered, or moved from another row)"
        ),
    })?;
    let mut options = OptionList::new();
    for (key, value) in decode_pairs(&plain).ok_or_else(corrupt)? {
        let key = std::str::from_utf8(key.as_bytes()).map_err(|_| corrupt())?;
        let value = std::str::from_utf8(value).map_err(|_| corrupt())?;
        options.push(SqlOption::new(key, value));
    }
    Ok(TableRecord {
        masked_sql: row.get(4).map_err(plain_storage)?,
        connector: row.get(5).map_err(plain_storage)?,
        created_at: Timestamp::from_unix_micros(row.get(8).map_err(plain_storage)?),
        connection,
        options,
        name,
        scope,
    })
}

fn encode_options(options: &OptionList) -> Zeroizing<Vec<u8>> {
    encode_pairs(options.iter().map(|o| (o.key(), o.value().expose_secret())))
}

// ---- sealed values ---------------------------------------------------------------------------

/// Key-value pairs as `len(key) key len(value) value ...`, lengths as 4-byte little-endian. A
/// binary form (not JSON) so that decoding borrows from the wiped buffer and makes one copy of
/// each value, straight into its [`Secret`].
fn encode_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::new());
    for (key, value) in pairs {
        for part in [key.as_bytes(), value.as_bytes()] {
            // Parts are at most a few kilobytes (the executor's limits); a longer one cannot come here.
            let len = u32::try_from(part.len()).unwrap_or(u32::MAX);
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(part);
        }
    }
    out
}

/// The pairs of [`encode_pairs`]; keys as `&str` are checked by the caller's key parser.
fn decode_pairs(mut bytes: &[u8]) -> Option<Vec<(&str, &[u8])>> {
    let mut pairs = Vec::new();
    while !bytes.is_empty() {
        let key = take_part(&mut bytes)?;
        let value = take_part(&mut bytes)?;
        pairs.push((std::str::from_utf8(key).ok()?, value));
    }
    Some(pairs)
}

/// One length-prefixed part from the front of `bytes`.
fn take_part<'a>(bytes: &mut &'a [u8]) -> Option<&'a [u8]> {
    let (len, rest) = bytes.split_first_chunk::<4>()?;
    let len = usize::try_from(u32::from_le_bytes(*len)).ok()?;
    if rest.len() < len {
        return None;
    }
    let (part, rest) = rest.split_at(len);
    *bytes = rest;
    Some(part)
}

/// The associated data binding a sealed value to its row: what it is and where it lives.
fn row_identity(kind: &str, scope: &Scope, name: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for part in [kind, &scope.environment, &scope.cloud, &scope.region, name] {
        out.extend_from_slice(&u32::try_from(part.len()).unwrap_or(u32::MAX).to_le_bytes());
        out.extend_from_slice(part.as_bytes());
    }
    out
}

/// Seals and opens values with the catalog's key. A sealed value is
/// `version (1 byte) ‖ nonce (24 bytes) ‖ ciphertext ‖ tag (16 bytes)`.
struct Sealer {
    // Wipes its key when dropped (the crate's `zeroize` feature).
    cipher: XChaCha20Poly1305,
}

impl Sealer {
    fn new(key: &[u8; KEY_LEN]) -> Self {
        // A 32-byte key is the one length XChaCha20-Poly1305 takes.
        let cipher = XChaCha20Poly1305::new(key.into());
        Sealer { cipher }
    }

    fn seal(&self, identity: &[u8], plain: &[u8]) -> Result<Vec<u8>, CatalogError> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce)
            .map_err(|e| CatalogError::Storage { message: format!("no random nonce from the OS: {e}") })?;
        let aad = sealed_aad(identity);
        let sealed = self
            .cipher
            .encrypt(&XNonce::from(nonce), Payload { msg: plain, aad: &aad })
            .map_err(|_| CatalogError::Storage { message: "a value could not be sealed".to_owned() })?;
        let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
        out.push(SEAL_VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    fn open(&self, identity: &[u8], sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, ()> {
        let Some((&SEAL_VERSION, rest)) = sealed.split_first() else { return Err(()) };
        let Some((nonce, ciphertext)) = rest.split_first_chunk::<NONCE_LEN>() else { return Err(()) };
        let aad = sealed_aad(identity);
        self.cipher
            .decrypt(&XNonce::from(*nonce), Payload { msg: ciphertext, aad: &aad })
            .map(Zeroizing::new)
            .map_err(|_| ())
    }
}

fn sealed_aad(identity: &[u8]) -> Vec<u8> {
    let mut aad = b"flink-ddl sealed value\0".to_vec();
    aad.push(SEAL_VERSION);
    aad.extend_from_slice(identity);
    aad
}

// ---- opening ---------------------------------------------------------------------------------

fn plain_storage(e: rusqlite::Error) -> CatalogError {
    CatalogError::Storage { message: e.to_string() }
}

fn storage_error(path: &Path, e: rusqlite::Error) -> CatalogError {
    CatalogError::Storage { message: format!("catalog {}: {e}", path.display()) }
}

fn open_storage_error(path: &Path, e: rusqlite::Error) -> OpenCatalogError {
    if let rusqlite::Error::SqliteFailure(code, _) = &e {
        if code.code == rusqlite::ErrorCode::NotADatabase {
            return OpenCatalogError::NotACatalog { catalog: path.to_path_buf(), reason: "not a database".to_owned() };
        }
    }
    OpenCatalogError::Storage { catalog: path.to_path_buf(), message: e.to_string() }
}

/// Runs `f` until it does not fail with "busy", at most a few times.
fn retry_busy<T>(mut f: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let mut attempts = 0;
    loop {
        match f() {
            Err(rusqlite::Error::SqliteFailure(code, _))
                if code.code == rusqlite::ErrorCode::DatabaseBusy && attempts < 50 =>
            {
                attempts += 1;
                std::thread::sleep(Duration::from_millis(20 * attempts));
            }
            other => return other,
        }
    }
}

/// Refuses a database that belongs to another program, before anything (the switch to WAL) is
/// written to it: one with another application id, or with tables of its own and no flink-ddl
/// schema version. The three facts are read in one read transaction, a single snapshot: read one
/// by one, a catalog that another process is creating at this moment could show its tables but
/// not yet its version, and look foreign. ([`migrate`] checks again under the write lock.)
fn check_application_id(conn: &Connection, path: &Path) -> Result<(), OpenCatalogError> {
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
fn migrate(conn: &mut Connection, path: &Path) -> Result<(), OpenCatalogError> {
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

/// Loads the key and checks it against the catalog, or, for a catalog that has no key check yet,
/// loads or creates the key file and records the check. Runs under the write lock, so two
/// processes opening a new catalog at once agree on one key.
fn unlock(conn: &mut Connection, path: &Path, key_file: &Path) -> Result<Sealer, OpenCatalogError> {
    let storage = |e| open_storage_error(path, e);
    let check: Option<Vec<u8>> = conn
        .query_row("SELECT value FROM catalog_meta WHERE key = 'key_check'", [], |row| row.get(0))
        .optional()
        .map_err(storage)?;
    if let Some(check) = check {
        return sealer_for(&check, path, key_file);
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(storage)?;
    let check: Option<Vec<u8>> = tx
        .query_row("SELECT value FROM catalog_meta WHERE key = 'key_check'", [], |row| row.get(0))
        .optional()
        .map_err(storage)?;
    if let Some(check) = check {
        return sealer_for(&check, path, key_file);
    }
    // No key check: a new catalog, unless someone removed the row. Sealed rows without a key
    // check still need their own key: never make a new one over them.
    let sealed_rows: bool = tx
        .query_row("SELECT EXISTS (SELECT 1 FROM connections) OR EXISTS (SELECT 1 FROM catalog_tables)", [], |row| {
            row.get(0)
        })
        .map_err(storage)?;
    let key = match read_key_file(key_file) {
        Ok(key) => key,
        Err(KeyFileProblem::Missing) if sealed_rows => {
            return Err(OpenCatalogError::KeyFileMissing {
                key_file: key_file.to_path_buf(),
                catalog: path.to_path_buf(),
            })
        }
        Err(KeyFileProblem::Missing) => create_key_file(key_file)?,
        Err(problem) => return Err(problem.into_error(key_file)),
    };
    let sealer = Sealer::new(&key);
    if sealed_rows && !opens_a_sealed_row(&tx, &sealer).map_err(storage)? {
        return Err(OpenCatalogError::WrongKey { key_file: key_file.to_path_buf(), catalog: path.to_path_buf() });
    }
    let check = sealer
        .seal(b"key_check", KEY_CHECK_TEXT)
        .map_err(|e| OpenCatalogError::Storage { catalog: path.to_path_buf(), message: e.to_string() })?;
    tx.execute("INSERT INTO catalog_meta (key, value) VALUES ('key_check', ?1)", params![check]).map_err(storage)?;
    tx.commit().map_err(storage)?;
    Ok(sealer)
}

/// True when the first sealed connection (or, without connections, table) opens with `sealer`.
fn opens_a_sealed_row(conn: &Connection, sealer: &Sealer) -> rusqlite::Result<bool> {
    let sql = format!("SELECT {CONNECTION_COLUMNS} FROM connections LIMIT 1");
    if let Some(row) = conn.query_row(&sql, [], read_connection_row).optional()? {
        return Ok(row.into_record(sealer).is_ok());
    }
    let sql = format!("SELECT {TABLE_COLUMNS} FROM catalog_tables LIMIT 1");
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    match rows.next()? {
        Some(row) => Ok(read_table_row(row, sealer).is_ok()),
        None => Ok(true),
    }
}

fn sealer_for(check: &[u8], path: &Path, key_file: &Path) -> Result<Sealer, OpenCatalogError> {
    let key = match read_key_file(key_file) {
        Ok(key) => key,
        Err(KeyFileProblem::Missing) => {
            return Err(OpenCatalogError::KeyFileMissing {
                key_file: key_file.to_path_buf(),
                catalog: path.to_path_buf(),
            })
        }
        Err(problem) => return Err(problem.into_error(key_file)),
    };
    let sealer = Sealer::new(&key);
    match sealer.open(b"key_check", check) {
        Ok(text) if text.as_slice() == KEY_CHECK_TEXT => Ok(sealer),
        _ => Err(OpenCatalogError::WrongKey { key_file: key_file.to_path_buf(), catalog: path.to_path_buf() }),
    }
}

// ---- the key file ----------------------------------------------------------------------------

/// The key file holds the 32-byte key as 64 hexadecimal digits and a newline: text, so that it
/// can be backed up and restored by hand.
enum KeyFileProblem {
    Missing,
    Malformed(&'static str),
    Io(io::Error),
}

impl KeyFileProblem {
    fn into_error(self, key_file: &Path) -> OpenCatalogError {
        match self {
            KeyFileProblem::Missing => {
                OpenCatalogError::KeyFile { key_file: key_file.to_path_buf(), message: "does not exist".to_owned() }
            }
            KeyFileProblem::Malformed(reason) => {
                OpenCatalogError::BadKeyFile { key_file: key_file.to_path_buf(), reason }
            }
            KeyFileProblem::Io(e) => {
                OpenCatalogError::KeyFile { key_file: key_file.to_path_buf(), message: e.to_string() }
            }
        }
    }
}

fn read_key_file(key_file: &Path) -> Result<Zeroizing<[u8; KEY_LEN]>, KeyFileProblem> {
    let file = match fs::File::open(key_file) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(KeyFileProblem::Missing),
        Err(e) => return Err(KeyFileProblem::Io(e)),
    };
    let mut text = Zeroizing::new(Vec::with_capacity(2 * KEY_LEN + 2));
    // Read one byte past the longest valid content, so that a big file is not read whole.
    file.take(2 * KEY_LEN as u64 + 3).read_to_end(&mut text).map_err(KeyFileProblem::Io)?;
    let digits = text.strip_suffix(b"\n").unwrap_or(&text);
    let digits = digits.strip_suffix(b"\r").unwrap_or(digits);
    if digits.len() != 2 * KEY_LEN {
        return Err(KeyFileProblem::Malformed("expected 64 hexadecimal digits and a newline"));
    }
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    for (byte, pair) in key.iter_mut().zip(digits.chunks_exact(2)) {
        let (Some(high), Some(low)) = (hex_value(pair[0]), hex_value(pair[1])) else {
            return Err(KeyFileProblem::Malformed("expected 64 hexadecimal digits and a newline"));
        };
        *byte = high << 4 | low;
    }
    Ok(key)
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

/// Makes a new random key and writes it to `key_file` (mode 0600) so that no reader ever sees a
/// partial file: written and synced under a temporary name, then hard-linked into place, which
/// fails when the file exists. A file made meanwhile by someone else wins, and is read back.
fn create_key_file(key_file: &Path) -> Result<Zeroizing<[u8; KEY_LEN]>, OpenCatalogError> {
    let io_error =
        |e: io::Error| OpenCatalogError::KeyFile { key_file: key_file.to_path_buf(), message: e.to_string() };
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    getrandom::fill(key.as_mut_slice()).map_err(|e| OpenCatalogError::KeyFile {
        key_file: key_file.to_path_buf(),
        message: format!("no random key from the OS: {e}"),
    })?;
    let mut text = Zeroizing::new(String::with_capacity(2 * KEY_LEN + 1));
    for byte in key.iter() {
        text.push(char::from(b"0123456789abcdef"[usize::from(byte >> 4)]));
        text.push(char::from(b"0123456789abcdef"[usize::from(byte & 0xf)]));
    }
    text.push('\n');

    let mut tag = [0u8; 8];
    getrandom::fill(&mut tag).map_err(|e| io_error(io::Error::other(e.to_string())))?;
    let file_name = key_file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = key_file.with_file_name(format!(".{file_name}.{}.tmp", u64::from_le_bytes(tag)));
    let written = write_private_file(&temporary, text.as_bytes());
    text.zeroize();
    written.map_err(|e| {
        let _ = fs::remove_file(&temporary);
        io_error(e)
    })?;
    let linked = fs::hard_link(&temporary, key_file);
    let _ = fs::remove_file(&temporary);
    match linked {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            return read_key_file(key_file).map_err(|problem| problem.into_error(key_file));
        }
        // A file system without hard links: create the file in place, still refusing to
        // replace one that exists.
        Err(_) => {
            let mut text = Zeroizing::new(Vec::new());
            for byte in key.iter() {
                text.extend_from_slice(format!("{byte:02x}").as_bytes());
            }
            text.push(b'\n');
            match write_private_file(key_file, &text) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    return read_key_file(key_file).map_err(|problem| problem.into_error(key_file));
                }
                Err(e) => return Err(io_error(e)),
            }
        }
    }
    if let Some(dir) = key_file.parent().filter(|d| !d.as_os_str().is_empty()) {
        // Makes the new name durable too; not all systems allow syncing a directory.
        if let Ok(dir) = fs::File::open(dir) {
            let _ = dir.sync_all();
        }
    }
    Ok(key)
}

/// Creates `path` (which must not exist) readable and writable by its owner only, and syncs it.
fn write_private_file(path: &Path, contents: &[u8]) -> io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(tag: &str) -> PathBuf {
        let mut random = [0u8; 8];
        getrandom::fill(&mut random).unwrap();
        let dir = std::env::temp_dir().join(format!("flink-ddl-sqlite-{tag}-{}", u64::from_le_bytes(random)));
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn pairs_round_trip_and_reject_truncation() {
        let encoded = encode_pairs([("api-key", "sk-1"), ("username", ""), ("", "é")]);
        let decoded = decode_pairs(&encoded).unwrap();
        assert_eq!(decoded, [("api-key", &b"sk-1"[..]), ("username", &b""[..]), ("", "é".as_bytes())]);
        for cut in 1..encoded.len() {
            // Every strict prefix either fails or decodes to fewer pairs, never panics.
            if let Some(pairs) = decode_pairs(&encoded[..cut]) {
                assert!(pairs.len() < 3);
            }
        }
    }

    #[test]
    fn a_sealed_value_opens_only_in_its_own_row_and_with_its_key() {
        let sealer = Sealer::new(&[7u8; KEY_LEN]);
        let here = row_identity("connection", &Scope::new("e", "c", "r"), "a");
        let there = row_identity("connection", &Scope::new("e", "c", "r"), "b");
        let sealed = sealer.seal(&here, b"secret").unwrap();
        assert_eq!(sealer.open(&here, &sealed).unwrap().as_slice(), b"secret");
        assert!(sealer.open(&there, &sealed).is_err());
        assert!(Sealer::new(&[8u8; KEY_LEN]).open(&here, &sealed).is_err());
        let mut flipped = sealed.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert!(sealer.open(&here, &flipped).is_err());
        assert!(sealer.open(&here, &sealed[..10]).is_err());
        // A fresh nonce each time: the same value seals differently.
        assert_ne!(sealer.seal(&here, b"secret").unwrap(), sealed);
    }

    #[test]
    fn row_identity_is_unambiguous() {
        // Length prefixes keep ("ab", "c") and ("a", "bc") apart.
        assert_ne!(
            row_identity("connection", &Scope::new("ab", "c", "r"), "n"),
            row_identity("connection", &Scope::new("a", "bc", "r"), "n")
        );
    }

    #[test]
    fn key_file_format() {
        let dir = temp_dir("keyfile");
        let file = dir.join("k");
        let key = create_key_file(&file).unwrap();
        assert_eq!(read_key_file(&file).ok().map(|k| *k), Some(*key));
        let text = fs::read_to_string(&file).unwrap();
        assert_eq!(text.len(), 65);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
        }
        // A second creation does not replace the first key.
        assert_eq!(*create_key_file(&file).unwrap(), *key);
        fs::write(dir.join("short"), "abcd\n").unwrap();
        assert!(matches!(read_key_file(&dir.join("short")), Err(KeyFileProblem::Malformed(_))));
        fs::write(dir.join("nothex"), "z".repeat(64)).unwrap();
        assert!(matches!(read_key_file(&dir.join("nothex")), Err(KeyFileProblem::Malformed(_))));
        assert!(matches!(read_key_file(&dir.join("absent")), Err(KeyFileProblem::Missing)));
        // No temporary file is left behind.
        let names: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 3, "{names:?}");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn show_with_a_prefix_walks_the_scope_index_without_sorting() {
        let dir = temp_dir("plan");
        let catalog = SqliteCatalog::open(dir.join("c.db")).unwrap();
        let conn = catalog.lock();
        let sql = "EXPLAIN QUERY PLAN SELECT id, name FROM connections INDEXED BY connections_by_scope
             WHERE environment = ?1 AND cloud = ?2 AND region = ?3 AND name >= ?4 ORDER BY name";
        let mut stmt = conn.prepare(sql).unwrap();
        let plan: Vec<String> =
            stmt.query_map(params!["e", "c", "r", "p"], |row| row.get(3)).unwrap().map(Result::unwrap).collect();
        let plan = plan.join("\n");
        // The names come from the index alone, in its order: no row is read, nothing is sorted.
        assert!(plan.contains("COVERING INDEX connections_by_scope"), "{plan}");
        assert!(!plan.contains("TEMP B-TREE"), "{plan}");
        drop(stmt);
        drop(conn);
        drop(catalog);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn another_programs_database_is_refused_and_left_alone() {
        let dir = temp_dir("foreign");
        let path = dir.join("other.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE mine (x); INSERT INTO mine VALUES (1);").unwrap();
        }
        let before = fs::read(&path).unwrap();
        let err = SqliteCatalog::open(&path).unwrap_err();
        assert!(matches!(err, OpenCatalogError::NotACatalog { .. }), "{err}");
        assert_eq!(fs::read(&path).unwrap(), before);
        assert!(!SqliteCatalog::default_key_file(&path).exists());
        fs::write(dir.join("junk.db"), b"this is not a database, just text that is long enough ....".repeat(100))
            .unwrap();
        let err = SqliteCatalog::open(dir.join("junk.db")).unwrap_err();
        assert!(err.to_string().contains("junk.db"), "{err}");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = temp_dir("newer");
        let path = dir.join("c.db");
        drop(SqliteCatalog::open(&path).unwrap());
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
        }
        let err = SqliteCatalog::open(&path).unwrap_err();
        assert!(matches!(err, OpenCatalogError::NewerSchema { found, .. } if found == SCHEMA_VERSION + 1), "{err}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
