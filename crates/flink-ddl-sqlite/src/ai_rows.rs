//! Rows of models, tools and agents: `ai_objects` (the versions sealed: their statements may
//! hold credentials) and `ai_object_uses` (one row per reference, names and types only), and the
//! checks every write makes in its transaction: references exist, nothing used goes away.

use flink_ddl_exec::seal::{row_identity, Sealer};
use flink_ddl_exec::{
    decode_versions, encode_versions, AiObjectKind, AiObjectRecord, CatalogError, Dependency, DependencyKind,
    ObjectUse, Scope, Timestamp,
};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use crate::error::plain_storage;
use crate::rows::tables_using;

/// The columns `read_ai_row` reads, in its order.
pub(crate) const AI_COLUMNS: &str = "kind, name, default_version, created_at, sealed_versions";

/// The associated data of a row's sealed versions: kind and name together, as the rekey reads
/// them (`kind || ':' || name`).
pub(crate) fn ai_identity(scope: &Scope, kind: AiObjectKind, name: &str) -> Vec<u8> {
    row_identity("ai_object", scope, &format!("{}:{name}", kind.as_str()))
}

fn kind_of(text: &str) -> Option<AiObjectKind> {
    AiObjectKind::from_name(text)
}

struct AiRow {
    kind: String,
    name: String,
    default_version: i64,
    created_at: i64,
    sealed: Vec<u8>,
}

fn read_ai_row(row: &Row<'_>) -> rusqlite::Result<AiRow> {
    Ok(AiRow {
        kind: row.get(0)?,
        name: row.get(1)?,
        default_version: row.get(2)?,
        created_at: row.get(3)?,
        sealed: row.get(4)?,
    })
}

impl AiRow {
    fn into_record(self, conn: &Connection, sealer: &Sealer, scope: &Scope) -> Result<AiObjectRecord, CatalogError> {
        let corrupt = || CatalogError::Storage { message: format!("the {} \"{}\" is corrupt", self.kind, self.name) };
        let kind = kind_of(&self.kind).ok_or_else(corrupt)?;
        let plain =
            sealer.open(&ai_identity(scope, kind, &self.name), &self.sealed).map_err(|_| CatalogError::Storage {
                message: format!(
                    "the sealed versions of {kind} \"{}\" in {scope} do not open with the catalog's key \
                 (altered, or moved from another row)",
                    self.name
                ),
            })?;
        let versions = decode_versions(&plain).ok_or_else(corrupt)?;
        let uses = uses_of(conn, scope, kind, &self.name)?;
        Ok(AiObjectRecord {
            kind,
            default_version: u32::try_from(self.default_version).map_err(|_| corrupt())?,
            created_at: Timestamp::from_unix_micros(self.created_at),
            name: self.name,
            versions,
            uses,
        })
    }
}

/// What the object refers to, ordered as the executor orders it.
fn uses_of(conn: &Connection, scope: &Scope, kind: AiObjectKind, name: &str) -> Result<Vec<Dependency>, CatalogError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT used_kind, used_name, used_type FROM ai_object_uses
             WHERE environment = ?1 AND cloud = ?2 AND region = ?3 AND user_kind = ?4 AND user_name = ?5",
        )
        .map_err(plain_storage)?;
    let rows = stmt
        .query_map(params![scope.environment, scope.cloud, scope.region, kind.as_str(), name], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?))
        })
        .map_err(plain_storage)?;
    let mut uses = Vec::new();
    for row in rows {
        let (used_kind, used_name, used_type) = row.map_err(plain_storage)?;
        let used = Dependency::from_columns(&used_kind, &used_type, used_name)
            .ok_or_else(|| CatalogError::Storage { message: format!("a reference of \"{name}\" is corrupt") })?;
        uses.push(used);
    }
    uses.sort();
    Ok(uses)
}

/// The object of `kind` called `name` in `scope`.
pub(crate) fn ai_row(
    conn: &Connection,
    sealer: &Sealer,
    scope: &Scope,
    kind: AiObjectKind,
    name: &str,
) -> Result<Option<AiObjectRecord>, CatalogError> {
    let sql = format!(
        "SELECT {AI_COLUMNS} FROM ai_objects
         WHERE environment = ?1 AND cloud = ?2 AND region = ?3 AND kind = ?4 AND name = ?5"
    );
    let row = conn
        .prepare_cached(&sql)
        .and_then(|mut s| {
            s.query_row(params![scope.environment, scope.cloud, scope.region, kind.as_str(), name], read_ai_row)
                .optional()
        })
        .map_err(plain_storage)?;
    row.map(|row| row.into_record(conn, sealer, scope)).transpose()
}

