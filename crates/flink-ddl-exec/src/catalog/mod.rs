//! The catalog: where connections and the tables that refer to them are stored.
//!
//! [`Catalog`] is the storage contract the executor runs against; `MemoryCatalog`
//! (`memory_catalog.rs`) keeps everything in memory (tests, `--memory`), and the persistent stores
//! (their own packages) plug in behind the same trait. The catalog owns the invariants that a race between two
//! statements could break, and checks them in the same atomic step as the change:
//! - a connection name is unique per environment ([`Catalog::insert_connection`],
//!   [`Catalog::replace_connection`]);
//! - no table refers to a missing connection, or to one of another type
//!   ([`Catalog::insert_table`] checks the connection, [`Catalog::delete_connection`] and
//!   [`Catalog::replace_connection`] refuse while tables use it);
//! - an `ALTER` is applied only to the version it was computed from
//!   ([`Catalog::update_connection`] is a compare-and-set on `resource_version`, `uid` and type).
//!
//! Each statement makes at most one changing call, so a failed statement changes nothing. Every
//! other rule of the dialect (options, roles, visibility) is the executor's: see `crate::executor`.
//!
//! The catalog also keeps the HTTP server's API keys ([`ApiKeyRecord`]): plain records in and
//! out, each call atomic, so that every server sharing a catalog sees the same keys.

mod ai_object;
mod api_key;
mod pattern;

use std::fmt;

use serde::Serialize;

pub use ai_object::{
    decode_versions, encode_versions, AiDefinition, AiObjectChange, AiObjectKind, AiObjectRecord, AiVersion,
    Dependency, DependencyKind, ObjectUse,
};
pub(crate) use ai_object::{parse_stored_statement, use_list};
pub use api_key::ApiKeyRecord;
pub use pattern::NameFilter;

use crate::clock::Timestamp;
use crate::connection_type::{credential_key, credential_key_rank, ConnectionType, CONNECTION_CREDENTIAL_KEYS};
use flink_ddl::{OptionList, Secret};

/// Where an object lives: an environment, and a cloud and region within it.
///
/// ```
/// use flink_ddl_exec::Scope;
/// let scope = Scope::new("env-a1b2c3", "aws", "us-west-2");
/// assert_eq!(scope.to_string(), "environment \"env-a1b2c3\", cloud \"aws\", region \"us-west-2\"");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Scope {
    /// The environment (a Flink catalog).
    pub environment: String,
    /// The cloud provider (`aws`, `azure`, `gcp`; `local` by default).
    pub cloud: String,
    /// The region (`us-west-2`; `local` by default).
    pub region: String,
}

impl Scope {
    /// A scope.
    pub fn new(environment: impl Into<String>, cloud: impl Into<String>, region: impl Into<String>) -> Self {
        Scope { environment: environment.into(), cloud: cloud.into(), region: region.into() }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "environment \"{}\", cloud \"{}\", region \"{}\"", self.environment, self.cloud, self.region)
    }
}

/// A connection's check status (`status` in `sql/v1`). Empty until the connection is checked,
/// which this library never does.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ConnectionStatus {
    /// `READY`, `UNREACHABLE`, `INVALID_AUTH`, ...; `""` until checked.
    pub phase: String,
    /// Free text about the phase; `""` when there is nothing to say.
    pub detail: String,
}

/// Everything about a connection that may be shown: no credential is here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConnectionInfo {
    /// The connection's name (case kept).
    pub name: String,
    /// Where it lives; cloud and region never change.
    pub scope: Scope,
    /// Its type; never changes.
    pub connection_type: ConnectionType,
    /// The service's URL; never changes.
    pub endpoint: String,
    /// The `COMMENT`, if any.
    pub comment: Option<String>,
    /// When it was created (`CREATE OR REPLACE` sets a new date).
    pub created_at: Timestamp,
    /// When its credentials last changed.
    pub updated_at: Timestamp,
    /// A stable identifier for this incarnation of the connection (`metadata.uid`).
    pub uid: String,
    /// Bumped by each change: what [`Catalog::update_connection`] compares.
    pub resource_version: u64,
    /// The check status.
    pub status: ConnectionStatus,
}

