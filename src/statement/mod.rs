//! `Statement`, the root of the AST, and the dispatch from a statement's first keywords to the
//! parser of its kind. Scripts (`;`-separated statements) are walked by `crate::parser`.

pub mod agent;
mod alter_action;
pub mod connection;
pub mod create_table;
pub mod model;
mod phrase;
pub mod table;
pub mod tool;

use std::fmt;

use nom::combinator::cut;
use nom::Parser;
use serde::Serialize;

use crate::lexical::keyword::{kw, peek_keyword, peek_kw, Keyword};
use crate::lexical::{peek_word, skip_ws, Depth, Input, PResult, Reason, SyntaxError};
use crate::print::{PrintMode, Printed, SqlWriter, ToSql};
use crate::redaction::Redactor;
use create_table::Creation;

pub use agent::{
    AgentDefinition, AlterAgent, AlterAgentAction, CreateAgent, DescribeAgent, DropAgent, ShowAgents, ShowCreateAgent,
};
pub use alter_action::AlterAction;
pub use connection::{
    AlterConnection, CreateConnection, DescribeConnection, DropConnection, ShowConnections, ShowCreateConnection,
};
pub use create_table::{
    Column, ColumnKind, CreateTable, Distribution, InlinePrimaryKey, LikeFeature, LikeOption, MergingStrategy,
    PrimaryKey, TableLike, Watermark,
};
pub use model::{
    AlterModel, CreateModel, DescribeModel, DropModel, ModelName, ModelVersion, ShowCreateModel, ShowModels,
};
pub use phrase::{FromDatabase, FromOrIn, LikeFilter};
pub use table::{DescribeTable, DropTable, ShowCreateTable, ShowTables};
pub use tool::{AlterTool, CreateTool, DescribeTool, DropTool, ShowCreateTool, ShowTools, ToolSource};

/// One parsed statement.
///
/// `Display` prints canonical SQL with credential values masked as `'<REDACTED>'`;
/// [`Statement::unredacted`] prints the real values. Printing then parsing gives back an equal
/// statement, masked or not.
///
/// ```
/// use flink_ddl::{parse_statement, Statement};
/// let stmt = parse_statement("CREATE CONNECTION c WITH ('type' = 'OPENAI', 'api-key' = 'sk-1')")?;
/// assert!(matches!(stmt, Statement::CreateConnection(_)));
/// assert!(!stmt.to_string().contains("sk-1"));
/// assert_eq!(parse_statement(&stmt.unredacted().to_string())?, stmt);
/// # Ok::<(), flink_ddl::ParseError>(())
/// ```
// Not `#[non_exhaustive]`: the executor (another package of this workspace) matches every
// statement, and a new statement must fail to compile there until it is handled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
// The statements larger than CREATE CONNECTION are boxed, so that a `Statement` is 88 bytes
// rather than 392 (the size of CREATE TABLE): a script of small statements is a vector of small
// values, and every statement returned by a parser moves less.
pub enum Statement {
    /// `CREATE [OR REPLACE] CONNECTION ...`
    CreateConnection(CreateConnection),
    /// `ALTER CONNECTION ... SET (...)`
    AlterConnection(AlterConnection),
    /// `DROP CONNECTION ...`
    DropConnection(DropConnection),
    /// `DESCRIBE CONNECTION ...`
    DescribeConnection(DescribeConnection),
    /// `SHOW CONNECTIONS ...`
    ShowConnections(ShowConnections),
    /// `SHOW CREATE CONNECTION ...`
    ShowCreateConnection(ShowCreateConnection),
    /// `CREATE [OR REPLACE] TABLE ...`
    CreateTable(Box<CreateTable>),
    /// `REPLACE TABLE name ... AS query`: Flink's replace-table-as-select, which replaces a table
    /// that must exist. The [`CreateTable`] has `or_replace` and `if_not_exists` false and always
    /// an `as_query`.
    ReplaceTable(Box<CreateTable>),
    /// `DROP TABLE ...`
    DropTable(DropTable),
    /// `{DESCRIBE | DESC} [EXTENDED] name` (a table)
    DescribeTable(DescribeTable),
    /// `SHOW TABLES ...`
    ShowTables(ShowTables),
    /// `SHOW CREATE TABLE ...`
    ShowCreateTable(ShowCreateTable),
    /// `CREATE MODEL ...` (a new model, or the next version of one)
    CreateModel(Box<CreateModel>),
    /// `ALTER MODEL ... { SET | RESET | RENAME TO }`
    AlterModel(AlterModel),
    /// `DROP MODEL ...`
    DropModel(DropModel),
    /// `{DESCRIBE | DESC} MODEL ...`
    DescribeModel(DescribeModel),
    /// `SHOW MODELS ...`
    ShowModels(ShowModels),
    /// `SHOW CREATE MODEL ...`
    ShowCreateModel(ShowCreateModel),
    /// `CREATE TOOL ...`
    CreateTool(Box<CreateTool>),
    /// `ALTER TOOL ... { SET | RESET | RENAME TO }`
    AlterTool(AlterTool),
    /// `DROP TOOL ...`
    DropTool(DropTool),
    /// `{DESCRIBE | DESC} TOOL ...`
    DescribeTool(DescribeTool),
    /// `SHOW TOOLS ...`
    ShowTools(ShowTools),
    /// `SHOW CREATE TOOL ...`
    ShowCreateTool(ShowCreateTool),
    /// `CREATE AGENT ...`
    CreateAgent(Box<CreateAgent>),
    /// `ALTER AGENT ...`
    AlterAgent(AlterAgent),
    /// `DROP AGENT ...`
    DropAgent(DropAgent),
    /// `{DESCRIBE | DESC} AGENT ...`
    DescribeAgent(DescribeAgent),
    /// `SHOW AGENTS ...`
    ShowAgents(ShowAgents),
    /// `SHOW CREATE AGENT ...`
    ShowCreateAgent(ShowCreateAgent),
}

