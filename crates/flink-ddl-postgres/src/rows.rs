//! Rows: the SQL of every catalog call, and how connections and tables are written to and read
//! from their rows, credentials and options sealed by the shared [`Sealer`].

use flink_ddl_exec::seal::Sealer;
use flink_ddl_exec::{
    ApiKeyRecord, CatalogError, ConnectionInfo, ConnectionRecord, ConnectionStatus, ConnectionType, Role, Scope,
    TableConnection, TableRecord, Timestamp,
};
use postgres::types::ToSql;
use postgres::Row;

/// The columns of a connection row but its sealed credentials, in [`connection_info`]'s order.
macro_rules! info_columns {
    () => {
        "environment, name, cloud, region, connection_type, endpoint, comment, created_at, updated_at, uid, \
         resource_version, status_phase, status_detail"
    };
}

/// Every column of a connection row.
macro_rules! connection_columns {
    () => {
        concat!(info_columns!(), ", sealed_credentials")
    };
}

/// Every column of a table row, in [`table_record`]'s order.
macro_rules! table_columns {
    () => {
        "environment, cloud, region, name, masked_sql, connector, connection_name, connection_type, created_at, \
         sealed_options"
    };
}

pub(crate) const GET_CONNECTION: &str =
    concat!("SELECT ", connection_columns!(), " FROM flink_ddl.connections WHERE environment = $1 AND name = $2");
pub(crate) const LOCK_CONNECTION: &str = concat!(
    "SELECT ",
    connection_columns!(),
    " FROM flink_ddl.connections WHERE environment = $1 AND name = $2 FOR UPDATE"
);
pub(crate) const SCOPE_OF: &str =
    "SELECT cloud, region FROM flink_ddl.connections WHERE environment = $1 AND name = $2";
pub(crate) const LIST_SCOPE: &str = concat!(
    "SELECT ",
    info_columns!(),
    " FROM flink_ddl.connections WHERE environment = $1 AND cloud = $2 AND region = $3 ORDER BY name"
);
pub(crate) const LIST_RANGE: &str = concat!(
    "SELECT ",
    info_columns!(),
    " FROM flink_ddl.connections WHERE environment = $1 AND cloud = $2 AND region = $3 AND name >= $4 AND name < $5 \
     ORDER BY name"
);
pub(crate) const LIST_FROM: &str = concat!(
    "SELECT ",
    info_columns!(),
    " FROM flink_ddl.connections WHERE environment = $1 AND cloud = $2 AND region = $3 AND name >= $4 ORDER BY name"
);
pub(crate) const INSERT_CONNECTION: &str = concat!(
    "INSERT INTO flink_ddl.connections (",
    connection_columns!(),
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
);
/// Every column but the row's identity, over the row of that environment and name.
pub(crate) const REPLACE_CONNECTION: &str = "UPDATE flink_ddl.connections SET cloud = $3, region = $4, \
     connection_type = $5, endpoint = $6, comment = $7, created_at = $8, updated_at = $9, uid = $10, \
     resource_version = $11, status_phase = $12, status_detail = $13, sealed_credentials = $14 \
     WHERE environment = $1 AND name = $2";
/// The compare-and-set: the row of that scope and name, only at the expected version ($15) of
/// the same incarnation (its `uid` and type unchanged: a replacement starts again at version 1).
pub(crate) const UPDATE_CONNECTION_AT_VERSION: &str = "UPDATE flink_ddl.connections SET \
     endpoint = $6, comment = $7, created_at = $8, updated_at = $9, resource_version = $11, \
     status_phase = $12, status_detail = $13, sealed_credentials = $14 \
     WHERE environment = $1 AND name = $2 AND cloud = $3 AND region = $4 AND resource_version = $15 \
     AND uid = $10 AND connection_type = $5";
pub(crate) const VERSION_OF: &str = "SELECT resource_version FROM flink_ddl.connections \
     WHERE environment = $1 AND name = $2 AND cloud = $3 AND region = $4";