/// The objects of `kind` in `scope` whose names `keep` keeps, by name (bytewise, as SQLite's
/// BINARY collation orders them).
pub(crate) fn ai_rows(
    conn: &Connection,
    sealer: &Sealer,
    scope: &Scope,
    kind: AiObjectKind,
    keep: impl Fn(&str) -> bool,
) -> Result<Vec<AiObjectRecord>, CatalogError> {
    let sql = format!(
        "SELECT {AI_COLUMNS} FROM ai_objects
         WHERE environment = ?1 AND cloud = ?2 AND region = ?3 AND kind = ?4 ORDER BY name"
    );
    let mut stmt = conn.prepare_cached(&sql).map_err(plain_storage)?;
    let rows = stmt
        .query_map(params![scope.environment, scope.cloud, scope.region, kind.as_str()], read_ai_row)
        .map_err(plain_storage)?;
    let mut found = Vec::new();
    for row in rows {
        let row = row.map_err(plain_storage)?;
        if keep(&row.name) {
            found.push(row.into_record(conn, sealer, scope)?);
        }
    }
    Ok(found)
}

fn exists(conn: &Connection, scope: &Scope, kind: AiObjectKind, name: &str) -> Result<bool, CatalogError> {
    conn.prepare_cached(
        "SELECT 1 FROM ai_objects WHERE environment = ?1 AND cloud = ?2 AND region = ?3 AND kind = ?4 AND name = ?5",
    )
    .and_then(|mut s| s.exists(params![scope.environment, scope.cloud, scope.region, kind.as_str(), name]))
    .map_err(plain_storage)
}

/// Inserts the row and its references (the caller has checked them).
pub(crate) fn put_ai_row(
    tx: &Transaction<'_>,
    sealer: &Sealer,
    scope: &Scope,
    record: &AiObjectRecord,
) -> Result<(), CatalogError> {
    let sealed = sealer.seal(&ai_identity(scope, record.kind, &record.name), &encode_versions(&record.versions))?;
    tx.prepare_cached(
        "INSERT INTO ai_objects (environment, cloud, region, kind, name, default_version, created_at, sealed_versions)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )
    .and_then(|mut s| {
        s.execute(params![
            scope.environment,
            scope.cloud,
            scope.region,
            record.kind.as_str(),
            record.name,
            i64::from(record.default_version),
            record.created_at.unix_micros(),
            sealed,
        ])
    })
    .map_err(plain_storage)?;
    for used in &record.uses {
        let (used_kind, used_type) = used.columns();
        tx.prepare_cached(
            "INSERT OR IGNORE INTO ai_object_uses
                 (environment, cloud, region, user_kind, user_name, used_kind, used_name, used_type)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .and_then(|mut s| {
            s.execute(params![
                scope.environment,
                scope.cloud,
                scope.region,
                record.kind.as_str(),
                record.name,
                used_kind,
                used.name,
                used_type
            ])
        })
        .map_err(plain_storage)?;
    }
    Ok(())
}

/// Deletes the row and its references.
pub(crate) fn take_ai_row(
    tx: &Transaction<'_>,
    scope: &Scope,
    kind: AiObjectKind,
    name: &str,
) -> Result<(), CatalogError> {
    let p = params![scope.environment, scope.cloud, scope.region, kind.as_str(), name];
    tx.prepare_cached(
        "DELETE FROM ai_objects WHERE environment = ?1 AND cloud = ?2 AND region = ?3 AND kind = ?4 AND name = ?5",
    )
    .and_then(|mut s| s.execute(p))
    .map_err(plain_storage)?;
    tx.prepare_cached(
        "DELETE FROM ai_object_uses
         WHERE environment = ?1 AND cloud = ?2 AND region = ?3 AND user_kind = ?4 AND user_name = ?5",
    )
    .and_then(|mut s| s.execute(params![scope.environment, scope.cloud, scope.region, kind.as_str(), name]))
    .map_err(plain_storage)?;
    Ok(())
}

/// The models, tools and agents of `scope` that refer to the `used_kind` called `name`, ordered
/// by kind (model, tool, agent) and name.
fn ai_users(conn: &Connection, scope: &Scope, used_kind: &str, name: &str) -> Result<Vec<ObjectUse>, CatalogError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT DISTINCT user_kind, user_name FROM ai_object_uses INDEXED BY ai_object_uses_by_used
             WHERE environment = ?1 AND cloud = ?2 AND region = ?3 AND used_kind = ?4 AND used_name = ?5",
        )
        .map_err(plain_storage)?;
    let rows = stmt
        .query_map(params![scope.environment, scope.cloud, scope.region, used_kind, name], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })
        .map_err(plain_storage)?;
    let mut users = Vec::new();
    for row in rows {
        let (kind, user) = row.map_err(plain_storage)?;
        let kind = kind_of(&kind).ok_or_else(|| CatalogError::Storage { message: "a reference is corrupt".into() })?;
        users.push((kind, user));
    }
    users.sort();
    Ok(users.into_iter().map(|(kind, name)| ObjectUse { kind: kind.as_str(), name }).collect())
}