/// A connection's credential values by canonical key (`api-key`, `username`, ...), in the order of
/// [`CONNECTION_CREDENTIAL_KEYS`]. Every value is a [`Secret`], identifiers included (they travel
/// in the same secret payload), so `Debug` shows the keys and never a value.
///
/// ```
/// use flink_ddl::Secret;
/// use flink_ddl_exec::Credentials;
/// let mut credentials = Credentials::new();
/// credentials.insert("password", Secret::new("hunter2")).unwrap();
/// credentials.insert("username", Secret::new("svc")).unwrap();
/// assert_eq!(credentials.keys().collect::<Vec<_>>(), ["username", "password"]);
/// assert_eq!(format!("{credentials:?}"), r#"{"username": <REDACTED>, "password": <REDACTED>}"#);
/// assert!(credentials.insert("ap-key", Secret::new("x")).is_err());
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Credentials {
    entries: Vec<(&'static str, Secret)>,
}

/// [`Credentials::insert`] was given a key that is not a credential key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{key}` is not a connection credential key")]
pub struct NotACredentialKey {
    /// The key.
    pub key: String,
}

impl Credentials {
    /// No credentials.
    pub fn new() -> Self {
        Credentials::default()
    }

    /// Sets `key` (canonical spelling, one of [`CONNECTION_CREDENTIAL_KEYS`]) to `value`,
    /// replacing an earlier value.
    pub fn insert(&mut self, key: &str, value: Secret) -> Result<(), NotACredentialKey> {
        let Some(known) = credential_key(key) else { return Err(NotACredentialKey { key: key.to_owned() }) };
        match self.entries.iter_mut().find(|(k, _)| *k == known.key) {
            Some(entry) => entry.1 = value,
            None => {
                self.entries.push((known.key, value));
                self.entries.sort_by_key(|(k, _)| credential_key_rank(k));
            }
        }
        Ok(())
    }

    /// Removes `key`, giving back its value.
    pub fn remove(&mut self, key: &str) -> Option<Secret> {
        let at = self.entries.iter().position(|(k, _)| *k == key)?;
        Some(self.entries.remove(at).1)
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Secret> {
        self.entries.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// True when `key` has a value.
    pub fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The keys that have a value, in storage order.
    pub fn keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.entries.iter().map(|(k, _)| *k)
    }

    /// The keys and values, in storage order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Secret)> + '_ {
        self.entries.iter().map(|(k, v)| (*k, v))
    }

    /// Number of keys with a value.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The secret payload (REST `auth_data.data`; docs/dialect.md, "Rules"): a JSON object of the
    /// payload names (`API_KEY`, `USERNAME`, ...) plus the derived `AUTH_TYPE`, as a [`Secret`].
    /// For the code that delivers credentials (a connection's consumer, an encrypting store).
    ///
    /// ```
    /// use flink_ddl::Secret;
    /// use flink_ddl_exec::Credentials;
    /// let mut credentials = Credentials::new();
    /// credentials.insert("token", Secret::new("t0k")).unwrap();
    /// assert_eq!(
    ///     credentials.secret_payload().expose_secret(),
    ///     r#"{"BEARER_TOKEN":"t0k","AUTH_TYPE":"BEARER"}"#
    /// );
    /// ```
    pub fn secret_payload(&self) -> Secret {
        let mut payload = serde_json::Map::new();
        for (key, value) in self.iter() {
            if let Some(known) = credential_key(key) {
                payload.insert(known.payload_name.to_owned(), value.expose_secret().into());
            }
        }
        let auth_type = [("api-key", "API_KEY"), ("username", "BASIC"), ("token", "BEARER"), ("client-id", "OAUTH2")]
            .into_iter()
            .find(|(key, _)| self.contains(key))
            .map(|(_, auth)| auth);
        if let Some(auth_type) = auth_type {
            payload.insert("AUTH_TYPE".to_owned(), auth_type.into());
        }
        Secret::new(serde_json::Value::Object(payload).to_string())
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.entries.iter().map(|(k, v)| (k, v))).finish()
    }
}

// The keys are the fixed list above: the assertion keeps the two in step.
const _: () = assert!(CONNECTION_CREDENTIAL_KEYS.len() == 14);

