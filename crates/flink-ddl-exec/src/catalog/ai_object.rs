//! Models, tools and agents as a catalog stores them ([`AiObjectRecord`]), and the references
//! between stored objects ([`Dependency`], [`ObjectUse`]) that the catalog checks in the same
//! atomic step as each write: an object refers only to objects that exist, and nothing that is
//! used may be dropped or renamed (docs/executor.md#models-tools-and-agents).

use std::fmt;

use serde::Serialize;

use crate::clock::Timestamp;
use crate::connection_type::ConnectionType;
use flink_ddl::{CreateAgent, CreateModel, CreateTool, OptionList};

/// Which of the three kinds an [`AiObjectRecord`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AiObjectKind {
    /// A remote AI model, with versions.
    Model,
    /// A tool an agent may call.
    Tool,
    /// An agent.
    Agent,
}

impl AiObjectKind {
    /// `model`, `tool` or `agent`.
    pub fn as_str(self) -> &'static str {
        match self {
            AiObjectKind::Model => "model",
            AiObjectKind::Tool => "tool",
            AiObjectKind::Agent => "agent",
        }
    }
}

impl AiObjectKind {
    /// The kind called `model`, `tool` or `agent` (as [`AiObjectKind::as_str`] writes it).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "model" => Some(AiObjectKind::Model),
            "tool" => Some(AiObjectKind::Tool),
            "agent" => Some(AiObjectKind::Agent),
            _ => None,
        }
    }
}

impl fmt::Display for AiObjectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a version of an object was created from: its CREATE statement, as parsed (with ALTER's
/// changes applied). Option values that are credentials are held as secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AiDefinition {
    /// `CREATE MODEL ...`
    Model(CreateModel),
    /// `CREATE TOOL ...`
    Tool(CreateTool),
    /// `CREATE AGENT ...`
    Agent(CreateAgent),
}

impl AiDefinition {
    /// The `WITH` options.
    pub fn options(&self) -> &OptionList {
        match self {
            AiDefinition::Model(m) => &m.options,
            AiDefinition::Tool(t) => &t.options,
            AiDefinition::Agent(a) => &a.options,
        }
    }

    /// The `WITH` options, to change.
    pub fn options_mut(&mut self) -> &mut OptionList {
        match self {
            AiDefinition::Model(m) => &mut m.options,
            AiDefinition::Tool(t) => &mut t.options,
            AiDefinition::Agent(a) => &mut a.options,
        }
    }

    /// The `COMMENT` text.
    pub fn comment(&self) -> Option<&str> {
        match self {
            AiDefinition::Model(m) => m.comment.as_deref(),
            AiDefinition::Tool(t) => t.comment.as_deref(),
            AiDefinition::Agent(a) => a.comment.as_deref(),
        }
    }

    /// The canonical CREATE statement with real values: only for a store that seals it.
    pub fn unredacted_sql(&self) -> String {
        self.statement().unredacted().to_string()
    }

    /// The canonical CREATE statement with credential values masked.
    pub fn masked_sql(&self) -> String {
        self.statement().to_string()
    }

    /// The definition as a statement.
    pub fn statement(&self) -> flink_ddl::Statement {
        match self {
            AiDefinition::Model(m) => flink_ddl::Statement::CreateModel(Box::new(m.clone())),
            AiDefinition::Tool(t) => flink_ddl::Statement::CreateTool(Box::new(t.clone())),
            AiDefinition::Agent(a) => flink_ddl::Statement::CreateAgent(Box::new(a.clone())),
        }
    }
}

/// A store's plain form of an object's versions, to seal (the statements may hold credentials):
/// for each version its number (u32), creation time (i64, microseconds), the length of its
/// canonical statement with real values (u32) and the statement; little endian.
pub fn encode_versions(versions: &[AiVersion]) -> Vec<u8> {
    let mut out = Vec::new();
    for v in versions {
        let sql = v.definition.unredacted_sql();
        out.extend_from_slice(&v.number.to_le_bytes());
        out.extend_from_slice(&v.created_at.unix_micros().to_le_bytes());
        out.extend_from_slice(&u32::try_from(sql.len()).unwrap_or(u32::MAX).to_le_bytes());
        out.extend_from_slice(sql.as_bytes());
    }
    out
}

