//! Key rotation: every sealed value of a catalog re-sealed under a new key, in one transaction,
//! and the new key put where the catalog's key is looked for.
//!
//! The steps, and what a crash (SIGKILL) between any two of them leaves:
//!
//! 1. The new key is written to its own file (`<key file>.new`, or the file given), created
//!    atomically like any key file. *Catalog under the old key; the old key file in place.*
//! 2. One `BEGIN IMMEDIATE` transaction opens every credential and table option with the old key,
//!    seals it with the new one, and replaces the key check. *Before the commit: all old. After:
//!    all new; nothing is ever half re-sealed.*
//! 3. (When the key file stays where it is) the old key file is kept as
//!    `<key file>.retired-<unix time>` (a hard link: backups made before still need it), then the
//!    new key file is renamed over the key file, which is atomic. *Between 2 and this step the
//!    catalog opens only with the key in `<key file>.new`; running `rekey` again finishes the
//!    move.*
//!
//! So at every point exactly one of the two keys opens the catalog, and running `rekey` again
//! after a crash either finishes the move (the catalog is already under the pending key) or
//! starts over from the old key. Other processes that had the catalog open before the rekey
//! cannot write under the old key afterwards: each write checks the key check first.

use std::fs;
use std::path::{Path, PathBuf};

use flink_ddl_exec::seal::{create_key_file, read_key_file, KeyFileError, Sealer};
use flink_ddl_exec::CatalogError;
use rusqlite::params;

use crate::backup::sync_directory;
use crate::error::{plain_storage, MaintenanceError, OpenCatalogError};
use crate::reseal::reseal_rows;
use crate::sqlite_catalog::SqliteCatalog;

/// A step of [`rekey`], reported as it happens (for progress, and for tests that stop the process
/// at each step).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RekeyStep {
    /// The new key is in its file (created, or read from the file given).
    NewKeyReady,
    /// One more row was re-sealed, inside the transaction: nothing is committed yet.
    Resealed {
        /// Rows done.
        done: u64,
        /// Rows to do.
        total: u64,
    },
    /// The transaction committed: every sealed value is under the new key.
    Committed,
    /// The old key file was kept under its retired name.
    OldKeyKept,
    /// The new key file was moved to the key file's place.
    KeyInstalled,
}

/// What [`rekey`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RekeyReport {
    /// The key file that opens the catalog now.
    pub key_file: PathBuf,
    /// Where the old key was kept, when the key file was replaced.
    pub retired_key: Option<PathBuf>,
    /// Connections re-sealed (0 when an interrupted rekey was only finished).
    pub connections: u64,
    /// Tables re-sealed (0 when an interrupted rekey was only finished).
    pub tables: u64,
    /// Models, tools and agents re-sealed (0 when an interrupted rekey was only finished).
    pub ai_objects: u64,
    /// True when this run finished a rekey that an earlier run had committed.
    pub resumed: bool,
}