/// A stored connection: what may be shown, and the credentials, which may not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionRecord {
    /// Name, scope, type, endpoint, dates, status.
    pub info: ConnectionInfo,
    /// The credential values (their `Debug` is masked).
    pub credentials: Credentials,
}

/// The connection a table refers to through `'<connector>.connection'`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableConnection {
    /// The connection's name, in the table's environment, cloud and region.
    pub name: String,
    /// The type the table's connector requires; the catalog checks it when the table is stored.
    pub connection_type: ConnectionType,
}

/// A stored table.
///
/// Its statement may be held with the print of its options cut out ([`TableRecord::options_at`]):
/// the options hold it already, and a table of a million options is not held twice. Equality
/// and serialization see the whole statement ([`TableRecord::statement`]), however it is held.
#[derive(Debug, Clone, Eq)]
pub struct TableRecord {
    /// The table's name (case kept).
    pub name: String,
    /// Where it lives: the connection it uses must live there too.
    pub scope: Scope,
    /// The `CREATE TABLE` statement, canonical and with credential values masked; without its
    /// ` WITH (...)` clause when [`options_at`](TableRecord::options_at) is set.
    pub masked_sql: String,
    /// Where ` WITH ` and the print of [`options`](TableRecord::options) go back into
    /// `masked_sql`, when they were cut out of it (a byte offset at a character boundary).
    pub options_at: Option<usize>,
    /// The `WITH` options (credential values are held as secrets and print masked).
    pub options: OptionList,
    /// The `connector` option, if any.
    pub connector: Option<String>,
    /// The connection it depends on, if any.
    pub connection: Option<TableConnection>,
    /// When it was created.
    pub created_at: Timestamp,
}

impl TableRecord {
    /// Fewer options than this are kept in the text as they are: cutting them out saves nothing.
    pub const CUT_FROM: usize = 64;

    /// The whole `CREATE TABLE` statement, masked, as it prints: `masked_sql` with the options
    /// written back where they were cut out.
    ///
    /// ```
    /// # use flink_ddl_exec::{Scope, TableRecord, Timestamp};
    /// # use flink_ddl::{OptionList, SqlOption};
    /// let options = OptionList::from((0..64).map(|n| SqlOption::new(&format!("k{n}"), "v")).collect::<Vec<_>>());
    /// let whole = format!("CREATE TABLE `t` (`a` INT) WITH {options}");
    /// let record = TableRecord {
    ///     name: "t".into(),
    ///     scope: Scope::new("env", "aws", "us-east-1"),
    ///     masked_sql: whole.clone(),
    ///     options_at: None,
    ///     options,
    ///     connector: None,
    ///     connection: None,
    ///     created_at: Timestamp::from_unix_micros(0),
    /// };
    /// let cut = record.clone().with_options_cut_out();
    /// assert_eq!(cut.masked_sql, "CREATE TABLE `t` (`a` INT)");
    /// assert_eq!(cut.statement().to_string(), whole);
    /// assert_eq!(cut, record);
    /// ```
    pub fn statement(&self) -> MaskedStatement<'_> {
        MaskedStatement(self)
    }

    /// The whole statement as text ([`TableRecord::statement`]), borrowed when it is held whole.
    pub fn whole_masked_sql(&self) -> std::borrow::Cow<'_, str> {
        match self.options_at {
            None => std::borrow::Cow::Borrowed(&self.masked_sql),
            Some(_) => std::borrow::Cow::Owned(self.statement().to_string()),
        }
    }

    /// The statement without its ` WITH (...)` clause, when the clause is its options as they
    /// print (the canonical text the executor stores): what the columns are read from, short
    /// whatever the number of options.
    pub(crate) fn without_options(&self) -> Option<std::borrow::Cow<'_, str>> {
        match self.options_at {
            Some(_) => Some(std::borrow::Cow::Borrowed(&self.masked_sql)),
            None => crate::render::table_columns::without_options(&self.masked_sql, &self.options)
                .map(std::borrow::Cow::Owned),
        }
    }

    /// This record with the print of a long option list ([`TableRecord::CUT_FROM`] options or
    /// more) cut out of its text, when the text holds it as printed; as it is otherwise.
    #[must_use]
    pub fn with_options_cut_out(mut self) -> Self {
        if self.options_at.is_some() || self.options.len() < Self::CUT_FROM {
            return self;
        }
        if let Some(clause) = crate::render::table_columns::options_clause(&self.masked_sql, &self.options) {
            self.masked_sql.replace_range(clause.clone(), "");
            self.masked_sql.shrink_to_fit();
            self.options_at = Some(clause.start);
        }
        self
    }

    /// A copy of this record with a long option list's print cut out of its text, as
    /// [`TableRecord::with_options_cut_out`] gives it, made without copying the whole text first.
    pub(crate) fn cut_clone(&self) -> TableRecord {
        let clause = (self.options_at.is_none() && self.options.len() >= Self::CUT_FROM)
            .then(|| crate::render::table_columns::options_clause(&self.masked_sql, &self.options))
            .flatten();
        let (masked_sql, options_at) = match clause {
            Some(clause) => {
                let text = &self.masked_sql;
                let mut cut = String::with_capacity(text.len() - clause.len());
                cut.push_str(&text[..clause.start]);
                cut.push_str(&text[clause.end..]);
                (cut, Some(clause.start))
            }
            None => (self.masked_sql.clone(), self.options_at),
        };
        TableRecord {
            name: self.name.clone(),
            scope: self.scope.clone(),
            masked_sql,
            options_at,
            options: self.options.clone(),
            connector: self.connector.clone(),
            connection: self.connection.clone(),
            created_at: self.created_at,
        }
    }

    /// This record with its whole statement in `masked_sql` (for a store that keeps it so).
    #[must_use]
    pub fn with_whole_text(mut self) -> Self {
        if self.options_at.is_some() {
            self.masked_sql = self.statement().to_string();
            self.options_at = None;
        }
        self
    }
}

