//! [`SqliteCatalog`]: opening the file (schema, key check, key file) and the transactions every
//! call of the [`Catalog`](flink_ddl_exec::Catalog) implementation (`catalog.rs`) runs in. The
//! crate's documentation (`lib.rs`) says why each choice was made.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use flink_ddl_exec::seal::{write_private_file, Sealer};
use flink_ddl_exec::{CatalogError, ConnectionRecord};
use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::error::{open_storage_error, storage_error, OpenCatalogError};
use crate::key::{bind, stored_key_check, unlock};
use crate::rows::{insert_connection_row, scope_of};
use crate::schema::{check_application_id, migrate};

/// How long a statement waits for another process's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// A [`Catalog`](flink_ddl_exec::Catalog) in one SQLite file, credentials sealed with a key from a key file.
///
/// ```
/// use std::sync::Arc;
/// use flink_ddl::parse_statement;
/// use flink_ddl_exec::{Catalog, Session, SessionContext};
/// use flink_ddl_sqlite::SqliteCatalog;
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
    pub(crate) connection: Mutex<Connection>,
    pub(crate) sealer: Sealer,
    /// The key check as this process last saw it: a write first checks that it is still there,
    /// so that a process opened before a `rekey` cannot seal rows under the retired key.
    pub(crate) key_check: Mutex<Vec<u8>>,
    pub(crate) path: PathBuf,
    pub(crate) key_file: PathBuf,
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
        if let Some(directory) = path.parent().filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
            return Err(OpenCatalogError::MissingDirectory {
                catalog: path.clone(),
                directory: directory.to_path_buf(),
            });
        }
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
        // Deleted rows (sealed credentials, a CTAS's text) are overwritten with zeros, not left
        // in free pages for anyone who reads the file.
        connection.pragma_update(None, "secure_delete", "ON").map_err(storage)?;
        migrate(&mut connection, &path)?;
        let sealer = unlock(&mut connection, &path, &key_file)?;
        let sealer = bind(&mut connection, &path, sealer)?;
        let key_check = stored_key_check(&connection).map_err(storage)?.unwrap_or_default();
        Ok(SqliteCatalog {
            connection: Mutex::new(connection),
            sealer,
            key_check: Mutex::new(key_check),
            path,
            key_file,
        })
    }

    /// `<catalog>.key`: the key file's default place, beside the catalog.
    ///
    /// ```
    /// use flink_ddl_sqlite::SqliteCatalog;
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
    /// [`Catalog::insert_connection`](flink_ddl_exec::Catalog::insert_connection) checks one; the first refusal rolls everything back.
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
    pub(crate) fn lock(&self) -> MutexGuard<'_, Connection> {
        self.connection.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn storage(&self, e: rusqlite::Error) -> CatalogError {
        storage_error(&self.path, e)
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction, committed when `f` succeeds.
    pub(crate) fn write<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>, &Sealer) -> Result<T, CatalogError>,
    ) -> Result<T, CatalogError> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|e| self.storage(e))?;
        self.check_key_unchanged(&tx)?;
        let value = f(&tx, &self.sealer).map_err(|e| self.relabel(e))?;
        tx.commit().map_err(|e| self.storage(e))?;
        Ok(value)
    }

    /// Refuses to write when the catalog's key check is no longer one this process's key opens:
    /// `rekey` re-sealed everything under a new key after this process opened the file. (A
    /// restore brings a new key check sealed with the same key: that one opens, and is kept.)
    pub(crate) fn check_key_unchanged(&self, tx: &Transaction<'_>) -> Result<(), CatalogError> {
        let stored = stored_key_check(tx).map_err(|e| self.storage(e))?.unwrap_or_default();
        let mut known = self.key_check.lock().unwrap_or_else(PoisonError::into_inner);
        if stored == *known {
            return Ok(());
        }
        if self.sealer.opens_key_check(&stored) {
            *known = stored;
            return Ok(());
        }
        Err(CatalogError::Storage {
            message: format!(
                "catalog {}: its key was changed (flink-ddl catalog rekey) after this process opened it; \
                 nothing was written: open the catalog again, with its new key file",
                self.path.display()
            ),
        })
    }

    /// Runs `f` on the connection (reads: one statement each, so no transaction is needed).
    pub(crate) fn read<T>(
        &self,
        f: impl FnOnce(&Connection, &Sealer) -> Result<T, CatalogError>,
    ) -> Result<T, CatalogError> {
        let conn = self.lock();
        f(&conn, &self.sealer).map_err(|e| self.relabel(e))
    }

    /// Puts the file's name in front of storage messages made without it.
    pub(crate) fn relabel(&self, e: CatalogError) -> CatalogError {
        match e {
            CatalogError::Storage { message } if !message.starts_with("catalog ") => {
                CatalogError::Storage { message: format!("catalog {}: {message}", self.path.display()) }
            }
            other => other,
        }
    }
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

#[cfg(test)]
mod tests {
    use std::fs;

    use rusqlite::params;

    use super::*;
    use crate::schema::SCHEMA_VERSION;

    /// A new directory; each test removes it at its end.
    fn temp_dir(tag: &str) -> PathBuf {
        tempfile::Builder::new().prefix(&format!("flink-ddl-sqlite-{tag}-")).tempdir().unwrap().keep()
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
    fn a_page_is_a_range_of_the_scope_index_without_sorting() {
        let dir = temp_dir("page-plan");
        let catalog = SqliteCatalog::open(dir.join("c.db")).unwrap();
        let conn = catalog.lock();
        let sql = "EXPLAIN QUERY PLAN SELECT name FROM connections INDEXED BY connections_by_scope
             WHERE environment = ?1 AND cloud = ?2 AND region = ?3 AND name > ?4
               AND (?5 IS NULL OR connection_type = ?5) ORDER BY name LIMIT ?6";
        let mut stmt = conn.prepare(sql).unwrap();
        let plan: Vec<String> = stmt
            .query_map(params!["e", "c", "r", "p", None::<String>, 10], |row| row.get(3))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let plan = plan.join("\n");
        assert!(
            plan.contains("INDEX connections_by_scope (environment=? AND cloud=? AND region=? AND name>?)"),
            "{plan}"
        );
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