/// Re-seals every credential of the catalog at `path` (opened with the key in `key_file`) under a
/// new key, in one transaction.
///
/// Without `new_key_file`, a new random key is made and ends up in `key_file` (the old key kept as
/// `<key file>.retired-<unix time>`). With `new_key_file`, the key in that file is used (a new
/// random key is written there when it does not exist), `key_file` is left as it is, and the
/// catalog must be opened with `new_key_file` from then on. Running it again after a crash
/// finishes what the crashed run committed.
pub fn rekey(
    path: &Path,
    key_file: &Path,
    new_key_file: Option<&Path>,
    observe: &mut dyn FnMut(RekeyStep),
) -> Result<RekeyReport, MaintenanceError> {
    let pending = new_key_file.map_or_else(|| pending_key_file(key_file), Path::to_path_buf);
    let install = new_key_file.is_none();
    let key_problem = |file: &Path, e: KeyFileError| MaintenanceError::KeyFile {
        key_file: file.to_path_buf(),
        message: e.to_string(),
    };

    let (connections, tables, ai_objects, resumed) = match SqliteCatalog::open_with_key_file(path, key_file) {
        Ok(catalog) => {
            let new_key = match read_key_file(&pending) {
                Ok(key) => key,
                Err(KeyFileError::Missing) => create_key_file(&pending).map_err(|e| key_problem(&pending, e))?,
                Err(e) => return Err(key_problem(&pending, e)),
            };
            // Every row is sealed again, bound to the catalog: none is left unbound.
            let new_sealer = match catalog.sealer.catalog_id() {
                Some(id) => Sealer::new(&new_key).bound_to(id),
                None => Sealer::new(&new_key),
            };
            let current = catalog.key_check.lock().map(|c| c.clone()).unwrap_or_default();
            if new_sealer.opens_key_check(&current) {
                return Err(MaintenanceError::SameKey { key_file: pending });
            }
            observe(RekeyStep::NewKeyReady);
            let (connections, tables, ai_objects) = catalog.reseal_all(&new_sealer, observe)?;
            observe(RekeyStep::Committed);
            (connections, tables, ai_objects, false)
        }
        // A crash after the commit of an earlier run: the catalog is under the pending key.
        Err(OpenCatalogError::WrongKey { .. }) if pending.is_file() => {
            drop(SqliteCatalog::open_with_key_file(path, &pending)?);
            (0, 0, 0, true)
        }
        Err(e) => return Err(e.into()),
    };

    if !install {
        return Ok(RekeyReport { key_file: pending, retired_key: None, connections, tables, ai_objects, resumed });
    }
    let retired = retired_name(key_file);
    if key_file.exists() {
        fs::hard_link(key_file, &retired).map_err(|e| MaintenanceError::KeyFile {
            key_file: retired.clone(),
            message: format!("cannot keep the old key: {e}"),
        })?;
    }
    observe(RekeyStep::OldKeyKept);
    fs::rename(&pending, key_file).map_err(|e| MaintenanceError::KeyFile {
        key_file: key_file.to_path_buf(),
        message: format!("cannot move the new key from {} into place: {e}", pending.display()),
    })?;
    if let Some(directory) = key_file.parent().filter(|d| !d.as_os_str().is_empty()) {
        sync_directory(directory);
    }
    observe(RekeyStep::KeyInstalled);
    let retired_key = retired.exists().then_some(retired);
    Ok(RekeyReport { key_file: key_file.to_path_buf(), retired_key, connections, tables, ai_objects, resumed })
}

/// `<key file>.new`: where a new key waits until the catalog is sealed under it.
pub fn pending_key_file(key_file: &Path) -> PathBuf {
    let mut name = key_file.as_os_str().to_owned();
    name.push(".new");
    PathBuf::from(name)
}

/// `<key file>.retired-<unix seconds>`, with a counter when taken.
fn retired_name(key_file: &Path) -> PathBuf {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    (0..)
        .map(|n: u32| {
            let mut name = key_file.as_os_str().to_owned();
            name.push(format!(".retired-{seconds}"));
            if n > 0 {
                name.push(format!("-{n}"));
            }
            PathBuf::from(name)
        })
        .find(|candidate| !candidate.exists())
        .unwrap_or_else(|| key_file.with_extension("retired"))
}

impl SqliteCatalog {
    /// Opens every sealed value with the catalog's key and seals it with `new`, and replaces the
    /// key check, all in one transaction. Gives the numbers of connections, tables, and models,
    /// tools and agents.
    fn reseal_all(&self, new: &Sealer, observe: &mut dyn FnMut(RekeyStep)) -> Result<(u64, u64, u64), CatalogError> {
        self.write(|tx, old| {
            let counts = reseal_rows(tx, old, new, &mut |done, total| observe(RekeyStep::Resealed { done, total }))?;
            let check = new.key_check()?;
            tx.execute("UPDATE catalog_meta SET value = ?1 WHERE key = 'key_check'", params![check])
                .map_err(plain_storage)?;
            tx.execute("DELETE FROM catalog_meta WHERE key = 'unbound_rows'", []).map_err(plain_storage)?;
            Ok(counts)
        })
    }
}
