//! Serialised outcomes: the Confluent `sql/v1` REST shapes (`Connection`, `ConnectionList`), the
//! Confluent CLI's field names for the `connection` mode, and flink-ddl's own `flink-ddl/v1`
//! shapes for what `sql/v1` has no resource for (tables, no-ops, SHOW CREATE).
//!
//! Every document is a serde struct built from an [`Outcome`], never from the AST, and none has
//! a field that could hold a credential: `auth_data.data` and `data` are always `<REDACTED>`.

use indexmap::IndexMap;
use serde::Serialize;

use crate::catalog::{ConnectionInfo, Scope, TableRecord};
use crate::clock::Timestamp;
use crate::executor::Outcome;
use flink_ddl::{is_sensitive_key, REDACTED};

/// `api_version` of the Confluent resources.
const SQL_V1: &str = "sql/v1";
/// `api_version` of flink-ddl's own documents.
const FLINK_DDL_V1: &str = "flink-ddl/v1";

/// `sql/v1` `Connection`.
#[derive(Debug, Serialize)]
pub(crate) struct Connection<'a> {
    api_version: &'static str,
    kind: &'static str,
    metadata: ConnectionMetadata,
    name: &'a str,
    spec: ConnectionSpec<'a>,
    status: ConnectionStatus<'a>,
}

#[derive(Debug, Serialize)]
struct ConnectionMetadata {
    #[serde(rename = "self")]
    self_url: String,
    resource_name: &'static str,
    created_at: Timestamp,
    updated_at: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    deleted_at: Option<Timestamp>,
    uid: String,
    resource_version: String,
}

#[derive(Debug, Serialize)]
struct ConnectionSpec<'a> {
    connection_type: &'static str,
    endpoint: &'a str,
    auth_data: AuthData,
}

#[derive(Debug, Serialize)]
struct AuthData {
    kind: &'static str,
    data: &'static str,
}

#[derive(Debug, Serialize)]
struct ConnectionStatus<'a> {
    phase: &'a str,
    detail: &'a str,
}

impl<'a> Connection<'a> {
    pub(crate) fn new(info: &'a ConnectionInfo, deleted_at: Option<Timestamp>) -> Self {
        Connection {
            api_version: SQL_V1,
            kind: "Connection",
            metadata: ConnectionMetadata {
                self_url: format!("{}/{}", connections_url(&info.scope), path_segment(&info.name)),
                resource_name: "",
                created_at: info.created_at,
                updated_at: info.updated_at,
                deleted_at,
                uid: info.uid.clone(),
                resource_version: info.resource_version.to_string(),
            },
            name: &info.name,
            spec: ConnectionSpec {
                connection_type: info.connection_type.label(),
                endpoint: &info.endpoint,
                auth_data: AuthData { kind: "PlaintextProvider", data: REDACTED },
            },
            status: ConnectionStatus { phase: &info.status.phase, detail: &info.status.detail },
        }
    }
}

/// `sql/v1` `ConnectionList` (one page holding everything).
#[derive(Debug, Serialize)]
pub(crate) struct ConnectionList<'a> {
    api_version: &'static str,
    kind: &'static str,
    metadata: ListMetadata,
    data: Vec<Connection<'a>>,
}

#[derive(Debug, Serialize)]
struct ListMetadata {
    first: &'static str,
    last: &'static str,
    prev: &'static str,
    next: &'static str,
    total_size: usize,
    #[serde(rename = "self")]
    self_url: String,
}

impl<'a> ConnectionList<'a> {
    pub(crate) fn new(scope: &Scope, connections: &'a [ConnectionInfo]) -> Self {
        ConnectionList {
            api_version: SQL_V1,
            kind: "ConnectionList",
            metadata: ListMetadata {
                first: "",
                last: "",
                prev: "",
                next: "",
                total_size: connections.len(),
                self_url: connections_url(scope),
            },
            data: connections.iter().map(|c| Connection::new(c, None)).collect(),
        }
    }
}

/// `https://flink.<region>.<cloud>.confluent.cloud/sql/v1/environments/<env>/connections`: the
/// list URL of the seed's `ConnectionList` sample (the session knows no organization).
fn connections_url(scope: &Scope) -> String {
    format!(
        "https://flink.{}.{}.confluent.cloud/sql/v1/environments/{}/connections",
        path_segment(&scope.region),
        path_segment(&scope.cloud),
        path_segment(&scope.environment)
    )
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn path_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The Confluent CLI's serialised connection (`confluent flink connection describe -o json`).
#[derive(Debug, Serialize)]
pub(crate) struct CliConnection<'a> {
    creation_date: Timestamp,
    name: &'a str,
    environment: &'a str,
    cloud: &'a str,
    region: &'a str,
    #[serde(rename = "type")]
    connection_type: &'static str,
    endpoint: &'a str,
    data: &'static str,
    status: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    status_detail: &'a str,
}

impl<'a> CliConnection<'a> {
    pub(crate) fn new(info: &'a ConnectionInfo) -> Self {
        CliConnection {
            creation_date: info.created_at,
            name: &info.name,
            environment: &info.scope.environment,
            cloud: &info.scope.cloud,
            region: &info.scope.region,
            connection_type: info.connection_type.label(),
            endpoint: &info.endpoint,
            data: REDACTED,
            status: &info.status.phase,
            status_detail: &info.status.detail,
        }
    }
}