impl Statement {
    /// Canonical SQL with the real credential values. Use it only where the values are meant to
    /// go (a catalog writer, a connection's consumer); `Display` is the safe default.
    ///
    /// ```
    /// let stmt = flink_ddl::parse_statement("ALTER CONNECTION c SET ('password' = 'p')")?;
    /// assert_eq!(stmt.unredacted().to_string(), "ALTER CONNECTION c SET ('password' = 'p')");
    /// # Ok::<(), flink_ddl::ParseError>(())
    /// ```
    pub fn unredacted(&self) -> impl fmt::Display + '_ {
        Printed { node: self, mode: PrintMode::Unredacted }
    }

    /// Canonical SQL with the values masked that `redactor` finds sensitive: the built-in rule
    /// plus the keys the embedder added (`Display` is this with the built-in rule alone).
    ///
    /// ```
    /// use flink_ddl::{parse_statement, Redactor};
    /// let stmt = parse_statement("ALTER CONNECTION c SET ('internal.signing-seed' = 's33d', 'password' = 'p')")?;
    /// let redactor = Redactor::new().with_sensitive_key("signing_seed");
    /// assert_eq!(
    ///     stmt.redacted(&redactor).to_string(),
    ///     "ALTER CONNECTION c SET ('internal.signing-seed' = '<REDACTED>', 'password' = '<REDACTED>')"
    /// );
    /// # Ok::<(), flink_ddl::ParseError>(())
    /// ```
    pub fn redacted<'a>(&'a self, redactor: &'a Redactor) -> impl fmt::Display + 'a {
        Printed { node: self, mode: PrintMode::Redacted(redactor) }
    }
}

// Defined here, beside the statement it prints, so that the redactor knows no AST.
impl Redactor {
    /// The statement's canonical SQL with the values of this redactor's keys masked: the same as
    /// [`Statement::redacted`].
    pub fn display<'a>(&'a self, statement: &'a Statement) -> impl fmt::Display + 'a {
        statement.redacted(self)
    }
}

