//! Backup and restore of a catalog file, online: other processes may read and write the catalog
//! meanwhile.
//!
//! - **Backup** is `VACUUM INTO` a new file: SQLite copies one consistent snapshot (a read
//!   transaction, so writers in other processes go on and are not included half-way), and the
//!   copy holds no free pages, so rows deleted before the backup do not travel in it. The copy is
//!   written under a temporary name beside the target (mode 0600), checked (`integrity_check`,
//!   schema, key check), synced, then linked to its name, which fails rather than replace a file:
//!   a killed backup leaves no half file under the name asked for.
//! - **Restore** checks the file first (a flink-ddl catalog, a schema this build knows, intact,
//!   sealed with the key the catalog uses), saves the current catalog beside it
//!   (`<catalog>.before-restore-<time>`, by the backup above), then copies the file into the live
//!   catalog with SQLite's online backup API in one write transaction: until it commits, every
//!   process sees the old catalog; after it, the new one. A crash at any point leaves one of the
//!   two whole.
//!
//! The key file is not part of a backup: credentials stay sealed, and a backup is as safe to
//! keep as the catalog. Keep the key file (and keys retired by `rekey`) apart from it.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use flink_ddl_exec::seal::write_private_file;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use crate::error::{plain_storage, MaintenanceError};
use crate::schema::{migrate, APPLICATION_ID, SCHEMA_VERSION};
use crate::sqlite_catalog::SqliteCatalog;

/// What a backup wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReport {
    /// The backup file.
    pub path: PathBuf,
    /// Connections in it.
    pub connections: u64,
    /// Tables in it.
    pub tables: u64,
    /// Its size in bytes.
    pub bytes: u64,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreReport {
    /// The file restored from.
    pub from: PathBuf,
    /// Where the catalog as it was before the restore was saved.
    pub previous: PathBuf,
    /// Connections in the restored catalog.
    pub connections: u64,
    /// Tables in the restored catalog.
    pub tables: u64,
}

/// How often a restore retries while another process holds the write lock (with the catalog's
/// busy timeout this is minutes, not forever).
const BUSY_ATTEMPTS: u32 = 600;

impl SqliteCatalog {
    /// Writes a consistent copy of the catalog to `target`, a file that must not exist yet.
    /// Other processes may write meanwhile; the copy is the catalog as of one moment.
    ///
    /// ```
    /// use flink_ddl_sqlite::SqliteCatalog;
    /// let dir = tempfile::tempdir()?;
    /// let catalog = SqliteCatalog::open(dir.path().join("c.db"))?;
    /// let report = catalog.backup_to(&dir.path().join("c.backup"))?;
    /// assert_eq!((report.connections, report.tables), (0, 0));
    /// assert!(catalog.backup_to(&dir.path().join("c.backup")).is_err(), "never replaces a file");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn backup_to(&self, target: &Path) -> Result<BackupReport, MaintenanceError> {
        let io =
            |path: &Path, e: std::io::Error| MaintenanceError::Io { path: path.to_path_buf(), message: e.to_string() };
        if target.exists() {
            return Err(MaintenanceError::TargetExists { path: target.to_path_buf() });
        }
        let directory = target.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if !directory.is_dir() {
            return Err(MaintenanceError::Io {
                path: target.to_path_buf(),
                message: format!("directory {} does not exist", directory.display()),
            });
        }
        let temporary = temporary_beside(target);
        // VACUUM INTO writes into an existing empty file as it is, so the copy is private from
        // its first byte.
        write_private_file(&temporary, b"").map_err(|e| io(&temporary, e))?;
        let written = self.vacuum_into(&temporary).and_then(|()| check_backup_file(&temporary, self));
        let report = match written {
            Ok(counts) => counts,
            Err(e) => {
                let _ = fs::remove_file(&temporary);
                return Err(e);
            }
        };
        let synced = fs::File::open(&temporary).and_then(|f| f.sync_all());
        let linked = synced.and_then(|()| fs::hard_link(&temporary, target));
        let _ = fs::remove_file(&temporary);
        match linked {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(MaintenanceError::TargetExists { path: target.to_path_buf() })
            }
            Err(e) => return Err(io(target, e)),
        }
        sync_directory(directory);
        let bytes = fs::metadata(target).map(|m| m.len()).map_err(|e| io(target, e))?;
        Ok(BackupReport { path: target.to_path_buf(), connections: report.0, tables: report.1, bytes })
    }

    fn vacuum_into(&self, file: &Path) -> Result<(), MaintenanceError> {
        let conn = self.lock();
        let name = file.to_str().ok_or_else(|| MaintenanceError::Io {
            path: file.to_path_buf(),
            message: "the path is not valid UTF-8, which SQLite needs here".to_owned(),
        })?;
        conn.execute("VACUUM INTO ?1", [name]).map_err(|e| MaintenanceError::Catalog(self.storage(e)))?;
        Ok(())
    }

    /// Replaces the catalog's content with the backup in `from`, after checking it (a flink-ddl
    /// catalog, a schema this build knows, intact, sealed with this catalog's key). The current
    /// content is saved first as `<catalog>.before-restore-<unix time>`; the copy is one write
    /// transaction, so every process sees either the old catalog or the new one.
    pub fn restore_from(&self, from: &Path) -> Result<RestoreReport, MaintenanceError> {
        check_restorable(from, self)?;
        let previous = self.free_name(".before-restore");
        self.backup_to(&previous)?;

        let source = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| not_a_backup(from, &e.to_string()))?;
        {
            let mut conn = self.lock();
            conn.flush_prepared_statement_cache();
            let copy = Backup::new(&source, &mut conn).map_err(|e| MaintenanceError::Catalog(self.storage(e)))?;
            let mut attempts = 0;
            loop {
                // -1: every page in one step, so the copy is one transaction on the catalog.
                match copy.step(-1).map_err(|e| MaintenanceError::Catalog(self.storage(e)))? {
                    StepResult::Done => break,
                    StepResult::More => {}
                    StepResult::Busy | StepResult::Locked if attempts < BUSY_ATTEMPTS => {
                        attempts += 1;
                        std::thread::sleep(Duration::from_millis(100));
                    }
                    _ => {
                        return Err(MaintenanceError::Catalog(flink_ddl_exec::CatalogError::Storage {
                            message: format!(
                                "catalog {}: another process kept it locked; nothing was restored",
                                self.path.display()
                            ),
                        }))
                    }
                }
            }
            drop(copy);
            // A backup of an older schema is brought up to date like any older catalog.
            migrate(&mut conn, &self.path)?;
        }
        let (connections, tables) = self.counts().map_err(MaintenanceError::Catalog)?;
        Ok(RestoreReport { from: from.to_path_buf(), previous, connections, tables })
    }

    /// `<catalog><suffix>-<unix seconds>`, with a counter when that name is taken.
    fn free_name(&self, suffix: &str) -> PathBuf {
        let seconds =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        let mut n = 0;
        loop {
            let mut name = self.path.as_os_str().to_owned();
            name.push(format!("{suffix}-{seconds}"));
            if n > 0 {
                name.push(format!("-{n}"));
            }
            let candidate = PathBuf::from(name);
            if !candidate.exists() {
                return candidate;
            }
            n += 1;
        }
    }

    /// Connections and tables, all scopes.
    pub(crate) fn counts(&self) -> Result<(u64, u64), flink_ddl_exec::CatalogError> {
        let conn = self.lock();
        counts_in(&conn).map_err(plain_storage).map_err(|e| self.relabel(e))
    }
}

