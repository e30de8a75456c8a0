//! Sealing every row of a catalog again, inside one transaction: what `rekey` does with a new
//! key, and what opening a catalog made before catalog ids does once, to bind its rows to the id.

use flink_ddl_exec::seal::{row_identity, Sealer};
use flink_ddl_exec::{CatalogError, Scope};
use rusqlite::{params, Transaction};

use crate::error::plain_storage;

/// Opens every sealed value (connections, tables, models, tools and agents) with `old` and seals
/// it with `new`, in `tx`; `observe(done, total)` after each row. Gives the numbers of
/// connections, tables, and models, tools and agents. A value that does not open stops it with
/// an error naming the row (the caller's transaction then rolls back).
pub(crate) fn reseal_rows(
    tx: &Transaction<'_>,
    old: &Sealer,
    new: &Sealer,
    observe: &mut dyn FnMut(u64, u64),
) -> Result<(u64, u64, u64), CatalogError> {
    let rows = |sql: &str| -> Result<Vec<(i64, Scope, String)>, CatalogError> {
        let mut stmt = tx.prepare(sql).map_err(plain_storage)?;
        let found = stmt
            .query_map([], |row| {
                Ok((
                    row.get(0)?,
                    Scope { environment: row.get(1)?, cloud: row.get(2)?, region: row.get(3)? },
                    row.get(4)?,
                ))
            })
            .map_err(plain_storage)?;
        found.collect::<rusqlite::Result<Vec<_>>>().map_err(plain_storage)
    };
    let connections = rows("SELECT id, environment, cloud, region, name FROM connections ORDER BY id")?;
    let tables = rows("SELECT id, environment, cloud, region, name FROM catalog_tables ORDER BY id")?;
    // A model's, tool's or agent's versions are sealed for `kind:name` (see `ai_rows.rs`).
    let ai_objects = rows("SELECT id, environment, cloud, region, kind || ':' || name FROM ai_objects ORDER BY id")?;
    let total = (connections.len() + tables.len() + ai_objects.len()) as u64;
    let mut done = 0;
    for (kind, table, column, list) in [
        ("connection", "connections", "sealed_credentials", &connections),
        ("table", "catalog_tables", "sealed_options", &tables),
        ("ai_object", "ai_objects", "sealed_versions", &ai_objects),
    ] {
        let select = format!("SELECT {column} FROM {table} WHERE id = ?1");
        let update = format!("UPDATE {table} SET {column} = ?2 WHERE id = ?1");
        for (id, scope, name) in list {
            let sealed: Vec<u8> =
                tx.prepare_cached(&select).and_then(|mut s| s.query_row([id], |r| r.get(0))).map_err(plain_storage)?;
            let identity = row_identity(kind, scope, name);
            let plain = old.open(&identity, &sealed).map_err(|_| CatalogError::Storage {
                message: format!(
                    "the sealed values of {kind} \"{name}\" in {scope} do not open with the current key; nothing was changed"
                ),
            })?;
            let resealed = new.seal(&identity, &plain)?;
            tx.prepare_cached(&update).and_then(|mut s| s.execute(params![id, resealed])).map_err(plain_storage)?;
            done += 1;
            observe(done, total);
        }
    }
    Ok((connections.len() as u64, tables.len() as u64, ai_objects.len() as u64))
}
