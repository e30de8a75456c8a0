//! [`ExecError`]: why a statement was refused.
//!
//! Every error names the object and the rule it enforces ([`ExecError::rule`] gives the rule
//! alone), and no variant has a field for an option value: a message can show a key, a name, a
//! type or a limit, never what was written after the `=`.

use std::fmt;

use crate::catalog::{quoted_list, use_list, CatalogError, Dependency, ObjectUse, Scope};
use crate::connection_type::ConnectionType;
use crate::executor::outcome::ObjectKind;
use crate::role::Role;

/// Where a length limit is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthUnit {
    /// UTF-8 bytes (credentials).
    Bytes,
    /// Characters (endpoint, names).
    Characters,
}

impl fmt::Display for LengthUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LengthUnit::Bytes => "bytes (UTF-8)",
            LengthUnit::Characters => "characters",
        })
    }
}

/// Why a statement was refused. Each message names the object and the rule; none holds a value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExecError {
    /// The session's roles do not allow the statement.
    #[error(
        "{statement} of {kind} \"{name}\" is not allowed for role(s) {}: it needs one of OrganizationAdmin, EnvironmentAdmin, FlinkAdmin",
        role_list(.roles)
    )]
    PermissionDenied {
        /// `CREATE CONNECTION`, ...
        statement: &'static str,
        /// The object's kind.
        kind: ObjectKind,
        /// The object.
        name: String,
        /// The session's roles.
        roles: Vec<Role>,
    },
    /// A name longer than the limit.
    #[error("{kind} name \"{shown}\" is {length} characters long; names are at most {limit} characters")]
    NameTooLong {
        /// The object's kind.
        kind: ObjectKind,
        /// The name's first characters, followed by `…`.
        shown: String,
        /// Its length in characters.
        length: usize,
        /// The limit.
        limit: usize,
    },
    /// CREATE of a name already used in the same cloud and region.
    #[error("connection \"{name}\" already exists in {scope} (connection names are unique per environment)")]
    ConnectionExists {
        /// The name.
        name: String,
        /// Where it exists.
        scope: Scope,
    },
    /// CREATE of a name held in another cloud or region of the same environment.
    #[error(
        "connection name \"{name}\" is already taken in environment \"{}\" by a connection in another cloud/region (cloud \"{}\", region \"{}\"); connection names are unique per environment",
        .existing.environment, .existing.cloud, .existing.region
    )]
    ConnectionNameTakenElsewhere {
        /// The name.
        name: String,
        /// Where the existing connection lives.
        existing: Scope,
    },
    /// No such connection visible from here.
    #[error("connection \"{name}\" does not exist in {scope} (a connection is visible only in its own environment, cloud and region)")]
    ConnectionNotFound {
        /// The name.
        name: String,
        /// Where it was looked for.
        scope: Scope,
    },
    /// A key given twice (compared by the one key rule, `flink_ddl::option_key_eq`).
    #[error("connection \"{connection}\": option `{key}` is given more than once")]
    DuplicateKey {
        /// The connection.
        connection: String,
        /// The key, as written the second time.
        key: String,
    },
    /// A key no connection of this type knows.
    #[error(
        "connection \"{connection}\": unknown option `{key}`{}{}",
        match .connection_type { Some(t) => format!(" for connection type {t}"), None => String::new() },
        did_you_mean(*.suggestion)
    )]
    UnknownKey {
        /// The connection.
        connection: String,
        /// The key, as written.
        key: String,
        /// The type, when known.
        connection_type: Option<ConnectionType>,
        /// The nearest known key, if one is close.
        suggestion: Option<&'static str>,
    },
    /// A credential key the type does not take.
    #[error(
        "connection \"{connection}\": `{key}` is invalid for connection type {connection_type}; valid credential keys are: {}",
        .allowed.join(", ")
    )]
    KeyNotAllowed {
        /// The connection.
        connection: String,
        /// The key, canonical spelling.
        key: &'static str,
        /// The type.
        connection_type: ConnectionType,
        /// The keys the type takes.
        allowed: Vec<&'static str>,
    },
    /// `type` or `endpoint` missing (or empty).
    #[error(
        "connection \"{connection}\": missing required option `{key}` (every connection needs `type` and `endpoint`)"
    )]
    MissingOption {
        /// The connection.
        connection: String,
        /// `type` or `endpoint`.
        key: &'static str,
    },
    /// `type` is not one of the 19. The value is repeated (a type is not a secret; it is cut to
    /// 40 characters), with the nearest type when one is close.
    #[error(
        "connection \"{connection}\": invalid connection type '{given}'{}; valid types are: {}",
        .suggestion.map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default(),
        ConnectionType::all_names()
    )]
    InvalidType {
        /// The connection.
        connection: String,
        /// The value given for `type`, cut to 40 characters.
        given: String,
        /// The type it is probably meant to be.
        suggestion: Option<&'static str>,
    },
    /// A credential the type always requires is missing (or empty).
    #[error("connection \"{connection}\": must provide `{key}` for connection type {connection_type}")]
    MissingCredential {
        /// The connection.
        connection: String,
        /// The type.
        connection_type: ConnectionType,
        /// The missing key.
        key: &'static str,
    },
    /// A one-of type was given no auth method.
    #[error("connection \"{connection}\": connection type {connection_type} needs exactly one auth method: {methods}")]
    NoAuthMethod {
        /// The connection.
        connection: String,
        /// The type.
        connection_type: ConnectionType,
        /// The methods, with their keys.
        methods: String,
    },
    /// Two auth methods at once.
    #[error(
        "connection \"{connection}\": {} select different auth methods; give only one of `username`, `client-id`, `api-key`, `token`",
        key_list(.keys)
    )]
    ConflictingAuthMethods {
        /// The keys that clash.
        keys: Vec<&'static str>,
        /// The connection.
        connection: String,
    },
    /// Part of a group that goes together.
    #[error("connection \"{connection}\": {} given without {} (these keys are given together)", key_list(.given), key_list(.missing))]
    IncompleteGroup {
        /// The connection.
        connection: String,
        /// The keys of the group that were given.
        given: Vec<&'static str>,
        /// The keys of the group that were not.
        missing: Vec<&'static str>,
    },
    /// `transport-type` other than SSE or STREAMABLE_HTTP.
    #[error("connection \"{connection}\": invalid value for `transport-type`; it must be SSE or STREAMABLE_HTTP")]
    InvalidTransportType {
        /// The connection.
        connection: String,
    },
    /// `sse-endpoint` with `transport-type` STREAMABLE_HTTP.
    #[error("connection \"{connection}\": `sse-endpoint` is not allowed with transport-type STREAMABLE_HTTP")]
    SseEndpointWithStreamableHttp {
        /// The connection.
        connection: String,
    },
    /// A value over its length limit.
    #[error("connection \"{connection}\": the value of `{key}` is longer than {limit} {unit}")]
    ValueTooLong {
        /// The connection.
        connection: String,
        /// The key.
        key: &'static str,
        /// The limit.
        limit: usize,
        /// How it is counted.
        unit: LengthUnit,
    },
    /// ALTER naming `type`, `endpoint` or another key that is not a credential.
    #[error(
        "connection \"{connection}\": `{key}` cannot be changed; ALTER CONNECTION ... SET changes credentials only (type, endpoint, cloud and region are fixed at creation)"
    )]
    ImmutableOption {
        /// The connection.
        connection: String,
        /// The key.
        key: &'static str,
    },
    /// ALTER whose values are all empty.
    #[error(
        "connection \"{connection}\": ALTER CONNECTION ... SET gives no credential (an empty value counts as absent)"
    )]
    NothingToSet {
        /// The connection.
        connection: String,
    },
    /// DROP of a connection that tables use.
    #[error("cannot drop connection \"{connection}\": it is used by table(s) {} (drop those tables first)", quoted_list(.tables))]
    ConnectionInUse {
        /// The connection.
        connection: String,
        /// The tables, ordered by name.
        tables: Vec<String>,
    },
    /// CREATE OR REPLACE changing the type of a connection that tables use.
    #[error(
        "cannot replace connection \"{connection}\" with one of another type: it is used by table(s) {} (OR REPLACE may change the type only of a connection no table uses)",
        quoted_list(.tables)
    )]
    TypeChangeInUse {
        /// The connection.
        connection: String,
        /// The tables, ordered by name.
        tables: Vec<String>,
    },
    /// ALTER lost every race against other statements changing the same connection.
    #[error("connection \"{connection}\" kept changing while ALTER CONNECTION ran; nothing was changed, try again")]
    ConcurrentChange {
        /// The connection.
        connection: String,
    },
    /// A change based on a `resource_version` the connection no longer has (the REST API's
    /// compare-and-set).
    #[error(
        "connection \"{connection}\" is at resource_version {current}, not {expected} as the request expected (it changed meanwhile; read it again)"
    )]
    VersionMismatch {
        /// The connection.
        connection: String,
        /// The version the request was based on.
        expected: u64,
        /// The stored version.
        current: u64,
    },
    /// CREATE TABLE of a name already used in the scope.
    #[error("table \"{name}\" already exists in {scope}")]
    TableExists {
        /// The table.
        name: String,
        /// The scope.
        scope: Scope,
    },
    /// No such table visible from here.
    #[error("table \"{name}\" does not exist in {scope}")]
    TableNotFound {
        /// The table.
        name: String,
        /// Where it was looked for.
        scope: Scope,
    },
    /// A table whose connector needs a connection, without `'<connector>.connection'`.
    #[error("table \"{table}\": connector `{connector}` needs the option `{key}` naming a connection")]
    TableConnectionMissing {
        /// The table.
        table: String,
        /// The connector.
        connector: String,
        /// The option key it needs.
        key: String,
    },
    /// `'<connector>.connection'` names no connection visible from the table's scope.
    #[error(
        "table \"{table}\": connection \"{connection}\" does not exist in {scope} (a table may use only a connection of its own environment, cloud and region)"
    )]
    TableConnectionNotFound {
        /// The table.
        table: String,
        /// The connection named.
        connection: String,
        /// The table's scope.
        scope: Scope,
    },
    /// `'<connector>.connection'` names a connection of another type.
    #[error("table \"{table}\": connector `{connector}` needs a connection of type {expected}, but connection \"{connection}\" is of type {found}")]
    TableConnectionTypeMismatch {
        /// The table.
        table: String,
        /// The connector.
        connector: String,
        /// The connection named.
        connection: String,
        /// The type the connector needs.
        expected: ConnectionType,
        /// The connection's type.
        found: ConnectionType,
    },
    /// No model, tool or agent of that name (or no such model version) visible from here.
    #[error("{kind} \"{name}\" does not exist in {scope}")]
    ObjectNotFound {
        /// Model, tool or agent.
        kind: ObjectKind,
        /// The name (`m$3` for a version).
        name: String,
        /// Where it was looked for.
        scope: Scope,
    },
    /// CREATE TOOL or CREATE AGENT of a name already used in the scope.
    #[error("{kind} \"{name}\" already exists in {scope}")]
    ObjectExists {
        /// Tool or agent.
        kind: ObjectKind,
        /// The name.
        name: String,
        /// The scope.
        scope: Scope,
    },
    /// DROP (or RENAME, or CREATE OR REPLACE CONNECTION with another type) of an object that
    /// others use; names every user.
    #[error("cannot {action} {kind} \"{name}\": it is used by {} ({hint})", use_list(.users))]
    InUse {
        /// `drop`, `rename` or `replace`.
        action: &'static str,
        /// `connection`, `model`, `tool` or `agent`.
        kind: &'static str,
        /// The name.
        name: String,
        /// Every user, ordered by kind and name.
        users: Vec<ObjectUse>,
        /// What to do instead.
        hint: &'static str,
    },
    /// A model, tool or agent refers to an object that does not exist in its scope (or to a
    /// connection of another type).
    #[error("{kind} \"{name}\" refers to {}, which does not exist in {scope}", .missing.describe())]
    ReferenceMissing {
        /// Model, tool or agent.
        kind: ObjectKind,
        /// Its name.
        name: String,
        /// What it refers to (boxed: it keeps the error small).
        missing: Box<Dependency>,
        /// Its scope.
        scope: Scope,
    },
    /// A model, tool or agent breaks a rule of its definition (options, versions, references).
    /// The detail names keys, names and limits, never a value.
    #[error("{kind} \"{name}\": {detail}")]
    InvalidDefinition {
        /// Model, tool or agent.
        kind: ObjectKind,
        /// Its name.
        name: String,
        /// The rule (as [`ExecError::rule`] gives it).
        rule: &'static str,
        /// What is wrong and how to fix it.
        detail: String,
    },
    /// A change of a model, tool or agent lost every race against other statements.
    #[error("{kind} \"{name}\" kept changing while the statement ran; nothing was changed, try again")]
    ObjectKeptChanging {
        /// Model, tool or agent.
        kind: ObjectKind,
        /// The name.
        name: String,
    },
    /// A credential whose value is the mask `<REDACTED>` itself (with blanks around it, in any
    /// case): what a statement recalled from the shell's history or copied from `SHOW CREATE`
    /// output holds in place of the secret. Stored, it would silently replace the real secret.
    #[error(
        "{kind} \"{name}\": '{key}' holds the mask <REDACTED>, not a secret: type the secret again (SHOW CREATE output and shell history never hold it)"
    )]
    MaskAsCredential {
        /// Connection, table, model, tool or agent.
        kind: ObjectKind,
        /// Its name.
        name: String,
        /// The key, as written.
        key: String,
    },
    /// An option key that is no credential key but a near miss of one (`passwd`, `api_kye`,
    /// [`flink_ddl::is_near_sensitive_key`]) in a table's, model's, tool's or agent's options:
    /// stored, its value would be shown in clear by the exact rule. Connections answer the same
    /// typo with [`ExecError::UnknownKey`]. The value is never repeated.
    #[error(
        "{kind} \"{name}\": option `{key}` is not a credential key but close to one{}, so its value would be stored and shown in clear: write the credential key exactly, or name the option otherwise",
        .suggestion.as_deref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default()
    )]
    MisspelledCredentialKey {
        /// Table, model, tool or agent.
        kind: ObjectKind,
        /// Its name.
        name: String,
        /// The key, as written.
        key: String,
        /// The credential key it is probably a misspelling of, the key's prefix kept.
        suggestion: Option<String>,
    },
    /// The catalog failed.
    #[error(transparent)]
    Catalog(CatalogError),
}