impl ToSql for Statement {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        match self {
            Statement::CreateConnection(s) => s.write_sql(w),
            Statement::AlterConnection(s) => s.write_sql(w),
            Statement::DropConnection(s) => s.write_sql(w),
            Statement::DescribeConnection(s) => s.write_sql(w),
            Statement::ShowConnections(s) => s.write_sql(w),
            Statement::ShowCreateConnection(s) => s.write_sql(w),
            Statement::CreateTable(s) => s.write_sql(w),
            Statement::ReplaceTable(s) => {
                w.write_str("REPLACE TABLE ")?;
                s.write_definition(w)
            }
            Statement::DropTable(s) => s.write_sql(w),
            Statement::DescribeTable(s) => s.write_sql(w),
            Statement::ShowTables(s) => s.write_sql(w),
            Statement::ShowCreateTable(s) => s.write_sql(w),
            Statement::CreateModel(s) => s.write_sql(w),
            Statement::AlterModel(s) => s.write_sql(w),
            Statement::DropModel(s) => s.write_sql(w),
            Statement::DescribeModel(s) => s.write_sql(w),
            Statement::ShowModels(s) => s.write_sql(w),
            Statement::ShowCreateModel(s) => s.write_sql(w),
            Statement::CreateTool(s) => s.write_sql(w),
            Statement::AlterTool(s) => s.write_sql(w),
            Statement::DropTool(s) => s.write_sql(w),
            Statement::DescribeTool(s) => s.write_sql(w),
            Statement::ShowTools(s) => s.write_sql(w),
            Statement::ShowCreateTool(s) => s.write_sql(w),
            Statement::CreateAgent(s) => s.write_sql(w),
            Statement::AlterAgent(s) => s.write_sql(w),
            Statement::DropAgent(s) => s.write_sql(w),
            Statement::DescribeAgent(s) => s.write_sql(w),
            Statement::ShowAgents(s) => s.write_sql(w),
            Statement::ShowCreateAgent(s) => s.write_sql(w),
        }
    }
}

impl fmt::Display for Statement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::print::display(self, f)
    }
}

/// True when `word` is keyword `k`, in any case.
#[inline(always)]
fn is(word: &str, k: Keyword) -> bool {
    word.eq_ignore_ascii_case(k.as_str())
}

/// What a statement may start with, for the "expected" part of an error.
// The keywords in backticks, so that a misspelled one (`CREAT`) gets a did-you-mean.
const STATEMENT_START: &str = "a statement (`CREATE`, `ALTER`, `DROP`, `DESCRIBE`, `SHOW` or `REPLACE`)";

/// Every kind of object, for the "expected" part of an error (in backticks, for did-you-mean).
const ANY_OBJECT_KIND: &str = "`CONNECTION`, `TABLE`, `MODEL`, `TOOL` or `AGENT`";

/// What may follow `SHOW`.
const SHOW_WHAT: &str = "`CONNECTIONS`, `TABLES`, `MODELS`, `TOOLS`, `AGENTS` or `CREATE`";