pub(crate) const DELETE_CONNECTION: &str = concat!(
    "DELETE FROM flink_ddl.connections WHERE environment = $1 AND cloud = $2 AND region = $3 AND name = $4 \
     RETURNING ",
    connection_columns!()
);
pub(crate) const TABLES_USING: &str = "SELECT DISTINCT name FROM flink_ddl.catalog_tables \
     WHERE environment = $1 AND connection_name = $2 ORDER BY name";
pub(crate) const GET_TABLE: &str = concat!(
    "SELECT ",
    table_columns!(),
    " FROM flink_ddl.catalog_tables WHERE environment = $1 AND cloud = $2 AND region = $3 AND name = $4"
);
pub(crate) const LOCK_TABLE: &str = concat!(
    "SELECT ",
    table_columns!(),
    " FROM flink_ddl.catalog_tables WHERE environment = $1 AND cloud = $2 AND region = $3 AND name = $4 FOR UPDATE"
);
pub(crate) const LIST_TABLES: &str = concat!(
    "SELECT ",
    table_columns!(),
    " FROM flink_ddl.catalog_tables WHERE environment = $1 AND cloud = $2 AND region = $3 ORDER BY name"
);
pub(crate) const INSERT_TABLE: &str = concat!(
    "INSERT INTO flink_ddl.catalog_tables (",
    table_columns!(),
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
);
pub(crate) const REPLACE_TABLE: &str = "UPDATE flink_ddl.catalog_tables SET masked_sql = $5, connector = $6, \
     connection_name = $7, connection_type = $8, created_at = $9, sealed_options = $10 \
     WHERE environment = $1 AND cloud = $2 AND region = $3 AND name = $4";
pub(crate) const DELETE_TABLE: &str = concat!(
    "DELETE FROM flink_ddl.catalog_tables WHERE environment = $1 AND cloud = $2 AND region = $3 AND name = $4 \
     RETURNING ",
    table_columns!()
);
pub(crate) const COPY_IMPORT: &str = concat!("COPY connections_import (", connection_columns!(), ") FROM STDIN BINARY");
pub(crate) const COUNT_CONNECTIONS: &str = "SELECT count(*) FROM flink_ddl.connections";

/// The fourteen values of a connection row (`$1` to `$14` of [`INSERT_CONNECTION`] and the
/// updates), credentials sealed for the row.
pub(crate) struct ConnectionValues<'a> {
    info: &'a ConnectionInfo,
    connection_type: &'static str,
    created_at: i64,
    updated_at: i64,
    resource_version: i64,
    sealed: Vec<u8>,
}

impl<'a> ConnectionValues<'a> {
    pub(crate) fn new(sealer: &Sealer, record: &'a ConnectionRecord) -> Result<Self, CatalogError> {
        let info = &record.info;
        check_text(&[
            &info.scope.environment,
            &info.scope.cloud,
            &info.scope.region,
            &info.name,
            &info.endpoint,
            info.comment.as_deref().unwrap_or(""),
            &info.uid,
            &info.status.phase,
            &info.status.detail,
        ])?;
        Ok(ConnectionValues {
            info,
            connection_type: info.connection_type.name(),
            created_at: info.created_at.unix_micros(),
            updated_at: info.updated_at.unix_micros(),
            resource_version: version_to_sql(info.resource_version),
            sealed: sealer.seal_credentials(&info.scope, &info.name, &record.credentials)?,
        })
    }

    pub(crate) fn params(&self) -> [&(dyn ToSql + Sync); 14] {
        let info = self.info;
        [
            &info.scope.environment,
            &info.name,
            &info.scope.cloud,
            &info.scope.region,
            &self.connection_type,
            &info.endpoint,
            &info.comment,
            &self.created_at,
            &self.updated_at,
            &info.uid,
            &self.resource_version,
            &info.status.phase,
            &info.status.detail,
            &self.sealed,
        ]
    }
}

/// The ten values of a table row (`$1` to `$10` of [`INSERT_TABLE`] and [`REPLACE_TABLE`]).
pub(crate) struct TableValues<'a> {
    record: &'a TableRecord,
    masked_sql: std::borrow::Cow<'a, str>,
    connection_name: Option<&'a str>,
    connection_type: Option<&'static str>,
    created_at: i64,
    sealed: Vec<u8>,
}