/// Refuses while tables, models or tools use the connection: tables alone keep the connection
/// error they always had; with models or tools every user is named.
pub(crate) fn check_connection_unused(conn: &Connection, scope: &Scope, name: &str) -> Result<(), CatalogError> {
    let tables = tables_using(conn, &scope.environment, name)?;
    let others = ai_users(conn, scope, "connection", name)?;
    if others.is_empty() {
        if tables.is_empty() {
            return Ok(());
        }
        return Err(CatalogError::ConnectionInUse { name: name.to_owned(), tables });
    }
    let mut users: Vec<ObjectUse> = tables.into_iter().map(|table| ObjectUse { kind: "table", name: table }).collect();
    users.extend(others);
    Err(CatalogError::InUse { kind: "connection", name: name.to_owned(), users })
}

pub(crate) fn check_object_unused(
    conn: &Connection,
    scope: &Scope,
    record: &AiObjectRecord,
) -> Result<(), CatalogError> {
    let users: Vec<ObjectUse> = ai_users(conn, scope, record.kind.as_str(), &record.name)?
        .into_iter()
        .filter(|u| !(u.kind == record.kind.as_str() && u.name == record.name))
        .collect();
    if users.is_empty() {
        return Ok(());
    }
    Err(CatalogError::InUse { kind: record.kind.as_str(), name: record.name.clone(), users })
}

pub(crate) fn check_unchanged(
    conn: &Connection,
    sealer: &Sealer,
    scope: &Scope,
    previous: &AiObjectRecord,
) -> Result<(), CatalogError> {
    match ai_row(conn, sealer, scope, previous.kind, &previous.name)? {
        None => Err(CatalogError::AiObjectNotFound {
            kind: previous.kind,
            name: previous.name.clone(),
            scope: scope.clone(),
        }),
        Some(current) if current != *previous => {
            Err(CatalogError::AiObjectChanged { kind: previous.kind, name: previous.name.clone() })
        }
        Some(_) => Ok(()),
    }
}

/// Every reference of `record` exists in `scope` (a connection with the type asked for).
pub(crate) fn check_uses(conn: &Connection, scope: &Scope, record: &AiObjectRecord) -> Result<(), CatalogError> {
    for used in &record.uses {
        let found = match &used.kind {
            DependencyKind::Connection(wanted) => {
                let found: Option<String> = conn
                    .prepare_cached(
                        "SELECT connection_type FROM connections
                         WHERE environment = ?1 AND cloud = ?2 AND region = ?3 AND name = ?4",
                    )
                    .and_then(|mut s| {
                        s.query_row(params![scope.environment, scope.cloud, scope.region, used.name], |row| row.get(0))
                            .optional()
                    })
                    .map_err(plain_storage)?;
                found.is_some_and(|t| wanted.as_deref().is_none_or(|w| w == t))
            }
            DependencyKind::Object(kind) => exists(conn, scope, *kind, &used.name)?,
        };
        if !found {
            return Err(CatalogError::ReferenceMissing {
                kind: record.kind,
                name: record.name.clone(),
                missing: Box::new(used.clone()),
                scope: scope.clone(),
            });
        }
    }
    Ok(())
}

/// Whether the name of `record` is taken in `scope`.
pub(crate) fn name_taken(conn: &Connection, scope: &Scope, record: &AiObjectRecord) -> Result<bool, CatalogError> {
    exists(conn, scope, record.kind, &record.name)
}