fn counts_in(conn: &Connection) -> rusqlite::Result<(u64, u64)> {
    let count = |sql: &str| conn.query_row(sql, [], |row| row.get::<_, i64>(0)).map(|n| u64::try_from(n).unwrap_or(0));
    Ok((count("SELECT count(*) FROM connections")?, count("SELECT count(*) FROM catalog_tables")?))
}

/// `.<name>.<pid>.<nanos>.tmp` in the directory of `target`: a name no other process picks.
fn temporary_beside(target: &Path) -> PathBuf {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    target.with_file_name(format!(".{name}.{}.{nanos}.tmp", std::process::id()))
}

/// Syncs a directory so that a new name in it is durable (not every system allows it).
pub(crate) fn sync_directory(directory: &Path) {
    if let Ok(dir) = fs::File::open(directory) {
        let _ = dir.sync_all();
    }
}

fn not_a_backup(path: &Path, reason: &str) -> MaintenanceError {
    MaintenanceError::NotABackup { path: path.to_path_buf(), reason: reason.to_owned() }
}

/// Checks a file meant to be restored into `catalog`: a flink-ddl catalog of a schema this build
/// knows, intact, with a key check that `catalog`'s key opens.
fn check_restorable(path: &Path, catalog: &SqliteCatalog) -> Result<(u64, u64), MaintenanceError> {
    if !path.is_file() {
        return Err(not_a_backup(path, "no such file"));
    }
    check_backup_file(path, catalog)
}

/// The checks of a backup file; gives its counts.
fn check_backup_file(path: &Path, catalog: &SqliteCatalog) -> Result<(u64, u64), MaintenanceError> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| not_a_backup(path, &e.to_string()))?;
    let read = |e: rusqlite::Error| match &e {
        rusqlite::Error::SqliteFailure(code, _) if code.code == rusqlite::ErrorCode::NotADatabase => {
            not_a_backup(path, "not a database")
        }
        _ => not_a_backup(path, &e.to_string()),
    };
    let id: i32 = conn.pragma_query_value(None, "application_id", |row| row.get(0)).map_err(read)?;
    if id != APPLICATION_ID {
        let reason = if id == 0 { "not made by flink-ddl".to_owned() } else { format!("application id {id:#x}") };
        return Err(not_a_backup(path, &reason));
    }
    let version: u32 = conn.pragma_query_value(None, "user_version", |row| row.get(0)).map_err(read)?;
    if version > SCHEMA_VERSION {
        return Err(MaintenanceError::NewerBackup {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |row| row.get(0)).map_err(read)?;
    if integrity != "ok" {
        return Err(not_a_backup(path, &format!("the file is damaged ({integrity})")));
    }
    let check = crate::key::stored_key_check(&conn).map_err(read)?;
    match check {
        Some(check) if catalog.sealer.opens_key_check(&check) => {}
        Some(_) => {
            return Err(MaintenanceError::BackupKeyMismatch {
                path: path.to_path_buf(),
                key_file: catalog.key_file.clone(),
            })
        }
        None => return Err(not_a_backup(path, "it records no key check")),
    }
    counts_in(&conn).map_err(read)
}