impl<'a> TableValues<'a> {
    pub(crate) fn new(sealer: &Sealer, record: &'a TableRecord) -> Result<Self, CatalogError> {
        let scope = &record.scope;
        let connection_name = record.connection.as_ref().map(|c| c.name.as_str());
        // This store keeps the statement whole (its options written back when they were cut out).
        let masked_sql = record.whole_masked_sql();
        check_text(&[
            &scope.environment,
            &scope.cloud,
            &scope.region,
            &record.name,
            masked_sql.as_ref(),
            record.connector.as_deref().unwrap_or(""),
            connection_name.unwrap_or(""),
        ])?;
        Ok(TableValues {
            record,
            masked_sql,
            connection_name,
            connection_type: record.connection.as_ref().map(|c| c.connection_type.name()),
            created_at: record.created_at.unix_micros(),
            sealed: sealer.seal_options(scope, &record.name, &record.options)?,
        })
    }

    pub(crate) fn params(&self) -> [&(dyn ToSql + Sync); 10] {
        let record = self.record;
        [
            &record.scope.environment,
            &record.scope.cloud,
            &record.scope.region,
            &record.name,
            &self.masked_sql,
            &record.connector,
            &self.connection_name,
            &self.connection_type,
            &self.created_at,
            &self.sealed,
        ]
    }
}

/// PostgreSQL's `text` cannot hold NUL: refused with a clear error rather than the server's
/// encoding error. (Credentials and options are sealed bytes and may hold anything.)
fn check_text(fields: &[&str]) -> Result<(), CatalogError> {
    if fields.iter().any(|f| f.contains('\0')) {
        return Err(CatalogError::Storage {
            message: "a name, endpoint, comment or SQL text holds a NUL character, which PostgreSQL text cannot store"
                .to_owned(),
        });
    }
    Ok(())
}

/// A row of the info columns (or of all connection columns) without its credentials.
pub(crate) fn connection_info(row: &Row) -> Result<ConnectionInfo, CatalogError> {
    let name: String = row.get(1);
    let type_name: String = row.get(4);
    let connection_type = ConnectionType::from_name(&type_name).ok_or_else(|| CatalogError::Storage {
        message: format!("connection \"{name}\" has an unknown stored type"),
    })?;
    Ok(ConnectionInfo {
        scope: Scope { environment: row.get(0), cloud: row.get(2), region: row.get(3) },
        name,
        connection_type,
        endpoint: row.get(5),
        comment: row.get(6),
        created_at: Timestamp::from_unix_micros(row.get(7)),
        updated_at: Timestamp::from_unix_micros(row.get(8)),
        uid: row.get(9),
        resource_version: version_from_sql(row.get(10)),
        status: ConnectionStatus { phase: row.get(11), detail: row.get(12) },
    })
}

/// A row of all connection columns, credentials opened.
pub(crate) fn connection_record(row: &Row, sealer: &Sealer) -> Result<ConnectionRecord, CatalogError> {
    let info = connection_info(row)?;
    let sealed: &[u8] = row.get(13);
    let credentials = sealer.open_credentials(&info.scope, &info.name, sealed)?;
    Ok(ConnectionRecord { info, credentials })
}

/// A row of the table columns, options opened.
pub(crate) fn table_record(row: &Row, sealer: &Sealer) -> Result<TableRecord, CatalogError> {
    let scope = Scope { environment: row.get(0), cloud: row.get(1), region: row.get(2) };
    let name: String = row.get(3);
    let connection_name: Option<String> = row.get(6);
    let connection_type: Option<String> = row.get(7);
    let connection = match (connection_name, connection_type) {
        (Some(connection), Some(ty)) => Some(TableConnection {
            name: connection,
            connection_type: ConnectionType::from_name(&ty).ok_or_else(|| CatalogError::Storage {
                message: format!("table \"{name}\" refers to an unknown stored connection type"),
            })?,
        }),
        _ => None,
    };
    let sealed: &[u8] = row.get(9);
    let options = sealer.open_options(&scope, &name, sealed)?;
    Ok(TableRecord {
        masked_sql: row.get(4),
        options_at: None,
        connector: row.get(5),
        created_at: Timestamp::from_unix_micros(row.get(8)),
        connection,
        options,
        name,
        scope,
    })
}

