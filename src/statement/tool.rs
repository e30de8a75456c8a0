//! The tool statements: CREATE, ALTER, DROP, DESCRIBE, SHOW TOOLS and SHOW CREATE TOOL.
//!
//! A tool is what an agent may call: the tools of an MCP server or an A2A agent (`USING
//! CONNECTION`), or a function (`USING FUNCTION`). The dispatcher in `statement/mod.rs` has read
//! the leading keywords and the word `TOOL`; from there each parser is committed.

use std::fmt;

use nom::combinator::cut;
use nom::error::context;
use nom::Parser;
use serde::Serialize;

use super::alter_action::{alter_action, AlterAction};
use super::model::{show_tail, write_show_tail};
use super::phrase::{comment, if_exists, if_not_exists, FromDatabase, LikeFilter};
use crate::lexical::keyword::{kw, peek_keyword, Keyword};
use crate::lexical::{skip_ws, Input, PResult, SyntaxError};
use crate::name::{object_name, ObjectName};
use crate::options::{option_list, EmptyList, KeyComparison, OptionList};
use crate::print::{SqlWriter, ToSql};

/// What a tool runs: `USING CONNECTION conn` or `USING FUNCTION fn`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ToolSource {
    /// `USING CONNECTION name`: an `mcp_server` or `a2a` connection.
    Connection(ObjectName),
    /// `USING FUNCTION name`: a user-defined function.
    Function(ObjectName),
}

impl ToSql for ToolSource {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        let (word, name) = match self {
            ToolSource::Connection(name) => ("USING CONNECTION ", name),
            ToolSource::Function(name) => ("USING FUNCTION ", name),
        };
        w.write_str(word)?;
        name.write_sql(w)
    }
}

/// `CREATE TOOL [IF NOT EXISTS] [catalog.][database.]name { USING CONNECTION conn | USING
/// FUNCTION fn } [COMMENT 'text'] WITH ('key' = 'value', ...)`
///
/// ```
/// let stmt = flink_ddl::parse_statement(
///     "create tool web_search using connection mcp_conn with ('type' = 'mcp', 'allowed_tools' = 'search')",
/// )?;
/// assert_eq!(
///     stmt.to_string(),
///     "CREATE TOOL web_search USING CONNECTION mcp_conn WITH ('type' = 'mcp', 'allowed_tools' = 'search')"
/// );
/// # Ok::<(), flink_ddl::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreateTool {
    /// `IF NOT EXISTS` was given.
    pub if_not_exists: bool,
    /// The tool's name.
    pub name: ObjectName,
    /// The connection or function it runs.
    pub source: ToolSource,
    /// The `COMMENT` text, if any.
    pub comment: Option<String>,
    /// The `WITH` options, as written.
    pub options: OptionList,
}

impl ToSql for CreateTool {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("CREATE TOOL ")?;
        if self.if_not_exists {
            w.write_str("IF NOT EXISTS ")?;
        }
        self.name.write_sql(w)?;
        w.write_str(" ")?;
        self.source.write_sql(w)?;
        if let Some(comment) = &self.comment {
            w.write_str(" COMMENT ")?;
            w.string_literal(comment)?;
        }
        w.write_str(" WITH ")?;
        self.options.write_sql(w)
    }
}

