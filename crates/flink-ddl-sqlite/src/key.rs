//! Unlocking a catalog: the key file's key is checked against the key check the catalog
//! records, or, for a new catalog, the key file is created and the check recorded.

use std::path::Path;

use flink_ddl_exec::seal::{create_key_file, read_key_file, KeyFileError, Sealer};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use crate::error::{open_storage_error, OpenCatalogError};
use crate::reseal::reseal_rows;
use crate::rows::{read_connection_row, read_table_row, CONNECTION_COLUMNS, TABLE_COLUMNS};

/// Loads the key and checks it against the catalog, or, for a catalog that has no key check yet,
/// loads or creates the key file and records the check. Runs under the write lock, so two
/// processes opening a new catalog at once agree on one key.
pub(crate) fn unlock(conn: &mut Connection, path: &Path, key_file: &Path) -> Result<Sealer, OpenCatalogError> {
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
        Err(KeyFileError::Missing) if sealed_rows => {
            return Err(OpenCatalogError::KeyFileMissing {
                key_file: key_file.to_path_buf(),
                catalog: path.to_path_buf(),
            })
        }
        Err(KeyFileError::Missing) => {
            create_key_file(key_file).map_err(|problem| OpenCatalogError::key_file(key_file, problem))?
        }
        Err(problem) => return Err(OpenCatalogError::key_file(key_file, problem)),
    };
    let sealer = Sealer::new(&key);
    // Rows sealed bound to the catalog's id open only with it.
    let probe = match binding(&tx).map_err(storage)? {
        Some((id, unbound)) => Sealer::new(&key).bound_to(&id).accepting_unbound(unbound),
        None => Sealer::new(&key),
    };
    if sealed_rows && !opens_a_sealed_row(&tx, &probe).map_err(storage)? {
        return Err(OpenCatalogError::WrongKey { key_file: key_file.to_path_buf(), catalog: path.to_path_buf() });
    }
    let check = sealer
        .key_check()
        .map_err(|e| OpenCatalogError::Storage { catalog: path.to_path_buf(), message: e.to_string() })?;
    tx.execute("INSERT INTO catalog_meta (key, value) VALUES ('key_check', ?1)", params![check]).map_err(storage)?;
    tx.commit().map_err(storage)?;
    Ok(sealer)
}

/// Binds `sealer` to the catalog's id (`catalog_meta.catalog_id`, 16 random bytes). A catalog
/// gets its id the first time it is opened by a version that knows ids, under the write lock: at
/// creation, or, for a catalog made earlier, on its next open, which then seals every row again,
/// bound, in the same transaction (a crash leaves the catalog as it was, unbound, and the next
/// open does it again). So no catalog ever opens a value sealed without its id. (A catalog marked
/// `unbound_rows` by another build still reads them until `catalog rekey`.)
pub(crate) fn bind(conn: &mut Connection, path: &Path, sealer: Sealer) -> Result<Sealer, OpenCatalogError> {
    let storage = |e| open_storage_error(path, e);
    if let Some((id, unbound)) = binding(conn).map_err(storage)? {
        return Ok(sealer.bound_to(&id).accepting_unbound(unbound));
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(storage)?;
    if let Some((id, unbound)) = binding(&tx).map_err(storage)? {
        return Ok(sealer.bound_to(&id).accepting_unbound(unbound));
    }
    // An id, not a secret: SQLite's randomblob (seeded by the OS) is random enough to tell
    // catalogs apart.
    tx.execute("INSERT INTO catalog_meta (key, value) VALUES ('catalog_id', randomblob(16))", []).map_err(storage)?;
    let (id, _) = binding(&tx).map_err(storage)?.unwrap_or_default();
    let bound = sealer.bound_copy(&id);
    reseal_rows(&tx, &sealer, &bound, &mut |_, _| {})
        .map_err(|e| OpenCatalogError::Storage { catalog: path.to_path_buf(), message: e.to_string() })?;
    tx.commit().map_err(storage)?;
    Ok(bound)
}

/// The catalog's id, and whether rows sealed without it may still be read; `None` before it has one.
fn binding(conn: &Connection) -> rusqlite::Result<Option<(Vec<u8>, bool)>> {
    let id: Option<Vec<u8>> =
        conn.query_row("SELECT value FROM catalog_meta WHERE key = 'catalog_id'", [], |row| row.get(0)).optional()?;
    let Some(id) = id else { return Ok(None) };
    let unbound: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM catalog_meta WHERE key = 'unbound_rows')", [], |row| row.get(0))?;
    Ok(Some((id, unbound)))
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

/// The key check the catalog records, if any.
pub(crate) fn stored_key_check(conn: &Connection) -> rusqlite::Result<Option<Vec<u8>>> {
    conn.query_row("SELECT value FROM catalog_meta WHERE key = 'key_check'", [], |row| row.get(0)).optional()
}

fn sealer_for(check: &[u8], path: &Path, key_file: &Path) -> Result<Sealer, OpenCatalogError> {
    let key = match read_key_file(key_file) {
        Ok(key) => key,
        Err(KeyFileError::Missing) => {
            return Err(OpenCatalogError::KeyFileMissing {
                key_file: key_file.to_path_buf(),
                catalog: path.to_path_buf(),
            })
        }
        Err(problem) => return Err(OpenCatalogError::key_file(key_file, problem)),
    };
    let sealer = Sealer::new(&key);
    if sealer.opens_key_check(check) {
        Ok(sealer)
    } else {
        Err(OpenCatalogError::WrongKey { key_file: key_file.to_path_buf(), catalog: path.to_path_buf() })
    }
}