/// A table's whole statement, masked ([`TableRecord::statement`]); written piece by piece.
#[derive(Debug, Clone, Copy)]
pub struct MaskedStatement<'a>(&'a TableRecord);

impl fmt::Display for MaskedStatement<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let record = self.0;
        match record.options_at.filter(|&at| record.masked_sql.is_char_boundary(at)) {
            Some(at) => {
                f.write_str(&record.masked_sql[..at])?;
                write!(f, " WITH {}", record.options)?;
                f.write_str(&record.masked_sql[at..])
            }
            None => f.write_str(&record.masked_sql),
        }
    }
}

impl PartialEq for TableRecord {
    fn eq(&self, other: &Self) -> bool {
        let same_text = if self.options_at == other.options_at {
            self.masked_sql == other.masked_sql
        } else {
            self.whole_masked_sql() == other.whole_masked_sql()
        };
        self.name == other.name
            && self.scope == other.scope
            && same_text
            && self.options == other.options
            && self.connector == other.connector
            && self.connection == other.connection
            && self.created_at == other.created_at
    }
}

impl Serialize for TableRecord {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut record = serializer.serialize_struct("TableRecord", 7)?;
        record.serialize_field("name", &self.name)?;
        record.serialize_field("scope", &self.scope)?;
        record.serialize_field("masked_sql", &Whole(self))?;
        record.serialize_field("options", &self.options)?;
        record.serialize_field("connector", &self.connector)?;
        record.serialize_field("connection", &self.connection)?;
        record.serialize_field("created_at", &self.created_at)?;
        return record.end();

        /// The whole statement, written as a string without being made into one.
        struct Whole<'a>(&'a TableRecord);
        impl Serialize for Whole<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(&self.0.statement())
            }
        }
    }
}

