//! Unlocking the catalog: the key file's key is checked against the key check the catalog
//! records, or, for a new catalog, the key file is read (or created) and the check recorded by
//! the first process, under the migration lock, so that processes starting together agree on
//! one key. A wrong or missing key is refused before anything is written.

use std::path::Path;

use flink_ddl_exec::seal::{create_key_file, read_key_file, KeyFileError, Sealer};
use postgres::GenericClient;

use crate::error::{describe, OpenCatalogError};
use crate::rows::{connection_record, table_record};

const READ_KEY_CHECK: &str = "SELECT value FROM flink_ddl.meta WHERE key = 'key_check'";
const READ_BINDING: &str = "SELECT value, EXISTS (SELECT 1 FROM flink_ddl.meta WHERE key = 'unbound_rows') \
                            FROM flink_ddl.meta WHERE key = 'catalog_id'";

/// The catalog's id, and whether rows sealed without it may still be read; `None` before it has one.
pub(crate) fn binding(client: &mut impl GenericClient) -> Result<Option<(Vec<u8>, bool)>, postgres::Error> {
    Ok(client.query_opt(READ_BINDING, &[])?.map(|row| (row.get(0), row.get(1))))
}

/// Binds `sealer` to the catalog's id (`flink_ddl.meta.catalog_id`, a random UUID's 16 bytes),
/// made in `tx` (which holds the migration lock) when the catalog has none yet: at creation, or
/// for a catalog made by an earlier version on its next open. One that already held sealed rows
/// is marked `unbound_rows`: those rows, sealed without an id, still open; every row written
/// from then on is bound. A catalog created with its id never opens an unbound value.
pub(crate) fn bind(
    tx: &mut postgres::Transaction<'_>,
    catalog: &str,
    sealer: Sealer,
) -> Result<Sealer, OpenCatalogError> {
    let storage = |e: postgres::Error| OpenCatalogError::Storage { catalog: catalog.to_owned(), message: describe(&e) };
    if let Some((id, unbound)) = binding(tx).map_err(storage)? {
        return Ok(sealer.bound_to(&id).accepting_unbound(unbound));
    }
    let sealed_rows: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM flink_ddl.connections) OR EXISTS (SELECT 1 FROM flink_ddl.catalog_tables) \
             OR EXISTS (SELECT 1 FROM flink_ddl.ai_objects)",
            &[],
        )
        .map_err(storage)?
        .get(0);
    // An id, not a secret: a random UUID tells catalogs apart.
    tx.execute("INSERT INTO flink_ddl.meta (key, value) VALUES ('catalog_id', uuid_send(gen_random_uuid()))", &[])
        .map_err(storage)?;
    if sealed_rows {
        tx.execute("INSERT INTO flink_ddl.meta (key, value) VALUES ('unbound_rows', '\\x01'::bytea)", &[])
            .map_err(storage)?;
    }
    let (id, unbound) = binding(tx).map_err(storage)?.unwrap_or_default();
    Ok(sealer.bound_to(&id).accepting_unbound(unbound))
}

/// The key check the catalog records, if any.
pub(crate) fn key_check(client: &mut impl GenericClient) -> Result<Option<Vec<u8>>, postgres::Error> {
    Ok(client.query_opt(READ_KEY_CHECK, &[])?.map(|row| row.get(0)))
}

/// The sealer of a catalog whose key check is `check`: the key file must hold its key.
pub(crate) fn sealer_for(check: &[u8], catalog: &str, key_file: &Path) -> Result<Sealer, OpenCatalogError> {
    let key = match read_key_file(key_file) {
        Ok(key) => key,
        Err(KeyFileError::Missing) => {
            return Err(OpenCatalogError::KeyFileMissing {
                key_file: key_file.to_path_buf(),
                catalog: catalog.to_owned(),
            })
        }
        Err(problem) => return Err(OpenCatalogError::key_file(key_file, problem)),
    };
    let sealer = Sealer::new(&key);
    if sealer.opens_key_check(check) {
        Ok(sealer)
    } else {
        Err(OpenCatalogError::WrongKey { key_file: key_file.to_path_buf(), catalog: catalog.to_owned() })
    }
}

/// In `tx`, which holds the migration lock: checks the key against the recorded key check, or
/// records one. Without a key check, rows that are sealed already (the check row was removed)
/// must open with the key, and a key file is created only for a catalog with no sealed row.
pub(crate) fn unlock(
    tx: &mut postgres::Transaction<'_>,
    catalog: &str,
    key_file: &Path,
) -> Result<Sealer, OpenCatalogError> {
    let storage = |e: postgres::Error| OpenCatalogError::Storage { catalog: catalog.to_owned(), message: describe(&e) };
    if let Some(check) = key_check(tx).map_err(storage)? {
        return sealer_for(&check, catalog, key_file);
    }
    let connection = tx
        .query_opt(
            "SELECT environment, name, cloud, region, connection_type, endpoint, comment, created_at, updated_at, \
             uid, resource_version, status_phase, status_detail, sealed_credentials FROM flink_ddl.connections LIMIT 1",
            &[],
        )
        .map_err(storage)?;
    let table = tx
        .query_opt(
            "SELECT environment, cloud, region, name, masked_sql, connector, connection_name, connection_type, \
             created_at, sealed_options FROM flink_ddl.catalog_tables LIMIT 1",
            &[],
        )
        .map_err(storage)?;
    let sealed_rows = connection.is_some() || table.is_some();
    let key = match read_key_file(key_file) {
        Ok(key) => key,
        Err(KeyFileError::Missing) if sealed_rows => {
            return Err(OpenCatalogError::KeyFileMissing {
                key_file: key_file.to_path_buf(),
                catalog: catalog.to_owned(),
            })
        }
        Err(KeyFileError::Missing) => {
            create_key_file(key_file).map_err(|problem| OpenCatalogError::key_file(key_file, problem))?
        }
        Err(problem) => return Err(OpenCatalogError::key_file(key_file, problem)),
    };
    let sealer = Sealer::new(&key);
    // Rows sealed bound to the catalog's id open only with it.
    let probe = match binding(tx).map_err(storage)? {
        Some((id, unbound)) => Sealer::new(&key).bound_to(&id).accepting_unbound(unbound),
        None => Sealer::new(&key),
    };
    let opens = match (&connection, &table) {
        (Some(row), _) => connection_record(row, &probe).is_ok(),
        (None, Some(row)) => table_record(row, &probe).is_ok(),
        (None, None) => true,
    };
    if !opens {
        return Err(OpenCatalogError::WrongKey { key_file: key_file.to_path_buf(), catalog: catalog.to_owned() });
    }
    let check = sealer
        .key_check()
        .map_err(|e| OpenCatalogError::Storage { catalog: catalog.to_owned(), message: e.to_string() })?;
    tx.execute("INSERT INTO flink_ddl.meta (key, value) VALUES ('key_check', $1)", &[&check]).map_err(storage)?;
    Ok(sealer)
}
