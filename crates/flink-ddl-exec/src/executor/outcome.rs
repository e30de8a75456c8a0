//! What executing a statement gives when it succeeds: an [`Outcome`] to render (a refusal is an
//! `ExecError`, in `error.rs`).
//!
//! An outcome holds what may be shown ([`ConnectionInfo`], never credentials), so rendering it
//! cannot leak a secret.

use std::borrow::Cow;
use std::fmt;

use flink_ddl::CreateTable;

use crate::catalog::{ConnectionInfo, Scope, TableRecord};
use crate::clock::Timestamp;

/// The kind of object a statement is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ObjectKind {
    /// A connection.
    Connection,
    /// A table.
    Table,
    /// A model.
    Model,
    /// A tool.
    Tool,
    /// An agent.
    Agent,
}

impl ObjectKind {
    /// `connection`, `table`, `model`, `tool` or `agent`.
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Connection => "connection",
            ObjectKind::Table => "table",
            ObjectKind::Model => "model",
            ObjectKind::Tool => "tool",
            ObjectKind::Agent => "agent",
        }
    }
}

impl fmt::Display for ObjectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a statement did nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoOpReason {
    /// `CREATE ... IF NOT EXISTS` found the object.
    AlreadyExists,
    /// `ALTER` / `DROP ... IF EXISTS` did not find it.
    DoesNotExist,
}

/// The statement a `SHOW CREATE` shows, credentials masked: a text, or a stored table that is
/// printed in its canonical form as it is written ([`fmt::Display`]), so that a table of a
/// million options is not held as one more text beside them. It compares with a `&str` by its
/// print.
///
/// ```
/// use flink_ddl::parse_statement;
/// use flink_ddl_exec::{MemoryCatalog, Outcome, Session, SessionContext};
/// let session = Session::new(std::sync::Arc::new(MemoryCatalog::new()), SessionContext::default());
/// session.execute(&parse_statement("CREATE TABLE t (a INT) WITH ('connector' = 'datagen')")?)?;
/// let Outcome::ShowCreate { masked_sql, .. } = session.execute(&parse_statement("SHOW CREATE TABLE t")?)? else {
///     unreachable!()
/// };
/// assert_eq!(masked_sql, "CREATE TABLE `t` (\n  `a` INT\n)\nWITH (\n  'connector' = 'datagen'\n)");
/// assert!(masked_sql.to_string().starts_with("CREATE TABLE `t`"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaskedSql(Shown);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Shown {
    Text(String),
    /// Printed by `render::create_table`.
    Table(Box<CreateTable>),
}

impl MaskedSql {
    /// A stored table, shown in its canonical form.
    pub(crate) fn canonical_table(table: CreateTable) -> Self {
        MaskedSql(Shown::Table(Box::new(table)))
    }

    /// The statement as a text: borrowed when it is one, printed when it is a table.
    pub fn as_text(&self) -> Cow<'_, str> {
        match &self.0 {
            Shown::Text(text) => Cow::Borrowed(text),
            Shown::Table(_) => Cow::Owned(self.to_string()),
        }
    }

    /// The text, when the statement is held as one (not a table printed as it is written).
    pub(crate) fn held_text(&self) -> Option<&str> {
        match &self.0 {
            Shown::Text(text) => Some(text),
            Shown::Table(_) => None,
        }
    }
}

impl From<String> for MaskedSql {
    fn from(text: String) -> Self {
        MaskedSql(Shown::Text(text))
    }
}

impl fmt::Display for MaskedSql {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Shown::Text(text) => f.write_str(text),
            Shown::Table(table) => crate::render::create_table::write_canonical_create_table(table, f),
        }
    }
}

impl PartialEq<str> for MaskedSql {
    fn eq(&self, other: &str) -> bool {
        self.as_text() == other
    }
}

impl PartialEq<&str> for MaskedSql {
    fn eq(&self, other: &&str) -> bool {
        self.as_text() == *other
    }
}

impl PartialEq<String> for MaskedSql {
    fn eq(&self, other: &String) -> bool {
        self.as_text() == other.as_str()
    }
}