/// One statement, dispatched on its first keyword. Once the keyword is read the statement's
/// parser is committed, so a broken CREATE CONNECTION is never retried as something else.
pub(crate) fn statement(i: Input<'_>, depth: Depth) -> PResult<'_, Statement> {
    let at = skip_ws(i);
    let word = peek_word(at);
    if is(word, Keyword::Create) {
        let (i, ()) = kw(Keyword::Create).parse(i)?;
        create(i, depth)
    } else if is(word, Keyword::Alter) {
        let (i, ()) = kw(Keyword::Alter).parse(i)?;
        match object_kind(i, &[Keyword::Connection, Keyword::Model, Keyword::Tool, Keyword::Agent])? {
            (i, Keyword::Model) => cut(model::alter_model).map(Statement::AlterModel).parse(i),
            (i, Keyword::Tool) => cut(tool::alter_tool).map(Statement::AlterTool).parse(i),
            (i, Keyword::Agent) => cut(agent::alter_agent).map(Statement::AlterAgent).parse(i),
            (i, _) => cut(connection::alter_connection).map(Statement::AlterConnection).parse(i),
        }
    } else if is(word, Keyword::Drop) {
        let (i, ()) = kw(Keyword::Drop).parse(i)?;
        let kinds = [Keyword::Connection, Keyword::Table, Keyword::Model, Keyword::Tool, Keyword::Agent];
        match object_kind(i, &kinds)? {
            (i, Keyword::Connection) => cut(connection::drop_connection).map(Statement::DropConnection).parse(i),
            (i, Keyword::Model) => cut(model::drop_model).map(Statement::DropModel).parse(i),
            (i, Keyword::Tool) => cut(tool::drop_tool).map(Statement::DropTool).parse(i),
            (i, Keyword::Agent) => cut(agent::drop_agent).map(Statement::DropAgent).parse(i),
            (i, _) => cut(table::drop_table).map(Statement::DropTable).parse(i),
        }
    } else if is(word, Keyword::Describe) || is(word, Keyword::Desc) {
        let i = &at[word.len()..];
        // `DESCRIBE CONNECTION x` describes a connection; anything else names a table (a table
        // called `connection` is written in backticks, as in Flink).
        if peek_kw(i, Keyword::Connection) {
            let (i, ()) = kw(Keyword::Connection).parse(i)?;
            return cut(connection::describe_connection).map(Statement::DescribeConnection).parse(i);
        }
        // `DESCRIBE MODEL m`; a table called `model` is `DESCRIBE model` (nothing follows).
        if let Some(k) = model::ai_object_keyword(i) {
            let (after, ()) = kw(k).parse(i)?;
            if model::names_follow(after) {
                return match k {
                    Keyword::Model => cut(model::describe_model).map(Statement::DescribeModel).parse(after),
                    Keyword::Tool => cut(tool::describe_tool).map(Statement::DescribeTool).parse(after),
                    _ => cut(agent::describe_agent).map(Statement::DescribeAgent).parse(after),
                };
            }
        }
        cut(table::describe_table).map(Statement::DescribeTable).parse(i)
    } else if is(word, Keyword::Show) {
        let (i, ()) = kw(Keyword::Show).parse(i)?;
        show(i)
    } else if is(word, Keyword::Replace) {
        let (i, ()) = kw(Keyword::Replace).parse(i)?;
        let (i, _) = object_kind(i, &[Keyword::Table])?;
        cut(move |i| create_table::create_table(i, depth, Creation::Replace)).map(Statement::ReplaceTable).parse(i)
    } else {
        SyntaxError::expected(at, STATEMENT_START).fail()
    }
}

/// After `CREATE`: `[OR REPLACE] CONNECTION ...` or `[OR REPLACE] TABLE ...`.
fn create(i: Input<'_>, depth: Depth) -> PResult<'_, Statement> {
    let or_at = skip_ws(i);
    let (i, or_replace) = or_replace(i)?;
    let kinds = [Keyword::Connection, Keyword::Table, Keyword::Model, Keyword::Tool, Keyword::Agent];
    let (after_kind, kind) = object_kind(i, &kinds)?;
    if or_replace && matches!(kind, Keyword::Model | Keyword::Tool | Keyword::Agent) {
        let (what, hint) = match kind {
            Keyword::Model => (
                "`CREATE OR REPLACE MODEL`",
                "CREATE MODEL of an existing model adds a version; ALTER MODEL changes its options",
            ),
            Keyword::Tool => {
                ("`CREATE OR REPLACE TOOL`", "ALTER TOOL changes a tool's options; or DROP it and CREATE it again")
            }
            _ => ("`CREATE OR REPLACE AGENT`", "ALTER AGENT changes an agent; or DROP it and CREATE it again"),
        };
        return SyntaxError::new(or_at, Reason::Unsupported { what, hint }).fail();
    }
    match (after_kind, kind) {
        (i, Keyword::Model) => {
            cut(move |i| model::create_model(i, depth)).map(|m| Statement::CreateModel(Box::new(m))).parse(i)
        }
        (i, Keyword::Tool) => cut(tool::create_tool).map(|t| Statement::CreateTool(Box::new(t))).parse(i),
        (i, Keyword::Agent) => cut(agent::create_agent).map(|a| Statement::CreateAgent(Box::new(a))).parse(i),
        (i, Keyword::Connection) => {
            cut(move |i| connection::create_connection(i, or_replace)).map(Statement::CreateConnection).parse(i)
        }
        (i, _) => {
            let creation = if or_replace { Creation::CreateOrReplace } else { Creation::Create };
            cut(move |i| create_table::create_table(i, depth, creation)).map(Statement::CreateTable).parse(i)
        }
    }
}

/// After `SHOW`: `CONNECTIONS ...`, `TABLES ...` or `CREATE {CONNECTION | TABLE} ...`.
fn show(i: Input<'_>) -> PResult<'_, Statement> {
    let at = skip_ws(i);
    if peek_kw(at, Keyword::Connections) {
        let (i, ()) = kw(Keyword::Connections).parse(i)?;
        return cut(connection::show_connections).map(Statement::ShowConnections).parse(i);
    }
    if peek_kw(at, Keyword::Tables) {
        let (i, ()) = kw(Keyword::Tables).parse(i)?;
        return cut(table::show_tables).map(Statement::ShowTables).parse(i);
    }
    match peek_keyword(at) {
        Some(Keyword::Models) => {
            let (i, ()) = kw(Keyword::Models).parse(i)?;
            return cut(model::show_models).map(Statement::ShowModels).parse(i);
        }
        Some(Keyword::Tools) => {
            let (i, ()) = kw(Keyword::Tools).parse(i)?;
            return cut(tool::show_tools).map(Statement::ShowTools).parse(i);
        }
        Some(Keyword::Agents) => {
            let (i, ()) = kw(Keyword::Agents).parse(i)?;
            return cut(agent::show_agents).map(Statement::ShowAgents).parse(i);
        }
        _ => {}
    }
    if peek_kw(at, Keyword::Create) {
        let (i, ()) = kw(Keyword::Create).parse(i)?;
        let kinds = [Keyword::Connection, Keyword::Table, Keyword::Model, Keyword::Tool, Keyword::Agent];
        return match object_kind(i, &kinds)? {
            (i, Keyword::Connection) => {
                cut(connection::show_create_connection).map(Statement::ShowCreateConnection).parse(i)
            }
            (i, Keyword::Model) => cut(model::show_create_model).map(Statement::ShowCreateModel).parse(i),
            (i, Keyword::Tool) => cut(tool::show_create_tool).map(Statement::ShowCreateTool).parse(i),
            (i, Keyword::Agent) => cut(agent::show_create_agent).map(Statement::ShowCreateAgent).parse(i),
            (i, _) => cut(table::show_create_table).map(Statement::ShowCreateTable).parse(i),
        };
    }
    SyntaxError::expected(at, SHOW_WHAT).fail()
}

/// `[OR REPLACE]`; after `OR`, `REPLACE` must follow.
fn or_replace(i: Input<'_>) -> PResult<'_, bool> {
    if !peek_kw(i, Keyword::Or) {
        return Ok((i, false));
    }
    let (i, ()) = kw(Keyword::Or).parse(i)?;
    let (i, ()) = cut(kw(Keyword::Replace)).parse(i)?;
    Ok((i, true))
}

/// The kind of object a statement is about (`CONNECTION`, `TABLE`), one of `kinds`; returns which.
/// Upstream's `TEMPORARY` and `SYSTEM` get an error saying they do not exist here.
fn object_kind<'a>(i: Input<'a>, kinds: &[Keyword]) -> PResult<'a, Keyword> {
    let at = skip_ws(i);
    for &k in kinds {
        if peek_kw(at, k) {
            return kw(k).map(|()| k).parse(i);
        }
    }
    let (_, ()) = refuse_temporary(i, kinds[0])?;
    if kinds.len() > 4 {
        // More than an error's list of expected labels holds: one label names them all.
        return SyntaxError::expected(at, ANY_OBJECT_KIND).fail();
    }
    let mut err = SyntaxError::expected(at, kinds[0].label());
    for &k in &kinds[1..] {
        err = nom::error::ParseError::or(err, SyntaxError::expected(at, k.label()));
    }
    err.fail()
}

/// A `Failure` at upstream's `TEMPORARY` or `SYSTEM`; otherwise consumes nothing. The hint depends
/// on the object: a `TABLE` after the words, or else `default`.
fn refuse_temporary(i: Input<'_>, default: Keyword) -> PResult<'_, ()> {
    let at = skip_ws(i);
    if !(peek_kw(at, Keyword::Temporary) || peek_kw(at, Keyword::System)) {
        return Ok((i, ()));
    }
    let mut after = &at[peek_word(at).len()..];
    if peek_kw(after, Keyword::System) {
        after = &skip_ws(after)["SYSTEM".len()..];
    }
    let ai_object = [Keyword::Model, Keyword::Tool, Keyword::Agent].into_iter().find(|&k| peek_kw(after, k));
    let table = peek_kw(after, Keyword::Table) || (default == Keyword::Table && !peek_kw(after, Keyword::Connection));
    let hint = if let Some(k) = ai_object {
        match k {
            Keyword::Model => "models in this dialect are permanent objects of a database, with versions",
            Keyword::Tool => "tools in this dialect are permanent objects of a database",
            _ => "agents in this dialect are permanent objects of a database",
        }
    } else if table {
        "tables in this dialect are permanent: each is backed by a Kafka topic of the environment"
    } else {
        "connections in this dialect are permanent objects of an environment"
    };
    SyntaxError::new(at, Reason::Unsupported { what: "`TEMPORARY` or `SYSTEM`", hint }).fail()
}