/// Parses a statement the catalog stored (its own print of a statement that parsed): with no
/// tree budget, which limits what untrusted input may build. A print can be denser than the text
/// it came from (comments and blanks are gone), so the budget that admitted the statement could
/// refuse its print, and a stored object would fail to load.
pub(crate) fn parse_stored_statement(sql: &str) -> Result<flink_ddl::Statement, flink_ddl::ParseError> {
    flink_ddl::Parser::new().with_max_tree_overhead_bytes(usize::MAX).parse_statement(sql)
}

/// The versions [`encode_versions`] wrote; `None` when the bytes are not such a list.
pub fn decode_versions(mut bytes: &[u8]) -> Option<Vec<AiVersion>> {
    let mut versions = Vec::new();
    while !bytes.is_empty() {
        let number = u32::from_le_bytes(bytes.get(0..4)?.try_into().ok()?);
        let created = i64::from_le_bytes(bytes.get(4..12)?.try_into().ok()?);
        let len = usize::try_from(u32::from_le_bytes(bytes.get(12..16)?.try_into().ok()?)).ok()?;
        let sql = std::str::from_utf8(bytes.get(16..16 + len)?).ok()?;
        let definition = match parse_stored_statement(sql).ok()? {
            flink_ddl::Statement::CreateModel(m) => AiDefinition::Model(*m),
            flink_ddl::Statement::CreateTool(t) => AiDefinition::Tool(*t),
            flink_ddl::Statement::CreateAgent(a) => AiDefinition::Agent(*a),
            _ => return None,
        };
        versions.push(AiVersion { number, definition, created_at: Timestamp::from_unix_micros(created) });
        bytes = &bytes[16 + len..];
    }
    (!versions.is_empty()).then_some(versions)
}

/// One version of an object (tools and agents have exactly one, version 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AiVersion {
    /// The version's number, from 1.
    pub number: u32,
    /// What it was created from.
    pub definition: AiDefinition,
    /// When it was created.
    pub created_at: Timestamp,
}

/// What an object refers to: a connection of a given type, a model, a tool or an agent, by name,
/// in the object's own scope.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Dependency {
    /// The kind of object referred to.
    pub kind: DependencyKind,
    /// Its name.
    pub name: String,
}

/// The kind of a [`Dependency`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum DependencyKind {
    /// A connection, of exactly this type when one is given.
    Connection(Option<String>),
    /// A model, tool or agent.
    Object(AiObjectKind),
}

impl Dependency {
    /// A connection of `connection_type` (any type when `None`).
    pub fn connection(name: impl Into<String>, connection_type: Option<ConnectionType>) -> Self {
        Dependency { kind: DependencyKind::Connection(connection_type.map(|t| t.name().to_owned())), name: name.into() }
    }

    /// A model, tool or agent.
    pub fn object(kind: AiObjectKind, name: impl Into<String>) -> Self {
        Dependency { kind: DependencyKind::Object(kind), name: name.into() }
    }

    /// How a store writes it: the used kind (`connection`, `model`, `tool`, `agent`) and the
    /// connection type (`''` when any type will do, and for objects).
    pub fn columns(&self) -> (&str, &str) {
        match &self.kind {
            DependencyKind::Connection(t) => ("connection", t.as_deref().unwrap_or("")),
            DependencyKind::Object(kind) => (kind.as_str(), ""),
        }
    }

    /// The dependency a store wrote with [`Dependency::columns`].
    pub fn from_columns(used_kind: &str, used_type: &str, name: String) -> Option<Self> {
        let kind = match used_kind {
            "connection" => DependencyKind::Connection((!used_type.is_empty()).then(|| used_type.to_owned())),
            other => DependencyKind::Object(AiObjectKind::from_name(other)?),
        };
        Some(Dependency { kind, name })
    }