impl ExecError {
    /// The rule the error enforces, as a short stable identifier (`unique-name-per-environment`).
    pub fn rule(&self) -> &'static str {
        match self {
            ExecError::PermissionDenied { .. } => "connection-admin-roles",
            ExecError::NameTooLong { .. } => "name-length",
            ExecError::ConnectionExists { .. } | ExecError::ConnectionNameTakenElsewhere { .. } => {
                "unique-name-per-environment"
            }
            ExecError::ConnectionNotFound { .. } | ExecError::TableNotFound { .. } => "must-exist-and-be-visible",
            ExecError::DuplicateKey { .. } => "key-given-once",
            ExecError::UnknownKey { .. } => "unknown-key",
            ExecError::KeyNotAllowed { .. } => "credential-keys-of-type",
            ExecError::MissingOption { .. } => "type-and-endpoint-required",
            ExecError::InvalidType { .. } => "known-connection-type",
            ExecError::MissingCredential { .. } | ExecError::NoAuthMethod { .. } => "required-credentials",
            ExecError::ConflictingAuthMethods { .. } => "one-auth-method",
            ExecError::IncompleteGroup { .. } => "keys-given-together",
            ExecError::InvalidTransportType { .. } | ExecError::SseEndpointWithStreamableHttp { .. } => {
                "mcp-transport-type"
            }
            ExecError::ValueTooLong { .. } => "value-length",
            ExecError::ImmutableOption { .. } | ExecError::NothingToSet { .. } => "alter-sets-credentials-only",
            ExecError::ConnectionInUse { .. } => "drop-connection-in-use",
            ExecError::TypeChangeInUse { .. } => "replace-type-in-use",
            ExecError::ConcurrentChange { .. } => "atomic-statement",
            ExecError::VersionMismatch { .. } => "resource-version-matches",
            ExecError::TableExists { .. } => "unique-table-name",
            ExecError::TableConnectionMissing { .. }
            | ExecError::TableConnectionNotFound { .. }
            | ExecError::TableConnectionTypeMismatch { .. } => "table-connection-exists-with-type",
            ExecError::ObjectNotFound { .. } => "must-exist-and-be-visible",
            ExecError::ObjectExists { .. } => "unique-name",
            ExecError::InUse { .. } => "in-use",
            ExecError::ReferenceMissing { .. } => "reference-exists-with-type",
            ExecError::InvalidDefinition { rule, .. } => rule,
            ExecError::ObjectKeptChanging { .. } => "atomic-statement",
            ExecError::MaskAsCredential { .. } => "mask-is-not-a-credential",
            ExecError::MisspelledCredentialKey { .. } => "misspelled-credential-key",
            ExecError::Catalog(_) => "catalog",
        }
    }
}

fn did_you_mean(suggestion: Option<&str>) -> String {
    suggestion.map(|s| format!("; did you mean `{s}`?")).unwrap_or_default()
}

fn key_list(keys: &[&str]) -> String {
    keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
}

fn role_list(roles: &[Role]) -> String {
    if roles.is_empty() {
        return "(none)".to_owned();
    }
    roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
}
