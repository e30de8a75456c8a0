//! Rows: how connections and tables are written to and read from their tables, credentials and
//! options sealed by the shared [`Sealer`].

use flink_ddl_exec::seal::Sealer;
use flink_ddl_exec::{
    ApiKeyRecord, CatalogError, ConnectionInfo, ConnectionRecord, ConnectionStatus, ConnectionType, Role, Scope,
    TableConnection, TableRecord, Timestamp,
};
use std::io::Seek;

use rusqlite::blob::ZeroBlob;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction, MAIN_DB};

use crate::error::plain_storage;

/// Every column of a connection but its sealed credentials: what SHOW needs.
pub(crate) const INFO_COLUMNS: &str =
    "environment, name, cloud, region, connection_type, endpoint, comment, created_at, \
     updated_at, uid, resource_version, status_phase, status_detail";

pub(crate) const CONNECTION_COLUMNS: &str =
    "environment, name, cloud, region, connection_type, endpoint, comment, created_at, \
     updated_at, uid, resource_version, status_phase, status_detail, sealed_credentials";

pub(crate) const TABLE_COLUMNS: &str =
    "environment, cloud, region, name, masked_sql, connector, connection_name, connection_type, created_at, sealed_options, \
     options_at";

/// A connection row as read, credentials still sealed.
pub(crate) struct ConnectionRow {
    name: String,
    pub(crate) scope: Scope,
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

pub(crate) fn read_connection_row(row: &Row<'_>) -> rusqlite::Result<ConnectionRow> {
    read_row(row, true)
}

/// A row of [`CONNECTION_COLUMNS`], or of [`INFO_COLUMNS`] (`sealed` false: no credentials).
pub(crate) fn read_row(row: &Row<'_>, sealed: bool) -> rusqlite::Result<ConnectionRow> {
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
    pub(crate) fn into_info(self) -> Result<ConnectionInfo, CatalogError> {
        Ok(self.split()?.0)
    }

    pub(crate) fn into_record(self, sealer: &Sealer) -> Result<ConnectionRecord, CatalogError> {
        let (info, sealed) = self.split()?;
        let credentials = sealer.open_credentials(&info.scope, &info.name, &sealed)?;
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

/// `resource_version` is a `u64`, stored bit for bit in SQLite's `i64`.
pub(crate) fn version_to_sql(version: u64) -> i64 {
    i64::from_ne_bytes(version.to_ne_bytes())
}

pub(crate) fn version_from_sql(version: i64) -> u64 {
    u64::from_ne_bytes(version.to_ne_bytes())
}

pub(crate) fn connection_row(
    conn: &Connection,
    environment: &str,
    name: &str,
) -> Result<Option<ConnectionRow>, CatalogError> {
    let sql = format!("SELECT {CONNECTION_COLUMNS} FROM connections WHERE environment = ?1 AND name = ?2");
    conn.prepare_cached(&sql)
        .and_then(|mut s| s.query_row(params![environment, name], read_connection_row).optional())
        .map_err(plain_storage)
}

/// The scope of the connection called `name` in `environment`, if any.
pub(crate) fn scope_of(conn: &Connection, environment: &str, name: &str) -> Result<Option<Scope>, CatalogError> {
    conn.prepare_cached("SELECT cloud, region FROM connections WHERE environment = ?1 AND name = ?2")
        .and_then(|mut s| {
            s.query_row(params![environment, name], |row| {
                Ok(Scope { environment: environment.to_owned(), cloud: row.get(0)?, region: row.get(1)? })
            })
            .optional()
        })
        .map_err(plain_storage)
}

pub(crate) fn insert_connection_row(
    tx: &Connection,
    sealer: &Sealer,
    record: &ConnectionRecord,
) -> Result<(), CatalogError> {
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
pub(crate) fn update_connection_row(
    tx: &Connection,
    sealer: &Sealer,
    record: &ConnectionRecord,
) -> Result<(), CatalogError> {
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
pub(crate) fn write_connection_row(
    tx: &Connection,
    sealer: &Sealer,
    record: &ConnectionRecord,
    sql: &str,
) -> Result<(), CatalogError> {
    let info = &record.info;
    let sealed = sealer.seal_credentials(&info.scope, &info.name, &record.credentials)?;
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

pub(crate) fn tables_using(conn: &Connection, environment: &str, name: &str) -> Result<Vec<String>, CatalogError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT DISTINCT name FROM catalog_tables WHERE environment = ?1 AND connection_name = ?2 ORDER BY name",
        )
        .map_err(plain_storage)?;
    let names = stmt.query_map(params![environment, name], |row| row.get(0)).map_err(plain_storage)?;
    names.collect::<rusqlite::Result<Vec<String>>>().map_err(plain_storage)
}

pub(crate) fn table_row(
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

pub(crate) fn read_table_row(row: &Row<'_>, sealer: &Sealer) -> Result<TableRecord, CatalogError> {
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
    // Borrowed from SQLite's row, not copied: a table may have millions of options.
    let sealed = row
        .get_ref(9)
        .map_err(plain_storage)?
        .as_blob()
        .map_err(|e| CatalogError::Storage { message: e.to_string() })?;
    let options = sealer.open_options(&scope, &name, sealed)?;
    let masked_sql: String = row.get(4).map_err(plain_storage)?;
    let options_at = match row.get::<_, Option<i64>>(10).map_err(plain_storage)? {
        None => None,
        Some(at) => Some(usize::try_from(at).ok().filter(|&at| masked_sql.is_char_boundary(at)).ok_or_else(|| {
            CatalogError::Storage { message: format!("the statement of table \"{name}\" is corrupt") }
        })?),
    };
    Ok(TableRecord {
        masked_sql,
        options_at,
        connector: row.get(5).map_err(plain_storage)?,
        created_at: Timestamp::from_unix_micros(row.get(8).map_err(plain_storage)?),
        connection,
        options,
        name,
        scope,
    })
}

/// Inserts a table's row after checking its dependency: the connection it uses must be in its
/// scope with the recorded type.
pub(crate) fn insert_table_row(
    tx: &Transaction<'_>,
    sealer: &Sealer,
    record: &TableRecord,
) -> Result<(), CatalogError> {
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
    // The sealed options are written into a blob reserved at their length (a `zeroblob`), in
    // pieces, through SQLite's incremental blob I/O: neither the sealed value nor its plain text is
    // held whole, in our memory or as a bound value in SQLite's.
    let sealed_len = sealer.sealed_options_len(&record.options);
    let reserved = i32::try_from(sealed_len).map(ZeroBlob).map_err(|_| CatalogError::Storage {
        message: format!("the options of table \"{}\" are too long to store ({sealed_len} bytes sealed)", record.name),
    })?;
    tx.prepare_cached(
        "INSERT INTO catalog_tables (environment, cloud, region, name, masked_sql, connector,
             connection_name, connection_type, created_at, sealed_options, options_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
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
            reserved,
            record.options_at.map(|at| at as i64),
        ])
    })
    .map_err(plain_storage)?;
    let mut blob = tx
        .blob_open(MAIN_DB, "catalog_tables", "sealed_options", tx.last_insert_rowid(), false)
        .map_err(plain_storage)?;
    sealer.seal_options_to(scope, &record.name, &record.options, &mut blob)?;
    // A value shorter than its blob would leave zeros behind it, which would not open.
    let written = blob.stream_position().map_err(|e| CatalogError::Storage { message: e.to_string() })?;
    if written != sealed_len as u64 {
        return Err(CatalogError::Storage {
            message: format!("the options of table \"{}\" were not stored whole", record.name),
        });
    }
    blob.close().map_err(plain_storage)
}

pub(crate) fn delete_table_row(tx: &Transaction<'_>, scope: &Scope, name: &str) -> Result<(), CatalogError> {
    tx.prepare_cached("DELETE FROM catalog_tables WHERE environment = ?1 AND cloud = ?2 AND region = ?3 AND name = ?4")
        .and_then(|mut s| s.execute(params![scope.environment, scope.cloud, scope.region, name]))
        .map_err(plain_storage)?;
    Ok(())
}

/// The API key with id `key`, environments included.
pub(crate) fn api_key_row(conn: &Connection, key: &str) -> Result<Option<ApiKeyRecord>, CatalogError> {
    let found = conn
        .prepare_cached("SELECT key, secret_hash, role, description, created_at FROM api_keys WHERE key = ?1")
        .and_then(|mut s| s.query_row(params![key], read_api_key_row).optional())
        .map_err(plain_storage)?;
    let Some(row) = found else { return Ok(None) };
    Ok(Some(with_environments(conn, row)?))
}

/// Every API key, ordered by id.
pub(crate) fn api_key_rows(conn: &Connection) -> Result<Vec<ApiKeyRecord>, CatalogError> {
    let rows: Vec<ApiKeyRow> = conn
        .prepare_cached("SELECT key, secret_hash, role, description, created_at FROM api_keys ORDER BY key")
        .and_then(|mut s| s.query_map([], read_api_key_row)?.collect())
        .map_err(plain_storage)?;
    rows.into_iter().map(|row| with_environments(conn, row)).collect()
}

pub(crate) fn insert_api_key_row(tx: &Connection, record: &ApiKeyRecord) -> Result<(), CatalogError> {
    tx.prepare_cached(
        "INSERT INTO api_keys (key, secret_hash, role, description, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )
    .and_then(|mut s| {
        s.execute(params![
            record.key,
            record.secret_hash,
            record.role.as_str(),
            record.description,
            record.created_at.unix_micros()
        ])
    })
    .map_err(plain_storage)?;
    let mut insert = tx
        .prepare_cached("INSERT INTO api_key_environments (key, position, environment) VALUES (?1, ?2, ?3)")
        .map_err(plain_storage)?;
    for (position, environment) in record.environments.iter().enumerate() {
        let position = i64::try_from(position).unwrap_or(i64::MAX);
        insert.execute(params![record.key, position, environment]).map_err(plain_storage)?;
    }
    Ok(())
}

pub(crate) fn delete_api_key_row(tx: &Connection, key: &str) -> Result<(), CatalogError> {
    tx.prepare_cached("DELETE FROM api_key_environments WHERE key = ?1")
        .and_then(|mut s| s.execute(params![key]))
        .and_then(|_| tx.prepare_cached("DELETE FROM api_keys WHERE key = ?1")?.execute(params![key]))
        .map_err(plain_storage)?;
    Ok(())
}

/// An `api_keys` row as read, before its environments.
pub(crate) struct ApiKeyRow {
    key: String,
    secret_hash: String,
    role: String,
    description: String,
    created_at: i64,
}

fn read_api_key_row(row: &Row<'_>) -> rusqlite::Result<ApiKeyRow> {
    Ok(ApiKeyRow {
        key: row.get(0)?,
        secret_hash: row.get(1)?,
        role: row.get(2)?,
        description: row.get(3)?,
        created_at: row.get(4)?,
    })
}

fn with_environments(conn: &Connection, row: ApiKeyRow) -> Result<ApiKeyRecord, CatalogError> {
    let environments: Vec<String> = conn
        .prepare_cached("SELECT environment FROM api_key_environments WHERE key = ?1 ORDER BY position")
        .and_then(|mut s| s.query_map(params![row.key], |r| r.get(0))?.collect())
        .map_err(plain_storage)?;
    let role = row.role.parse::<Role>().map_err(|_| CatalogError::Storage {
        message: format!("API key \"{}\" has an unknown stored role", row.key),
    })?;
    Ok(ApiKeyRecord {
        key: row.key,
        secret_hash: row.secret_hash,
        role,
        environments,
        description: row.description,
        created_at: Timestamp::from_unix_micros(row.created_at),
    })
}
