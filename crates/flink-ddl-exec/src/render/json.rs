//! Serialised outcomes: the Confluent `sql/v1` REST shapes (`Connection`, `ConnectionList`), the
//! Confluent CLI's field names for the `connection` mode, and flink-ddl's own `flink-ddl/v1`
//! shapes for what `sql/v1` has no resource for (tables, no-ops, SHOW CREATE).
//!
//! Every document is a serde struct built from an [`Outcome`], never from the AST, and none has
//! a field that could hold a credential: `auth_data.data` and `data` are always `<REDACTED>`.

use std::fmt;

use indexmap::IndexMap;
use serde::Serialize;

use crate::catalog::{ConnectionInfo, Scope, TableRecord};
use crate::clock::Timestamp;
use crate::executor::{MaskedSql, Outcome};
use flink_ddl::{is_sensitive_key, OptionList, SqlOption, REDACTED};

/// `api_version` of the Confluent resources.
const SQL_V1: &str = "sql/v1";
/// `api_version` of flink-ddl's own documents.
const FLINK_DDL_V1: &str = "flink-ddl/v1";

/// Where `sql/v1` resources are served: the origin (`https://flink.example.com:8443`) and the
/// organization that `metadata.self` and `metadata.next` name, as the `sql/v1` server builds them.
///
/// ```
/// use flink_ddl_exec::ResourceBase;
/// let base = ResourceBase::new("https://flink.example.com", "b0e4c3f2-0000-4000-8000-000000000001");
/// assert_eq!(
///     base.connections_url("env 1"),
///     "https://flink.example.com/sql/v1/organizations/b0e4c3f2-0000-4000-8000-000000000001/environments/env%201/connections"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceBase {
    origin: String,
    organization: String,
}

impl ResourceBase {
    /// `origin` is `scheme://host[:port]`, without a trailing `/`.
    pub fn new(origin: impl Into<String>, organization: impl Into<String>) -> Self {
        ResourceBase { origin: origin.into(), organization: organization.into() }
    }

    /// The collection URL of an environment's connections, each segment percent-encoded.
    pub fn connections_url(&self, environment: &str) -> String {
        format!(
            "{}/sql/v1/organizations/{}/environments/{}/connections",
            self.origin,
            path_segment(&self.organization),
            path_segment(environment)
        )
    }

    /// The URL of one connection.
    pub fn connection_url(&self, environment: &str, name: &str) -> String {
        format!("{}/{}", self.connections_url(environment), path_segment(name))
    }
}

/// `sql/v1` `Connection`: the REST resource of one connection; `spec.auth_data.data` is always
/// `<REDACTED>`. Built from a [`ConnectionInfo`], which holds no credential.
#[derive(Debug, Serialize)]
pub struct SqlV1Connection<'a> {
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

impl<'a> SqlV1Connection<'a> {
    /// The resource as the `sql/v1` server serves it from `base`; `deleted_at` for a deleted one.
    pub fn new(info: &'a ConnectionInfo, deleted_at: Option<Timestamp>, base: &ResourceBase) -> Self {
        Self::at(info, deleted_at, base.connection_url(&info.scope.environment, &info.name))
    }

    /// The resource as SQL mode prints it, with the seed's regional URL (no organization known).
    pub(crate) fn in_sql_mode(info: &'a ConnectionInfo, deleted_at: Option<Timestamp>) -> Self {
        Self::at(info, deleted_at, format!("{}/{}", seed_connections_url(&info.scope), path_segment(&info.name)))
    }