    /// `connection "c" of type mcp_server`, `model "m"`: for messages.
    pub fn describe(&self) -> String {
        match &self.kind {
            DependencyKind::Connection(Some(t)) => format!("connection \"{}\" of type {}", self.name, t),
            DependencyKind::Connection(None) => format!("connection \"{}\"", self.name),
            DependencyKind::Object(kind) => format!("{kind} \"{}\"", self.name),
        }
    }
}

/// A stored model, tool or agent (the catalog keeps it under a scope: environment, cloud and
/// region; it refers only to objects of that scope).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AiObjectRecord {
    /// Model, tool or agent.
    pub kind: AiObjectKind,
    /// Its name (case kept), unique per kind and scope.
    pub name: String,
    /// Its versions, ordered by number (at least one).
    pub versions: Vec<AiVersion>,
    /// The number of the default version.
    pub default_version: u32,
    /// What its versions refer to together, ordered and without repeats; the catalog checks that
    /// each exists when the record is written.
    pub uses: Vec<Dependency>,
    /// When it was created.
    pub created_at: Timestamp,
}

impl AiObjectRecord {
    /// The default version.
    pub fn default(&self) -> &AiVersion {
        self.version(self.default_version).unwrap_or(&self.versions[0])
    }

    /// The version numbered `number`.
    pub fn version(&self, number: u32) -> Option<&AiVersion> {
        self.versions.iter().find(|v| v.number == number)
    }
}

/// One object that uses another (for in-use refusals): `table "orders"`, `agent "triage"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ObjectUse {
    /// `table`, `model`, `tool` or `agent`.
    pub kind: &'static str,
    /// Its name.
    pub name: String,
}

impl fmt::Display for ObjectUse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} \"{}\"", self.kind, self.name)
    }
}

/// `table "a", model "b"`: for messages.
pub(crate) fn use_list(users: &[ObjectUse]) -> String {
    users.iter().map(ObjectUse::to_string).collect::<Vec<_>>().join(", ")
}

/// One atomic change of a model, tool or agent (the catalog's `write_ai_object`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AiObjectChange {
    /// Store a new object; its name must be free.
    Insert(AiObjectRecord),
    /// Replace `previous` (which must still be stored as it was read) by `record`; when the
    /// name changes, the new one must be free and nothing may use the old one.
    Replace {
        /// The record as read.
        previous: AiObjectRecord,
        /// The new record.
        record: AiObjectRecord,
    },
    /// Delete `previous` (which must still be stored as it was read); nothing may use it.
    Delete(AiObjectRecord),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_encode_and_decode_with_their_real_values() {
        let sql = "CREATE MODEL m WITH ('provider' = 'openai', 'task' = 'embedding', 'openai.api_key' = 'sk-1')";
        let flink_ddl::Statement::CreateModel(model) = flink_ddl::parse_statement(sql).unwrap() else { panic!() };
        let versions = vec![AiVersion {
            number: 3,
            definition: AiDefinition::Model(*model),
            created_at: Timestamp::from_unix_micros(-5),
        }];
        let bytes = encode_versions(&versions);
        assert_eq!(decode_versions(&bytes), Some(versions));
        assert_eq!(decode_versions(&bytes[..bytes.len() - 1]), None);
        assert_eq!(decode_versions(&[]), None);
    }

    #[test]
    fn dependencies_as_columns_and_back() {
        for d in [
            Dependency::connection("c", crate::connection_type::ConnectionType::from_name("mcp_server")),
            Dependency::connection("c", None),
            Dependency::object(AiObjectKind::Agent, "a"),
        ] {
            let (kind, ty) = d.columns();
            assert_eq!(Dependency::from_columns(kind, ty, d.name.clone()), Some(d.clone()));
        }
        assert_eq!(Dependency::from_columns("table", "", "t".into()), None);
    }
}