/// What a catalog refuses, or fails at. No variant holds an option value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogError {
    /// The name is held by a connection of the same environment (possibly in another cloud or region).
    #[error("connection \"{name}\" already exists in {existing} (connection names are unique per environment)")]
    ConnectionExists {
        /// The name.
        name: String,
        /// Where the existing connection lives.
        existing: Scope,
    },
    /// No connection of that name in that scope.
    #[error("connection \"{name}\" does not exist in {scope}")]
    ConnectionNotFound {
        /// The name.
        name: String,
        /// Where it was looked for.
        scope: Scope,
    },
    /// The connection changed since it was read ([`Catalog::update_connection`]'s compare-and-set).
    #[error("connection \"{name}\" was changed by another statement meanwhile")]
    ConnectionChanged {
        /// The name.
        name: String,
    },
    /// Tables use the connection, so it cannot be dropped or change type.
    #[error("connection \"{name}\" is used by table(s) {}", quoted_list(.tables))]
    ConnectionInUse {
        /// The name.
        name: String,
        /// The tables using it, ordered by name.
        tables: Vec<String>,
    },
    /// A table of that name exists in that scope.
    #[error("table \"{name}\" already exists in {scope}")]
    TableExists {
        /// The name.
        name: String,
        /// The scope.
        scope: Scope,
    },
    /// No table of that name in that scope.
    #[error("table \"{name}\" does not exist in {scope}")]
    TableNotFound {
        /// The name.
        name: String,
        /// Where it was looked for.
        scope: Scope,
    },
    /// The connection a table refers to is missing from the table's scope, or is of another type.
    #[error(
        "table \"{table}\" refers to connection \"{connection}\", which does not exist with the type the table needs in the table's environment, cloud and region"
    )]
    DependencyMissing {
        /// The table.
        table: String,
        /// The connection.
        connection: String,
    },
    /// A model, tool or agent of that name exists in that scope.
    #[error("{kind} \"{name}\" already exists in {scope}")]
    AiObjectExists {
        /// Model, tool or agent.
        kind: AiObjectKind,
        /// The name.
        name: String,
        /// The scope.
        scope: Scope,
    },
    /// No model, tool or agent of that name in that scope.
    #[error("{kind} \"{name}\" does not exist in {scope}")]
    AiObjectNotFound {
        /// Model, tool or agent.
        kind: AiObjectKind,
        /// The name.
        name: String,
        /// Where it was looked for.
        scope: Scope,
    },
    /// The object changed since it was read (another statement wrote it meanwhile).
    #[error("{kind} \"{name}\" was changed by another statement meanwhile")]
    AiObjectChanged {
        /// Model, tool or agent.
        kind: AiObjectKind,
        /// The name.
        name: String,
    },
    /// Other objects use this one, so it cannot be dropped, renamed or change type.
    #[error("{kind} \"{name}\" is used by {}", use_list(.users))]
    InUse {
        /// `connection`, `model`, `tool` or `agent`.
        kind: &'static str,
        /// The name.
        name: String,
        /// Every user, ordered by kind and name.
        users: Vec<ObjectUse>,
    },
    /// An object refers to something missing from its scope (or a connection of another type).
    #[error("{kind} \"{name}\" refers to {}, which does not exist in {scope}", .missing.describe())]
    ReferenceMissing {
        /// The kind of the object written.
        kind: AiObjectKind,
        /// Its name.
        name: String,
        /// What it refers to (boxed: it keeps the error small).
        missing: Box<Dependency>,
        /// The scope.
        scope: Scope,
    },
    /// This store does not keep models, tools and agents.
    #[error("this catalog does not store {what}")]
    Unsupported {
        /// What it does not store.
        what: &'static str,
    },
    /// An API key of that id is stored already.
    #[error("API key \"{key}\" already exists")]
    ApiKeyExists {
        /// The key's id.
        key: String,
    },
    /// No API key of that id.
    #[error("API key \"{key}\" does not exist")]
    ApiKeyNotFound {
        /// The key's id.
        key: String,
    },
    /// The storage itself failed (I/O, corruption). The text never holds a credential.
    #[error("catalog storage failed: {message}")]
    Storage {
        /// What failed.
        message: String,
    },
    /// The catalog cannot be reached now (a database server restarting, a network outage): a
    /// passing condition, worth retrying later (a server answers 503). A changing call that gets
    /// this error was applied whole or not at all; which one, a read can tell. The text never
    /// holds a credential or a password.
    #[error("catalog unavailable: {message}")]
    Unavailable {
        /// What failed, and where (passwords removed).
        message: String,
    },
}