    fn at(info: &'a ConnectionInfo, deleted_at: Option<Timestamp>, self_url: String) -> Self {
        SqlV1Connection {
            api_version: SQL_V1,
            kind: "Connection",
            metadata: ConnectionMetadata {
                self_url,
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

/// `sql/v1` `ConnectionList`: in SQL mode one page holding everything; from the server, one page
/// of a keyset listing, whose `metadata.next` (left out on the last page) is the next page's URL.
#[derive(Debug, Serialize)]
pub struct SqlV1ConnectionList<'a> {
    api_version: &'static str,
    kind: &'static str,
    metadata: ListMetadata,
    data: Vec<SqlV1Connection<'a>>,
}

#[derive(Debug, Serialize)]
struct ListMetadata {
    #[serde(skip_serializing_if = "Option::is_none")]
    first: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prev: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_size: Option<usize>,
    #[serde(rename = "self")]
    self_url: String,
}

impl<'a> SqlV1ConnectionList<'a> {
    /// One page served from `base`: `self_url` is the URL the page was asked for, `next_url` the
    /// next page's (`None` on the last page).
    pub fn page(
        connections: &'a [ConnectionInfo],
        base: &ResourceBase,
        self_url: String,
        next_url: Option<String>,
    ) -> Self {
        SqlV1ConnectionList {
            api_version: SQL_V1,
            kind: "ConnectionList",
            metadata: ListMetadata { first: None, last: None, prev: None, next: next_url, total_size: None, self_url },
            data: connections.iter().map(|c| SqlV1Connection::new(c, None, base)).collect(),
        }
    }

    /// SHOW CONNECTIONS in SQL mode: every connection, the seed's URLs and empty page links.
    pub(crate) fn in_sql_mode(scope: &Scope, connections: &'a [ConnectionInfo]) -> Self {
        SqlV1ConnectionList {
            api_version: SQL_V1,
            kind: "ConnectionList",
            metadata: ListMetadata {
                first: Some(""),
                last: Some(""),
                prev: Some(""),
                next: Some(String::new()),
                total_size: Some(connections.len()),
                self_url: seed_connections_url(scope),
            },
            data: connections.iter().map(|c| SqlV1Connection::in_sql_mode(c, None)).collect(),
        }
    }
}

/// `https://flink.<region>.<cloud>.confluent.cloud/sql/v1/environments/<env>/connections`: the
/// list URL of the seed's `ConnectionList` sample (the session knows no organization).
fn seed_connections_url(scope: &Scope) -> String {
    format!(
        "https://flink.{}.{}.confluent.cloud/sql/v1/environments/{}/connections",
        path_segment(&scope.region),
        path_segment(&scope.cloud),
        path_segment(&scope.environment)
    )
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub(crate) fn path_segment(text: &str) -> String {
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
    statement: DocumentStatement<'a>,
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
    options: TableOptions<'a>,
    statement: DocumentStatement<'a>,
}

/// The statement of a document: a table's, written as it prints without being made into one
/// text (its options may have been cut out of its text: see `TableRecord::statement`), a SHOW
/// CREATE's (a stored table's printed as it is written: see [`MaskedSql`]), or a text standing
/// in for the statement.
#[derive(Debug, Clone, Copy)]
pub(crate) enum DocumentStatement<'a> {
    Record(&'a TableRecord),
    Shown(&'a MaskedSql),
    Text(&'a str),
}

impl fmt::Display for DocumentStatement<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocumentStatement::Record(record) => record.statement().fmt(f),
            DocumentStatement::Shown(shown) => shown.fmt(f),
            DocumentStatement::Text(text) => f.write_str(text),
        }
    }
}

impl Serialize for DocumentStatement<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            DocumentStatement::Record(record) => serializer.collect_str(&record.statement()),
            DocumentStatement::Shown(shown) => match shown.held_text() {
                Some(text) => serializer.serialize_str(text),
                None => serializer.collect_str(shown),
            },
            DocumentStatement::Text(text) => serializer.serialize_str(text),
        }
    }
}

/// A table's options as a JSON object, key to value (masked), serialised straight from the list:
/// a map of a million options is not built first. Keys seen twice (a list made by hand; parsed
/// table options never repeat a key) keep the first place and the last value, as a map does.
#[derive(Debug)]
struct TableOptions<'a>(&'a OptionList);

impl TableOptions<'_> {
    fn value(option: &SqlOption) -> &str {
        match option.value().as_plain() {
            Some(plain) if !is_sensitive_key(option.key()) => plain,
            _ => REDACTED,
        }
    }

    /// True when no key is there twice. The positions are sorted by key, 4 bytes each, and
    /// neighbours compared: a set of the keys' hashes held about 18 bytes per key, 0.3x a long
    /// list's text.
    fn keys_are_unique(&self) -> bool {
        let options = self.0.as_slice();
        // A list of 2^32 options or more (over 30 GB of text) is checked as a map would be.
        let Ok(len) = u32::try_from(options.len()) else {
            let keys: std::collections::HashSet<&str> = options.iter().map(SqlOption::key).collect();
            return keys.len() == options.len();
        };
        let key = |at: u32| options[at as usize].key();
        let mut order: Vec<u32> = (0..len).collect();
        order.sort_unstable_by_key(|&at| key(at));
        order.windows(2).all(|pair| key(pair[0]) != key(pair[1]))
    }
}

