//! Rows of models, tools and agents: `flink_ddl.ai_objects` (the versions sealed: their
//! statements may hold credentials) and `flink_ddl.ai_object_uses` (one row per reference, names
//! and types only). Every write of such an object, and every DROP or change of type of a
//! connection, first takes one transaction-level advisory lock ([`AI_LOCK`]): the references and
//! the in-use rule are then checked and the change made with no other such write in between.

use flink_ddl_exec::seal::{row_identity, Sealer};
use flink_ddl_exec::{
    decode_versions, encode_versions, AiObjectKind, AiObjectRecord, CatalogError, Dependency, DependencyKind,
    ObjectUse, Scope, Timestamp,
};

use crate::postgres_catalog::{Conn, Failure};

/// The advisory lock of the writes that change the reference graph ("flink-ai").
pub(crate) const AI_LOCK: i64 = 0x666c_696e_6b2d_6169;

const LOCK: &str = "SELECT pg_advisory_xact_lock($1)";
const GET: &str = "SELECT name, default_version, created_at, sealed_versions FROM flink_ddl.ai_objects
     WHERE environment = $1 AND cloud = $2 AND region = $3 AND kind = $4 AND name = $5";
const LIST: &str = "SELECT name, default_version, created_at, sealed_versions FROM flink_ddl.ai_objects
     WHERE environment = $1 AND cloud = $2 AND region = $3 AND kind = $4 ORDER BY name";
const USES: &str = "SELECT used_kind, used_name, used_type FROM flink_ddl.ai_object_uses
     WHERE environment = $1 AND cloud = $2 AND region = $3 AND user_kind = $4 AND user_name = $5";
const USERS: &str = "SELECT DISTINCT user_kind, user_name FROM flink_ddl.ai_object_uses
     WHERE environment = $1 AND cloud = $2 AND region = $3 AND used_kind = $4 AND used_name = $5";
const INSERT: &str = "INSERT INTO flink_ddl.ai_objects
     (environment, cloud, region, kind, name, default_version, created_at, sealed_versions)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
const INSERT_USE: &str = "INSERT INTO flink_ddl.ai_object_uses
     (environment, cloud, region, user_kind, user_name, used_kind, used_name, used_type)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING";
const DELETE: &str = "DELETE FROM flink_ddl.ai_objects
     WHERE environment = $1 AND cloud = $2 AND region = $3 AND kind = $4 AND name = $5";
const DELETE_USES: &str = "DELETE FROM flink_ddl.ai_object_uses
     WHERE environment = $1 AND cloud = $2 AND region = $3 AND user_kind = $4 AND user_name = $5";
const EXISTS: &str = "SELECT 1 FROM flink_ddl.ai_objects
     WHERE environment = $1 AND cloud = $2 AND region = $3 AND kind = $4 AND name = $5";
const CONNECTION_TYPE: &str = "SELECT connection_type FROM flink_ddl.connections
     WHERE environment = $1 AND cloud = $2 AND region = $3 AND name = $4";
const TABLES_USING: &str = "SELECT DISTINCT name FROM flink_ddl.catalog_tables
     WHERE environment = $1 AND connection_name = $2 ORDER BY name";

/// Takes the graph's advisory lock for the rest of the transaction.
pub(crate) fn lock_graph(conn: &mut Conn) -> Result<(), Failure> {
    let statement = conn.prepare(LOCK)?;
    conn.client.execute(&statement, &[&AI_LOCK])?;
    Ok(())
}

fn identity(scope: &Scope, kind: AiObjectKind, name: &str) -> Vec<u8> {
    row_identity("ai_object", scope, &format!("{}:{name}", kind.as_str()))
}