/// After `CREATE TOOL`.
pub(crate) fn create_tool(i: Input<'_>) -> PResult<'_, CreateTool> {
    let (i, if_not_exists) = if_not_exists(i)?;
    let (i, name) = tool_name(i)?;
    let (i, ()) = cut(kw(Keyword::Using)).parse(i)?;
    let at = skip_ws(i);
    let (i, source) = match peek_keyword(at) {
        Some(Keyword::Connection) => {
            let (i, ()) = kw(Keyword::Connection).parse(i)?;
            let (i, name) = cut(context("a connection name", object_name)).parse(i)?;
            (i, ToolSource::Connection(name))
        }
        Some(Keyword::Function) => {
            let (i, ()) = kw(Keyword::Function).parse(i)?;
            let (i, name) = cut(context("a function name", object_name)).parse(i)?;
            (i, ToolSource::Function(name))
        }
        _ => {
            let err = SyntaxError::expected(at, Keyword::Connection.label());
            return nom::error::ParseError::or(err, SyntaxError::expected(at, Keyword::Function.label())).fail();
        }
    };
    let (i, comment) = comment(i)?;
    let (i, ()) = cut(kw(Keyword::With)).parse(i)?;
    let (i, options) = option_list(i, KeyComparison::Normalized, EmptyList::Refused)?;
    Ok((i, CreateTool { if_not_exists, name, source, comment, options }))
}

/// `ALTER TOOL [IF EXISTS] name { SET (...) | RESET ('key', ...) | RENAME TO name }`
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlterTool {
    /// `IF EXISTS` was given.
    pub if_exists: bool,
    /// The tool's name.
    pub name: ObjectName,
    /// What changes.
    pub action: AlterAction,
}

impl ToSql for AlterTool {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("ALTER TOOL ")?;
        if self.if_exists {
            w.write_str("IF EXISTS ")?;
        }
        self.name.write_sql(w)?;
        w.write_str(" ")?;
        self.action.write_sql(w)
    }
}

/// After `ALTER TOOL`.
pub(crate) fn alter_tool(i: Input<'_>) -> PResult<'_, AlterTool> {
    let (i, if_exists) = if_exists(i)?;
    let (i, name) = tool_name(i)?;
    let (i, action) = alter_action(i, "a tool name")?;
    Ok((i, AlterTool { if_exists, name, action }))
}

/// `DROP TOOL [IF EXISTS] name`: refused while an agent uses the tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DropTool {
    /// `IF EXISTS` was given.
    pub if_exists: bool,
    /// The tool's name.
    pub name: ObjectName,
}

impl ToSql for DropTool {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("DROP TOOL ")?;
        if self.if_exists {
            w.write_str("IF EXISTS ")?;
        }
        self.name.write_sql(w)
    }
}

/// After `DROP TOOL`.
pub(crate) fn drop_tool(i: Input<'_>) -> PResult<'_, DropTool> {
    let (i, if_exists) = if_exists(i)?;
    let (i, name) = tool_name(i)?;
    Ok((i, DropTool { if_exists, name }))
}

/// `{ DESCRIBE | DESC } TOOL name`
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DescribeTool {
    /// The tool's name.
    pub name: ObjectName,
}

impl ToSql for DescribeTool {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("DESCRIBE TOOL ")?;
        self.name.write_sql(w)
    }
}

/// After `{DESCRIBE | DESC} TOOL`.
pub(crate) fn describe_tool(i: Input<'_>) -> PResult<'_, DescribeTool> {
    let (i, name) = tool_name(i)?;
    Ok((i, DescribeTool { name }))
}

/// `SHOW TOOLS [ (FROM | IN) [catalog.]database ] [ [NOT] { LIKE | ILIKE } 'pattern' ]`
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShowTools {
    /// The database after `FROM` or `IN`, if one is named.
    pub from: Option<FromDatabase>,
    /// The `[NOT] LIKE | ILIKE` filter, if any.
    pub filter: Option<LikeFilter>,
}

impl ToSql for ShowTools {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("SHOW TOOLS")?;
        write_show_tail(self.from.as_ref(), self.filter.as_ref(), w)
    }
}

/// After `SHOW TOOLS`.
pub(crate) fn show_tools(i: Input<'_>) -> PResult<'_, ShowTools> {
    let (i, (from, filter)) = show_tail(i)?;
    Ok((i, ShowTools { from, filter }))
}

/// `SHOW CREATE TOOL name`: the tool's CREATE statement, secrets masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShowCreateTool {
    /// The tool's name.
    pub name: ObjectName,
}

impl ToSql for ShowCreateTool {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("SHOW CREATE TOOL ")?;
        self.name.write_sql(w)
    }
}

/// After `SHOW CREATE TOOL`.
pub(crate) fn show_create_tool(i: Input<'_>) -> PResult<'_, ShowCreateTool> {
    let (i, name) = tool_name(i)?;
    Ok((i, ShowCreateTool { name }))
}

/// The tool's name, committed.
fn tool_name(i: Input<'_>) -> PResult<'_, ObjectName> {
    cut(context("a tool name", object_name)).parse(i)
}