/// The result of one statement.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// `CREATE [OR REPLACE] CONNECTION`: the new connection.
    Created {
        /// The connection as stored.
        connection: ConnectionInfo,
        /// True when `OR REPLACE` replaced an existing one.
        replaced: bool,
    },
    /// `ALTER CONNECTION`: the connection after the change.
    Altered {
        /// The connection as stored.
        connection: ConnectionInfo,
    },
    /// `DROP CONNECTION`: the connection that was deleted.
    Dropped {
        /// The connection as it was.
        connection: ConnectionInfo,
        /// When it was deleted.
        deleted_at: Timestamp,
    },
    /// `DESCRIBE CONNECTION`.
    Described {
        /// The connection.
        connection: ConnectionInfo,
        /// `EXTENDED` was given (adds the comment).
        extended: bool,
    },
    /// `SHOW CONNECTIONS`: the connections of the scope, ordered by name.
    Listed {
        /// Where they were listed.
        scope: Scope,
        /// The connections.
        connections: Vec<ConnectionInfo>,
    },
    /// `SHOW CREATE CONNECTION` / `SHOW CREATE TABLE`: the statement, credentials masked.
    ShowCreate {
        /// What it creates.
        kind: ObjectKind,
        /// The object's name.
        name: String,
        /// The statement, canonical and masked.
        masked_sql: MaskedSql,
    },
    /// `IF NOT EXISTS` / `IF EXISTS` made the statement do nothing.
    NoOp {
        /// The object's kind.
        kind: ObjectKind,
        /// The object's name.
        name: String,
        /// What would have happened: `created`, `altered`, `dropped`.
        action: &'static str,
        /// Why nothing happened.
        reason: NoOpReason,
    },
    /// `CREATE [OR REPLACE] TABLE` or `REPLACE TABLE`: the new table.
    TableCreated {
        /// The table as stored.
        table: TableRecord,
        /// True when it replaced a table of the same name.
        replaced: bool,
    },
    /// `DROP TABLE`: the table that was deleted.
    TableDropped {
        /// The table as it was.
        table: TableRecord,
        /// When it was deleted.
        deleted_at: Timestamp,
    },
    /// `DESCRIBE TABLE`.
    TableDescribed {
        /// The table.
        table: TableRecord,
        /// `EXTENDED` was given.
        extended: bool,
    },
    /// `SHOW TABLES`: the tables of the scope, ordered by name.
    TablesListed {
        /// Where they were listed.
        scope: Scope,
        /// The tables.
        tables: Vec<TableRecord>,
    },
    /// A model, tool or agent was created, altered, renamed or dropped, or a model's version was
    /// added or dropped.
    AiObjectChanged {
        /// Model, tool or agent.
        kind: ObjectKind,
        /// Its name.
        name: String,
        /// `created`, `altered`, `renamed`, `dropped`.
        action: &'static str,
        /// The model version concerned, if one.
        version: Option<u32>,
    },
    /// `SHOW MODELS | TOOLS | AGENTS`: the names, ordered.
    AiObjectsListed {
        /// Model, tool or agent.
        kind: ObjectKind,
        /// Where they were listed.
        scope: Scope,
        /// Their names.
        names: Vec<String>,
    },
    /// `DESCRIBE MODEL | TOOL | AGENT`: a table, secret values masked.
    AiObjectDescribed {
        /// Model, tool or agent.
        kind: ObjectKind,
        /// Its name.
        name: String,
        /// The column headers.
        header: Vec<&'static str>,
        /// One row per version (a tool or agent has one).
        rows: Vec<Vec<String>>,
    },
}

impl Outcome {
    /// The one-line message of a no-op (`Connection "c" already exists; nothing was created.`).
    pub fn no_op_message(kind: ObjectKind, name: &str, action: &str, reason: NoOpReason) -> String {
        let kind = match kind {
            ObjectKind::Connection => "Connection",
            ObjectKind::Table => "Table",
            ObjectKind::Model => "Model",
            ObjectKind::Tool => "Tool",
            ObjectKind::Agent => "Agent",
        };
        match reason {
            NoOpReason::AlreadyExists => format!("{kind} \"{name}\" already exists; nothing was {action}."),
            NoOpReason::DoesNotExist => format!("{kind} \"{name}\" does not exist; nothing was {action}."),
        }
    }
}