fn record(
    conn: &mut Conn,
    sealer: &Sealer,
    scope: &Scope,
    kind: AiObjectKind,
    row: &postgres::Row,
) -> Result<AiObjectRecord, Failure> {
    let name: String = row.get(0);
    let corrupt = || CatalogError::Storage { message: format!("the {kind} \"{name}\" is corrupt") };
    let sealed: Vec<u8> = row.get(3);
    let plain = sealer.open(&identity(scope, kind, &name), &sealed).map_err(|_| CatalogError::Storage {
        message: format!(
            "the sealed versions of {kind} \"{name}\" in {scope} do not open with the catalog's key \
             (altered, or moved from another row)"
        ),
    })?;
    let versions = decode_versions(&plain).ok_or_else(corrupt)?;
    let statement = conn.prepare(USES)?;
    let rows =
        conn.client.query(&statement, &[&scope.environment, &scope.cloud, &scope.region, &kind.as_str(), &name])?;
    let mut uses = Vec::with_capacity(rows.len());
    for used in &rows {
        let (used_kind, used_name, used_type): (String, String, String) = (used.get(0), used.get(1), used.get(2));
        uses.push(Dependency::from_columns(&used_kind, &used_type, used_name).ok_or_else(corrupt)?);
    }
    uses.sort();
    let default_version: i32 = row.get(1);
    Ok(AiObjectRecord {
        kind,
        default_version: u32::try_from(default_version).map_err(|_| corrupt())?,
        created_at: Timestamp::from_unix_micros(row.get(2)),
        name,
        versions,
        uses,
    })
}

pub(crate) fn get(
    conn: &mut Conn,
    sealer: &Sealer,
    scope: &Scope,
    kind: AiObjectKind,
    name: &str,
) -> Result<Option<AiObjectRecord>, Failure> {
    let statement = conn.prepare(GET)?;
    let row =
        conn.client.query_opt(&statement, &[&scope.environment, &scope.cloud, &scope.region, &kind.as_str(), &name])?;
    row.map(|row| record(conn, sealer, scope, kind, &row)).transpose()
}

pub(crate) fn list(
    conn: &mut Conn,
    sealer: &Sealer,
    scope: &Scope,
    kind: AiObjectKind,
    keep: impl Fn(&str) -> bool,
) -> Result<Vec<AiObjectRecord>, Failure> {
    let statement = conn.prepare(LIST)?;
    let rows = conn.client.query(&statement, &[&scope.environment, &scope.cloud, &scope.region, &kind.as_str()])?;
    let mut found = Vec::new();
    for row in &rows {
        let name: &str = row.get(0);
        if keep(name) {
            found.push(record(conn, sealer, scope, kind, row)?);
        }
    }
    Ok(found)
}

pub(crate) fn exists(conn: &mut Conn, scope: &Scope, kind: AiObjectKind, name: &str) -> Result<bool, Failure> {
    let statement = conn.prepare(EXISTS)?;
    let row =
        conn.client.query_opt(&statement, &[&scope.environment, &scope.cloud, &scope.region, &kind.as_str(), &name])?;
    Ok(row.is_some())
}

pub(crate) fn put(conn: &mut Conn, sealer: &Sealer, scope: &Scope, record: &AiObjectRecord) -> Result<(), Failure> {
    let sealed = sealer.seal(&identity(scope, record.kind, &record.name), &encode_versions(&record.versions))?;
    let default_version = i32::try_from(record.default_version).unwrap_or(i32::MAX);
    let created_at = record.created_at.unix_micros();
    let statement = conn.prepare(INSERT)?;
    conn.client.execute(
        &statement,
        &[
            &scope.environment,
            &scope.cloud,
            &scope.region,
            &record.kind.as_str(),
            &record.name,
            &default_version,
            &created_at,
            &sealed,
        ],
    )?;
    let statement = conn.prepare(INSERT_USE)?;
    for used in &record.uses {
        let (used_kind, used_type) = used.columns();
        conn.client.execute(
            &statement,
            &[
                &scope.environment,
                &scope.cloud,
                &scope.region,
                &record.kind.as_str(),
                &record.name,
                &used_kind,
                &used.name,
                &used_type,
            ],
        )?;
    }
    Ok(())
}