impl Serialize for TableOptions<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !self.keys_are_unique() {
            let map: IndexMap<&str, &str> = self.0.iter().map(|o| (o.key(), Self::value(o))).collect();
            return map.serialize(serializer);
        }
        serializer.collect_map(self.0.iter().map(|o| (o.key(), Self::value(o))))
    }
}

#[derive(Debug, Serialize)]
struct TableMetadata {
    created_at: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    deleted_at: Option<Timestamp>,
}

impl<'a> Table<'a> {
    pub(crate) fn new(table: &'a TableRecord, deleted_at: Option<Timestamp>) -> Self {
        let options = TableOptions(&table.options);
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
            statement: DocumentStatement::Record(table),
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

/// Any outcome as one serialisable document (SQL mode), serialised as it is written: no
/// `serde_json::Value` of the whole document is built first (a table's options would be held
/// twice more). The second field, when given, stands in for the document's statement (see
/// [`Document::statement`]).
pub(crate) struct Document<'a>(pub(crate) &'a Outcome, pub(crate) Option<&'a str>);

impl<'a> Document<'a> {
    /// The statement that ends the document, its last top-level field, if it has one: a table's
    /// CREATE or DESCRIBE, a SHOW CREATE.
    pub(crate) fn statement(outcome: &'a Outcome) -> Option<DocumentStatement<'a>> {
        match outcome {
            Outcome::TableCreated { table, .. } | Outcome::TableDescribed { table, .. } => {
                Some(DocumentStatement::Record(table))
            }
            Outcome::ShowCreate { masked_sql, .. } => Some(DocumentStatement::Shown(masked_sql)),
            _ => None,
        }
    }
}

impl Serialize for Document<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Outcome::Created { connection, .. }
            | Outcome::Altered { connection }
            | Outcome::Described { connection, .. } => {
                SqlV1Connection::in_sql_mode(connection, None).serialize(serializer)
            }
            Outcome::Dropped { connection, deleted_at } => {
                SqlV1Connection::in_sql_mode(connection, Some(*deleted_at)).serialize(serializer)
            }
            Outcome::Listed { scope, connections } => {
                SqlV1ConnectionList::in_sql_mode(scope, connections).serialize(serializer)
            }
            Outcome::ShowCreate { kind, name, masked_sql } => ShowCreate {
                api_version: FLINK_DDL_V1,
                kind: "ShowCreate",
                object: kind.as_str(),
                name,
                statement: self.1.map_or(DocumentStatement::Shown(masked_sql), DocumentStatement::Text),
            }
            .serialize(serializer),
            Outcome::NoOp { kind, name, action, reason } => NoOp {
                api_version: FLINK_DDL_V1,
                kind: "NoOp",
                object: kind.as_str(),
                name,
                action,
                reason: *reason,
                message: Outcome::no_op_message(*kind, name, action, *reason),
            }
            .serialize(serializer),
            Outcome::TableCreated { table, .. } | Outcome::TableDescribed { table, .. } => {
                let mut document = Table::new(table, None);
                if let Some(text) = self.1 {
                    document.statement = DocumentStatement::Text(text);
                }
                document.serialize(serializer)
            }
            Outcome::TableDropped { table, deleted_at } => Table::new(table, Some(*deleted_at)).serialize(serializer),
            Outcome::TablesListed { tables, .. } => TableList {
                api_version: FLINK_DDL_V1,
                kind: "TableList",
                total_size: tables.len(),
                data: tables.iter().map(|t| Table::new(t, None)).collect(),
            }
            .serialize(serializer),
            // Models, tools and agents (`ai_objects.rs`).
            Outcome::AiObjectChanged { .. } | Outcome::AiObjectsListed { .. } | Outcome::AiObjectDescribed { .. } => {
                super::ai_objects::serialize_document(self.0, serializer)
            }
        }
    }
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