/// flink-ddl/v1 `NoOp`: what `IF [NOT] EXISTS` made a statement skip.
#[derive(Debug, Serialize)]
pub(crate) struct NoOp<'a> {
    api_version: &'static str,
    kind: &'static str,
    object: &'static str,
    name: &'a str,
    action: &'static str,
    reason: crate::executor::NoOpReason,
    message: String,
}

/// flink-ddl/v1 `ShowCreate`: a masked CREATE statement.
#[derive(Debug, Serialize)]
pub(crate) struct ShowCreate<'a> {
    api_version: &'static str,
    kind: &'static str,
    object: &'static str,
    name: &'a str,
    statement: &'a str,
}

/// flink-ddl/v1 `Table`.
#[derive(Debug, Serialize)]
pub(crate) struct Table<'a> {
    api_version: &'static str,
    kind: &'static str,
    metadata: TableMetadata,
    name: &'a str,
    environment: &'a str,
    cloud: &'a str,
    region: &'a str,
    connector: Option<&'a str>,
    connection: Option<&'a str>,
    options: IndexMap<&'a str, &'a str>,
    statement: &'a str,
}

#[derive(Debug, Serialize)]
struct TableMetadata {
    created_at: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    deleted_at: Option<Timestamp>,
}

impl<'a> Table<'a> {
    pub(crate) fn new(table: &'a TableRecord, deleted_at: Option<Timestamp>) -> Self {
        let options = table
            .options
            .iter()
            .map(|o| {
                let value = match o.value().as_plain() {
                    Some(plain) if !is_sensitive_key(o.key()) => plain,
                    _ => REDACTED,
                };
                (o.key(), value)
            })
            .collect();
        Table {
            api_version: FLINK_DDL_V1,
            kind: "Table",
            metadata: TableMetadata { created_at: table.created_at, deleted_at },
            name: &table.name,
            environment: &table.scope.environment,
            cloud: &table.scope.cloud,
            region: &table.scope.region,
            connector: table.connector.as_deref(),
            connection: table.connection.as_ref().map(|c| c.name.as_str()),
            options,
            statement: &table.masked_sql,
        }
    }
}

/// flink-ddl/v1 `TableList`.
#[derive(Debug, Serialize)]
pub(crate) struct TableList<'a> {
    api_version: &'static str,
    kind: &'static str,
    total_size: usize,
    data: Vec<Table<'a>>,
}

/// Any outcome as one serialisable document (SQL mode).
pub(crate) fn document(outcome: &Outcome) -> serde_json::Value {
    let value = match outcome {
        Outcome::Created { connection, .. }
        | Outcome::Altered { connection }
        | Outcome::Described { connection, .. } => serde_json::to_value(Connection::new(connection, None)),
        Outcome::Dropped { connection, deleted_at } => {
            serde_json::to_value(Connection::new(connection, Some(*deleted_at)))
        }
        Outcome::Listed { scope, connections } => serde_json::to_value(ConnectionList::new(scope, connections)),
        Outcome::ShowCreate { kind, name, masked_sql } => serde_json::to_value(ShowCreate {
            api_version: FLINK_DDL_V1,
            kind: "ShowCreate",
            object: kind.as_str(),
            name,
            statement: masked_sql,
        }),
        Outcome::NoOp { kind, name, action, reason } => serde_json::to_value(NoOp {
            api_version: FLINK_DDL_V1,
            kind: "NoOp",
            object: kind.as_str(),
            name,
            action,
            reason: *reason,
            message: Outcome::no_op_message(*kind, name, action, *reason),
        }),
        Outcome::TableCreated { table, .. } | Outcome::TableDescribed { table, .. } => {
            serde_json::to_value(Table::new(table, None))
        }
        Outcome::TableDropped { table, deleted_at } => serde_json::to_value(Table::new(table, Some(*deleted_at))),
        Outcome::TablesListed { tables, .. } => serde_json::to_value(TableList {
            api_version: FLINK_DDL_V1,
            kind: "TableList",
            total_size: tables.len(),
            data: tables.iter().map(|t| Table::new(t, None)).collect(),
        }),
    };
    // Every field above is a string, number, bool, map with string keys or list: conversion
    // cannot fail, and `Null` would be the (visible) sign of a bug, never a panic.
    value.unwrap_or(serde_json::Value::Null)
}

/// An outcome in the CLI's field names (`connection` mode); `None` for outcomes the CLI has no
/// shape for.
pub(crate) fn cli_document(outcome: &Outcome) -> Option<serde_json::Value> {
    let value = match outcome {
        Outcome::Created { connection, .. }
        | Outcome::Altered { connection }
        | Outcome::Described { connection, .. }
        | Outcome::Dropped { connection, .. } => serde_json::to_value(CliConnection::new(connection)),
        Outcome::Listed { connections, .. } => {
            serde_json::to_value(connections.iter().map(CliConnection::new).collect::<Vec<_>>())
        }
        _ => return None,
    };
    Some(value.unwrap_or(serde_json::Value::Null))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_escaped() {
        assert_eq!(path_segment("my conn/1"), "my%20conn%2F1");
        assert_eq!(path_segment("azure-openai_connection"), "azure-openai_connection");
    }
}