pub(crate) fn take(conn: &mut Conn, scope: &Scope, kind: AiObjectKind, name: &str) -> Result<(), Failure> {
    for sql in [DELETE, DELETE_USES] {
        let statement = conn.prepare(sql)?;
        conn.client.execute(&statement, &[&scope.environment, &scope.cloud, &scope.region, &kind.as_str(), &name])?;
    }
    Ok(())
}

fn users(conn: &mut Conn, scope: &Scope, used_kind: &str, name: &str) -> Result<Vec<ObjectUse>, Failure> {
    let statement = conn.prepare(USERS)?;
    let rows = conn.client.query(&statement, &[&scope.environment, &scope.cloud, &scope.region, &used_kind, &name])?;
    let mut found = Vec::with_capacity(rows.len());
    for row in &rows {
        let kind: String = row.get(0);
        let kind = AiObjectKind::from_name(&kind)
            .ok_or_else(|| CatalogError::Storage { message: "a reference is corrupt".to_owned() })?;
        found.push((kind, row.get::<_, String>(1)));
    }
    found.sort();
    Ok(found.into_iter().map(|(kind, name)| ObjectUse { kind: kind.as_str(), name }).collect())
}

/// Refuses while models or tools use the connection, naming them and the tables; with tables
/// alone the caller's own check (the foreign key) answers as it always did. The caller holds the
/// graph's lock.
pub(crate) fn check_connection_unused_by_objects(conn: &mut Conn, scope: &Scope, name: &str) -> Result<(), Failure> {
    let others = users(conn, scope, "connection", name)?;
    if others.is_empty() {
        return Ok(());
    }
    let statement = conn.prepare(TABLES_USING)?;
    let rows = conn.client.query(&statement, &[&scope.environment, &name])?;
    let mut all: Vec<ObjectUse> = rows.iter().map(|row| ObjectUse { kind: "table", name: row.get(0) }).collect();
    all.extend(others);
    Err(CatalogError::InUse { kind: "connection", name: name.to_owned(), users: all }.into())
}

pub(crate) fn check_object_unused(conn: &mut Conn, scope: &Scope, record: &AiObjectRecord) -> Result<(), Failure> {
    let found: Vec<ObjectUse> = users(conn, scope, record.kind.as_str(), &record.name)?
        .into_iter()
        .filter(|u| !(u.kind == record.kind.as_str() && u.name == record.name))
        .collect();
    if found.is_empty() {
        return Ok(());
    }
    Err(CatalogError::InUse { kind: record.kind.as_str(), name: record.name.clone(), users: found }.into())
}

pub(crate) fn check_unchanged(
    conn: &mut Conn,
    sealer: &Sealer,
    scope: &Scope,
    previous: &AiObjectRecord,
) -> Result<(), Failure> {
    match get(conn, sealer, scope, previous.kind, &previous.name)? {
        None => Err(CatalogError::AiObjectNotFound {
            kind: previous.kind,
            name: previous.name.clone(),
            scope: scope.clone(),
        }
        .into()),
        Some(current) if current != *previous => {
            Err(CatalogError::AiObjectChanged { kind: previous.kind, name: previous.name.clone() }.into())
        }
        Some(_) => Ok(()),
    }
}

pub(crate) fn check_uses(conn: &mut Conn, scope: &Scope, record: &AiObjectRecord) -> Result<(), Failure> {
    for used in &record.uses {
        let found = match &used.kind {
            DependencyKind::Connection(wanted) => {
                let statement = conn.prepare(CONNECTION_TYPE)?;
                let row = conn
                    .client
                    .query_opt(&statement, &[&scope.environment, &scope.cloud, &scope.region, &used.name])?;
                let found: Option<String> = row.map(|row| row.get(0));
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
            }
            .into());
        }
    }
    Ok(())
}