/// `resource_version` is a `u64`, stored bit for bit in PostgreSQL's `bigint`.
pub(crate) fn version_to_sql(version: u64) -> i64 {
    i64::from_ne_bytes(version.to_ne_bytes())
}

pub(crate) fn version_from_sql(version: i64) -> u64 {
    u64::from_ne_bytes(version.to_ne_bytes())
}

/// The least string greater than every string that starts with `prefix`, in byte order (UTF-8
/// byte order is code point order): `prefix` with its last character replaced by the next one,
/// after dropping trailing `char::MAX`es. `None` when there is none (all `char::MAX`).
///
/// With it, `LIKE 'crm%'` reads the one index range `'crm' <= name < 'crn'`.
pub(crate) fn prefix_successor(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let next = match last {
            '\u{D7FF}' => Some('\u{E000}'),
            c => char::from_u32(c as u32 + 1),
        };
        if let Some(next) = next {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

pub(crate) const LIST_PAGE: &str = concat!(
    "SELECT ",
    info_columns!(),
    " FROM flink_ddl.connections WHERE environment = $1 AND cloud = $2 AND region = $3 AND name > $4 \
     AND ($5::text IS NULL OR connection_type = $5) ORDER BY name LIMIT $6"
);
pub(crate) const INSERT_API_KEY: &str = "INSERT INTO flink_ddl.api_keys \
     (key, secret_hash, role, environments, description, created_at) VALUES ($1, $2, $3, $4, $5, $6)";
pub(crate) const GET_API_KEY: &str = "SELECT key, secret_hash, role, environments, description, created_at \
     FROM flink_ddl.api_keys WHERE key = $1";
pub(crate) const LIST_API_KEYS: &str = "SELECT key, secret_hash, role, environments, description, created_at \
     FROM flink_ddl.api_keys ORDER BY key";
pub(crate) const DELETE_API_KEY: &str = "DELETE FROM flink_ddl.api_keys WHERE key = $1 \
     RETURNING key, secret_hash, role, environments, description, created_at";

/// An API key from a row of `key, secret_hash, role, environments, description, created_at`.
pub(crate) fn api_key_record(row: &Row) -> Result<ApiKeyRecord, CatalogError> {
    let key: String = row.get(0);
    let role: String = row.get(2);
    let role = role
        .parse::<Role>()
        .map_err(|_| CatalogError::Storage { message: format!("API key \"{key}\" has an unknown stored role") })?;
    Ok(ApiKeyRecord {
        secret_hash: row.get(1),
        role,
        environments: row.get(3),
        description: row.get(4),
        created_at: Timestamp::from_unix_micros(row.get(5)),
        key,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_successor_bounds_every_name_with_the_prefix() {
        assert_eq!(prefix_successor("crm").as_deref(), Some("crn"));
        assert_eq!(prefix_successor("a\u{D7FF}").as_deref(), Some("a\u{E000}"));
        assert_eq!(prefix_successor("a\u{10FFFF}").as_deref(), Some("b"));
        assert_eq!(prefix_successor("\u{10FFFF}"), None);
        for (prefix, name) in [("crm", "crm_pg"), ("é", "éz"), ("a\u{7F}", "a\u{7F}\u{80}")] {
            let end = prefix_successor(prefix).unwrap();
            assert!(name.as_bytes() >= prefix.as_bytes() && name.as_bytes() < end.as_bytes(), "{prefix} {name}");
        }
    }

    #[test]
    fn nul_is_refused_before_the_server() {
        assert!(check_text(&["ok", "not\0ok"]).is_err());
        assert!(check_text(&["ok", "fine"]).is_ok());
    }
}