impl CatalogError {
    /// True for [`CatalogError::Unavailable`]: the catalog may answer again later.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, CatalogError::Unavailable { .. })
    }
}

/// `"a", "b"` for messages.
pub(crate) fn quoted_list(names: &[String]) -> String {
    names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")
}

/// Storage for connections and tables. Object safe and shareable between threads: every method
/// takes `&self`, and each changing method is atomic, checking its preconditions and applying
/// its change as one step (an implementation with transactions runs each in one transaction).
///
/// Names compare exactly (case-sensitive). Lists are ordered by name, byte-wise.
pub trait Catalog: Send + Sync {
    /// The connection called `name` in `environment`, whatever its cloud and region.
    fn get_connection(&self, environment: &str, name: &str) -> Result<Option<ConnectionRecord>, CatalogError>;

    /// The connections of `scope` that pass `filter`, ordered by name.
    fn list_connections(&self, scope: &Scope, filter: Option<&NameFilter>)
        -> Result<Vec<ConnectionInfo>, CatalogError>;

    /// At most `limit` connections of `scope` whose names come after `after` (all names when
    /// `None`), ordered by name, of `connection_type` only when one is given: one page of a keyset
    /// listing. A store walks its name index from `after` (a range scan), so a page costs the
    /// same wherever it starts and no name is skipped or repeated while others insert or delete.
    fn list_connections_after(
        &self,
        scope: &Scope,
        after: Option<&str>,
        connection_type: Option<ConnectionType>,
        limit: usize,
    ) -> Result<Vec<ConnectionInfo>, CatalogError>;

    /// Stores a new connection. Refused with [`CatalogError::ConnectionExists`] when its name is
    /// taken in its environment, in any cloud and region.
    fn insert_connection(&self, record: ConnectionRecord) -> Result<(), CatalogError>;

    /// Stores `record` in place of the connection of the same name in the same scope, or as a
    /// new one when there is none, giving back the replaced one. Refused when the name is taken in
    /// another cloud or region of the environment ([`CatalogError::ConnectionExists`]), or when
    /// the type changes while tables use the connection ([`CatalogError::ConnectionInUse`]).
    fn replace_connection(&self, record: ConnectionRecord) -> Result<Option<ConnectionRecord>, CatalogError>;

    /// Stores `record` over the connection of the same name and scope, only if that one is
    /// still the one `record` was read from, at `expected_version`: its `resource_version`,
    /// `uid` and type are still `expected_version`, `record.info.uid` and
    /// `record.info.connection_type` ([`CatalogError::ConnectionChanged`] otherwise;
    /// [`CatalogError::ConnectionNotFound`] when it is gone). Type and endpoint are the caller's
    /// to keep.
    ///
    /// The `uid` and type take part because `CREATE OR REPLACE` starts a connection again at
    /// version 1: an `ALTER` that read version 1 of the old connection must not land on the
    /// new one, writing back the old type (and its credentials) under tables that use the new.
    fn update_connection(&self, record: ConnectionRecord, expected_version: u64) -> Result<(), CatalogError>;

    /// Removes the connection called `name` from `scope`, giving it back. Refused while tables
    /// use it ([`CatalogError::ConnectionInUse`]).
    fn delete_connection(&self, scope: &Scope, name: &str) -> Result<ConnectionRecord, CatalogError>;

    /// Removes the connections called `names` from `scope` in one step, all or none, giving them
    /// back in the order named (a name given twice counts once). Every name is checked before
    /// anything is removed: the first that is not in `scope` is refused with
    /// [`CatalogError::ConnectionNotFound`], else the first that tables use with
    /// [`CatalogError::ConnectionInUse`], and then nothing changes.
    fn delete_connections(&self, scope: &Scope, names: &[&str]) -> Result<Vec<ConnectionRecord>, CatalogError>;

    /// The names of the tables using connection `name` of `environment`, ordered.
    fn tables_using(&self, environment: &str, name: &str) -> Result<Vec<String>, CatalogError>;

    /// The table called `name` in `scope`.
    fn get_table(&self, scope: &Scope, name: &str) -> Result<Option<TableRecord>, CatalogError>;

