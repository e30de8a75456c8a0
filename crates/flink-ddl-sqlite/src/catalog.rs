//! [`Catalog`] on a [`SqliteCatalog`]: each changing call is one `BEGIN IMMEDIATE` transaction that
//! checks its invariant and makes its change; reads are single statements or one snapshot.

use flink_ddl_exec::{
    AiObjectChange, AiObjectKind, AiObjectRecord, ApiKeyRecord, Catalog, CatalogError, ConnectionInfo,
    ConnectionRecord, ConnectionType, NameFilter, Scope, TableRecord,
};
use rusqlite::{params, OptionalExtension};

use crate::ai_rows::{
    ai_row, ai_rows, check_connection_unused, check_object_unused, check_unchanged, check_uses, name_taken, put_ai_row,
    take_ai_row,
};
use crate::error::plain_storage;
use crate::rows::*;
use crate::sqlite_catalog::SqliteCatalog;

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

    fn list_connections_after(
        &self,
        scope: &Scope,
        after: Option<&str>,
        connection_type: Option<ConnectionType>,
        limit: usize,
    ) -> Result<Vec<ConnectionInfo>, CatalogError> {
        self.read(|conn, _| {
            // A range of the scope index from `after`, in its order, stopping after `limit` rows:
            // the page's cost does not grow with the names before it. (Names are never empty, so
            // `name > ''` is the whole scope.)
            let sql = format!(
                "SELECT {INFO_COLUMNS} FROM connections INDEXED BY connections_by_scope
                 WHERE environment = ?1 AND cloud = ?2 AND region = ?3 AND name > ?4
                   AND (?5 IS NULL OR connection_type = ?5)
                 ORDER BY name LIMIT ?6"
            );
            let limit = i64::try_from(limit).unwrap_or(i64::MAX);
            let mut stmt = conn.prepare_cached(&sql).map_err(plain_storage)?;
            let rows = stmt
                .query_map(
                    params![
                        scope.environment,
                        scope.cloud,
                        scope.region,
                        after.unwrap_or(""),
                        connection_type.map(|t| t.name()),
                        limit
                    ],
                    |row| read_row(row, false),
                )
                .map_err(plain_storage)?;
            let mut found = Vec::new();
            for row in rows {
                found.push(row.map_err(plain_storage)?.into_info()?);
            }
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
                check_connection_unused(tx, &info.scope, &info.name)?;
            }
            update_connection_row(tx, sealer, &record)?;
            Ok(Some(existing))
        })
    }

    fn update_connection(&self, record: ConnectionRecord, expected_version: u64) -> Result<(), CatalogError> {
        self.write(|tx, sealer| {
            let info = &record.info;
            let current: Option<(i64, String, String)> = tx
                .prepare_cached(
                    "SELECT resource_version, uid, connection_type FROM connections
                     WHERE environment = ?1 AND cloud = ?2 AND region = ?3 AND name = ?4",
                )
                .and_then(|mut s| {
                    s.query_row(
                        params![info.scope.environment, info.scope.cloud, info.scope.region, info.name],
                        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
                    )
                    .optional()
                })
                .map_err(plain_storage)?;
            match current {
                None => Err(CatalogError::ConnectionNotFound { name: info.name.clone(), scope: info.scope.clone() }),
                Some((version, uid, connection_type))
                    if version_from_sql(version) != expected_version
                        || uid != info.uid
                        || connection_type != info.connection_type.name() =>
                {
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
            check_connection_unused(tx, scope, name)?;
            let record = found.into_record(sealer)?;
            tx.prepare_cached("DELETE FROM connections WHERE environment = ?1 AND name = ?2")
                .and_then(|mut s| s.execute(params![scope.environment, name]))
                .map_err(plain_storage)?;
            Ok(record)
        })
    }

    fn delete_connections(&self, scope: &Scope, names: &[&str]) -> Result<Vec<ConnectionRecord>, CatalogError> {
        self.write(|tx, sealer| {
            let mut seen = std::collections::HashSet::new();
            let names: Vec<&str> = names.iter().copied().filter(|name| seen.insert(*name)).collect();
            // Every check before any change, in the one transaction: a refusal rolls it back whole.
            let mut found = Vec::with_capacity(names.len());
            for name in &names {
                match connection_row(tx, &scope.environment, name)?.filter(|row| row.scope == *scope) {
                    Some(row) => found.push(row),
                    None => {
                        return Err(CatalogError::ConnectionNotFound { name: (*name).to_owned(), scope: scope.clone() })
                    }
                }
            }
            for name in &names {
                check_connection_unused(tx, scope, name)?;
            }
            let mut removed = Vec::with_capacity(found.len());
            for (row, name) in found.into_iter().zip(&names) {
                removed.push(row.into_record(sealer)?);
                tx.prepare_cached("DELETE FROM connections WHERE environment = ?1 AND name = ?2")
                    .and_then(|mut s| s.execute(params![scope.environment, name]))
                    .map_err(plain_storage)?;
            }
            Ok(removed)
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
        self.insert_table_and_return(record).map(drop)
    }

    // The record is written from a borrow and given back: the executor's outcome takes it
    // without a second copy of the table's options in memory.
    fn insert_table_and_return(&self, record: TableRecord) -> Result<TableRecord, CatalogError> {
        self.write(|tx, sealer| {
            if table_row(tx, sealer, &record.scope, &record.name)?.is_some() {
                return Err(CatalogError::TableExists { name: record.name.clone(), scope: record.scope.clone() });
            }
            insert_table_row(tx, sealer, &record)
        })?;
        Ok(record)
    }

    fn replace_table(&self, record: TableRecord, must_exist: bool) -> Result<Option<TableRecord>, CatalogError> {
        self.replace_table_and_return(record, must_exist).map(|(_, replaced)| replaced)
    }

    fn replace_table_and_return(
        &self,
        record: TableRecord,
        must_exist: bool,
    ) -> Result<(TableRecord, Option<TableRecord>), CatalogError> {
        let replaced = self.write(|tx, sealer| {
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
        })?;
        Ok((record, replaced))
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

    fn insert_api_key(&self, record: ApiKeyRecord) -> Result<(), CatalogError> {
        self.write(|tx, _| {
            if api_key_row(tx, &record.key)?.is_some() {
                return Err(CatalogError::ApiKeyExists { key: record.key.clone() });
            }
            insert_api_key_row(tx, &record)
        })
    }

    fn get_api_key(&self, key: &str) -> Result<Option<ApiKeyRecord>, CatalogError> {
        self.read(|conn, _| {
            // Two reads (the key, its environments) from one snapshot.
            let snapshot = conn.unchecked_transaction().map_err(plain_storage)?;
            let found = api_key_row(&snapshot, key)?;
            snapshot.commit().map_err(plain_storage)?;
            Ok(found)
        })
    }

    fn list_api_keys(&self) -> Result<Vec<ApiKeyRecord>, CatalogError> {
        self.read(|conn, _| {
            let snapshot = conn.unchecked_transaction().map_err(plain_storage)?;
            let found = api_key_rows(&snapshot)?;
            snapshot.commit().map_err(plain_storage)?;
            Ok(found)
        })
    }

    fn delete_api_key(&self, key: &str) -> Result<ApiKeyRecord, CatalogError> {
        self.write(|tx, _| {
            let Some(found) = api_key_row(tx, key)? else {
                return Err(CatalogError::ApiKeyNotFound { key: key.to_owned() });
            };
            delete_api_key_row(tx, key)?;
            Ok(found)
        })
    }

    fn get_ai_object(
        &self,
        scope: &Scope,
        kind: AiObjectKind,
        name: &str,
    ) -> Result<Option<AiObjectRecord>, CatalogError> {
        self.read(|conn, sealer| {
            // One snapshot for the row and its references.
            let snapshot = conn.unchecked_transaction().map_err(plain_storage)?;
            let found = ai_row(&snapshot, sealer, scope, kind, name)?;
            snapshot.commit().map_err(plain_storage)?;
            Ok(found)
        })
    }

    fn list_ai_objects(
        &self,
        scope: &Scope,
        kind: AiObjectKind,
        filter: Option<&NameFilter>,
    ) -> Result<Vec<AiObjectRecord>, CatalogError> {
        self.read(|conn, sealer| {
            let snapshot = conn.unchecked_transaction().map_err(plain_storage)?;
            let found = ai_rows(&snapshot, sealer, scope, kind, |name| filter.is_none_or(|f| f.matches(name)))?;
            snapshot.commit().map_err(plain_storage)?;
            Ok(found)
        })
    }

    fn write_ai_object(&self, scope: &Scope, change: AiObjectChange) -> Result<(), CatalogError> {
        self.write(|tx, sealer| match change {
            AiObjectChange::Insert(record) => {
                if name_taken(tx, scope, &record)? {
                    let (kind, name) = (record.kind, record.name.clone());
                    return Err(CatalogError::AiObjectExists { kind, name, scope: scope.clone() });
                }
                check_uses(tx, scope, &record)?;
                put_ai_row(tx, sealer, scope, &record)
            }
            AiObjectChange::Replace { previous, record } => {
                check_unchanged(tx, sealer, scope, &previous)?;
                if record.name != previous.name {
                    if name_taken(tx, scope, &record)? {
                        let (kind, name) = (record.kind, record.name.clone());
                        return Err(CatalogError::AiObjectExists { kind, name, scope: scope.clone() });
                    }
                    check_object_unused(tx, scope, &previous)?;
                }
                check_uses(tx, scope, &record)?;
                take_ai_row(tx, scope, previous.kind, &previous.name)?;
                put_ai_row(tx, sealer, scope, &record)
            }
            AiObjectChange::Delete(previous) => {
                check_unchanged(tx, sealer, scope, &previous)?;
                check_object_unused(tx, scope, &previous)?;
                take_ai_row(tx, scope, previous.kind, &previous.name)
            }
        })
    }
}