    /// The tables of `scope` that pass `filter`, ordered by name.
    fn list_tables(&self, scope: &Scope, filter: Option<&NameFilter>) -> Result<Vec<TableRecord>, CatalogError>;

    /// Stores a new table ([`CatalogError::TableExists`] when the name is taken in its scope).
    /// When it depends on a connection, that connection must exist in the table's scope with the
    /// recorded type ([`CatalogError::DependencyMissing`]), checked in the same step.
    fn insert_table(&self, record: TableRecord) -> Result<(), CatalogError>;

    /// Stores `record` in place of the table of the same name in its scope, in one step, giving
    /// back the table it replaced: `CREATE OR REPLACE TABLE` (a table may or may not be there)
    /// and, with `must_exist`, `REPLACE TABLE` ([`CatalogError::TableNotFound`] when there is
    /// none). The new table's dependency is checked as by [`Catalog::insert_table`]; on any error
    /// nothing changes.
    fn replace_table(&self, record: TableRecord, must_exist: bool) -> Result<Option<TableRecord>, CatalogError>;

    /// [`Catalog::insert_table`], giving the stored record back (the executor's outcome shows
    /// it). A store that keeps its records elsewhere than in memory (a database) overrides this
    /// to give `record` back without a copy, so that a table of millions of options is not held
    /// twice; the default copies it.
    fn insert_table_and_return(&self, record: TableRecord) -> Result<TableRecord, CatalogError> {
        self.insert_table(record.clone()).map(|()| record)
    }

    /// [`Catalog::replace_table`], giving the stored record back too, as
    /// [`Catalog::insert_table_and_return`] does.
    fn replace_table_and_return(
        &self,
        record: TableRecord,
        must_exist: bool,
    ) -> Result<(TableRecord, Option<TableRecord>), CatalogError> {
        self.replace_table(record.clone(), must_exist).map(|replaced| (record, replaced))
    }

    /// Removes the table called `name` from `scope`, giving it back.
    fn delete_table(&self, scope: &Scope, name: &str) -> Result<TableRecord, CatalogError>;

    /// Stores a new API key ([`CatalogError::ApiKeyExists`] when its id is taken).
    fn insert_api_key(&self, record: ApiKeyRecord) -> Result<(), CatalogError>;

    /// The API key with id `key`.
    fn get_api_key(&self, key: &str) -> Result<Option<ApiKeyRecord>, CatalogError>;

    /// Every API key, ordered by id.
    fn list_api_keys(&self) -> Result<Vec<ApiKeyRecord>, CatalogError>;

    /// Removes the API key with id `key`, giving it back ([`CatalogError::ApiKeyNotFound`]).
    fn delete_api_key(&self, key: &str) -> Result<ApiKeyRecord, CatalogError>;

    /// The model, tool or agent of `kind` called `name` in `scope`, if any. A store that keeps
    /// none (the default) has none.
    fn get_ai_object(
        &self,
        scope: &Scope,
        kind: AiObjectKind,
        name: &str,
    ) -> Result<Option<AiObjectRecord>, CatalogError> {
        let _ = (scope, kind, name);
        Ok(None)
    }

    /// The objects of `kind` in `scope` whose names `filter` keeps, ordered by name.
    fn list_ai_objects(
        &self,
        scope: &Scope,
        kind: AiObjectKind,
        filter: Option<&NameFilter>,
    ) -> Result<Vec<AiObjectRecord>, CatalogError> {
        let _ = (scope, kind, filter);
        Ok(Vec::new())
    }

    /// Applies `change` in `scope` atomically, with its checks: an inserted or replacing record's
    /// [`AiObjectRecord::uses`] all exist in `scope` (connections of the type given); a replaced
    /// or deleted record is still stored as read ([`CatalogError::AiObjectChanged`] otherwise); a
    /// deleted or renamed object is used by nothing ([`CatalogError::InUse`] names every user).
    /// A store that keeps no models, tools or agents refuses with [`CatalogError::Unsupported`].
    fn write_ai_object(&self, scope: &Scope, change: AiObjectChange) -> Result<(), CatalogError> {
        let _ = (scope, change);
        Err(CatalogError::Unsupported { what: "models, tools and agents" })
    }
}
