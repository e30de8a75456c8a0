//! The agent statements: CREATE, ALTER, DROP, DESCRIBE, SHOW AGENTS and SHOW CREATE AGENT.
//!
//! An agent runs a model with a prompt and may call tools (`USING MODEL m USING PROMPT '...'
//! USING TOOLS t1, t2`), or, as a reflection agent, coordinates other agents (`USING AGENTS a1,
//! a2`). The dispatcher in `statement/mod.rs` has read the leading keywords and the word `AGENT`;
//! from there each parser is committed.

use std::fmt;

use nom::combinator::cut;
use nom::error::context;
use nom::Parser;
use serde::Serialize;

use super::model::{model_name, show_tail, write_show_tail, ModelName, ModelVersion};
use super::phrase::{comment, if_exists, if_not_exists, FromDatabase, LikeFilter};
use crate::lexical::keyword::{kw, peek_keyword, peek_kw, Keyword};
use crate::lexical::string::string_literal;
use crate::lexical::{punct, skip_ws, Input, PResult, Reason, SyntaxError, TreeBudget};
use crate::name::{object_name, ObjectName};
use crate::options::{option_list, EmptyList, KeyComparison, OptionList};
use crate::print::{SqlWriter, ToSql};
use crate::repeats::Repeats;

/// What an agent is made of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum AgentDefinition {
    /// `USING MODEL m USING PROMPT '...' [USING TOOLS t1, ...]`
    Model {
        /// The model it runs (a version may be pinned: `m$2`).
        model: ModelName,
        /// The prompt (adjacent literals joined).
        prompt: String,
        /// The tools it may call, in the order written (empty without `USING TOOLS`).
        tools: Vec<ObjectName>,
    },
    /// `USING AGENTS a1, ...`: a reflection agent over other agents.
    Agents(Vec<ObjectName>),
}

impl ToSql for AgentDefinition {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        match self {
            AgentDefinition::Model { model, prompt, tools } => {
                w.write_str("USING MODEL ")?;
                model.write_sql(w)?;
                w.write_str(" USING PROMPT ")?;
                w.string_literal(prompt)?;
                if !tools.is_empty() {
                    w.write_str(" USING TOOLS ")?;
                    w.comma_separated(tools)?;
                }
                Ok(())
            }
            AgentDefinition::Agents(agents) => {
                w.write_str("USING AGENTS ")?;
                w.comma_separated(agents)
            }
        }
    }
}

/// `CREATE AGENT [IF NOT EXISTS] name USING MODEL m USING PROMPT '...' [USING TOOLS t, ...]
/// [COMMENT 'text'] [WITH (...)]`, or `CREATE AGENT [IF NOT EXISTS] name USING AGENTS a, ...
/// [COMMENT 'text'] [WITH (...)]`
///
/// Every option of an agent has a default (`max_iterations` 10, `max_consecutive_failures` 3), so
/// `WITH` may be left out; `WITH ()` is an error.
///
/// ```
/// let stmt = flink_ddl::parse_statement(
///     "create agent helper using model m using prompt 'Help' using tools finder, lookup \
///      with ('max_iterations' = '5')",
/// )?;
/// assert_eq!(
///     stmt.to_string(),
///     "CREATE AGENT helper USING MODEL m USING PROMPT 'Help' USING TOOLS finder, lookup \
///      WITH ('max_iterations' = '5')"
/// );
/// # Ok::<(), flink_ddl::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreateAgent {
    /// `IF NOT EXISTS` was given.
    pub if_not_exists: bool,
    /// The agent's name.
    pub name: ObjectName,
    /// Its model, prompt and tools, or its agents.
    pub definition: AgentDefinition,
    /// The `COMMENT` text, if any.
    pub comment: Option<String>,
    /// The `WITH` options, as written (empty without `WITH`).
    pub options: OptionList,
}

impl ToSql for CreateAgent {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("CREATE AGENT ")?;
        if self.if_not_exists {
            w.write_str("IF NOT EXISTS ")?;
        }
        self.name.write_sql(w)?;
        w.write_str(" ")?;
        self.definition.write_sql(w)?;
        if let Some(comment) = &self.comment {
            w.write_str(" COMMENT ")?;
            w.string_literal(comment)?;
        }
        if !self.options.is_empty() {
            w.write_str(" WITH ")?;
            self.options.write_sql(w)?;
        }
        Ok(())
    }
}

/// After `CREATE AGENT`.
pub(crate) fn create_agent(i: Input<'_>) -> PResult<'_, CreateAgent> {
    let (i, if_not_exists) = if_not_exists(i)?;
    let (i, name) = agent_name(i)?;
    let (i, ()) = cut(kw(Keyword::Using)).parse(i)?;
    let at = skip_ws(i);
    let (i, definition) = match peek_keyword(at) {
        Some(Keyword::Model) => {
            let (i, ()) = kw(Keyword::Model).parse(i)?;
            let (i, model) = agent_model(i)?;
            let (i, ()) = cut(kw(Keyword::Using)).parse(i)?;
            let (i, ()) = cut(kw(Keyword::Prompt)).parse(i)?;
            let (i, prompt) = cut(context("a quoted prompt", string_literal)).parse(i)?;
            let (i, tools) = if peek_kw(i, Keyword::Using) {
                let (i, ()) = kw(Keyword::Using).parse(i)?;
                let (i, ()) = cut(kw(Keyword::Tools)).parse(i)?;
                name_list(i, "a tool name")?
            } else {
                (i, Vec::new())
            };
            (i, AgentDefinition::Model { model, prompt, tools })
        }
        Some(Keyword::Agents) => {
            let (i, ()) = kw(Keyword::Agents).parse(i)?;
            let (i, agents) = name_list(i, "an agent name")?;
            (i, AgentDefinition::Agents(agents))
        }
        _ => {
            let err = SyntaxError::expected(at, Keyword::Model.label());
            return nom::error::ParseError::or(err, SyntaxError::expected(at, Keyword::Agents.label())).fail();
        }
    };
    let (i, comment) = comment(i)?;
    let (i, options) = if peek_kw(i, Keyword::With) {
        let (i, ()) = kw(Keyword::With).parse(i)?;
        option_list(i, KeyComparison::Normalized, EmptyList::Refused)?
    } else {
        (i, OptionList::new())
    };
    Ok((i, CreateAgent { if_not_exists, name, definition, comment, options }))
}

/// `name {, name}`, committed; a name given twice is an error at the second.
fn name_list<'a>(mut i: Input<'a>, what: &'static str) -> PResult<'a, Vec<ObjectName>> {
    let mut names: Vec<ObjectName> = Vec::new();
    let mut repeats = Repeats::new();
    loop {
        let at = skip_ws(i);
        TreeBudget::charge_item::<ObjectName>(at)?;
        let (rest, name) = cut(context(what, object_name)).parse(i)?;
        if repeats.repeats(&names, &name, |earlier| earlier) {
            return SyntaxError::new(at, Reason::Message(format!("`{name}` is named twice"))).fail();
        }
        names.push(name);
        match punct(",").parse(rest) {
            Ok((after, ())) => i = after,
            Err(_) => return Ok((rest, names)),
        }
    }
}

/// The model after `USING MODEL` or `SET MODEL`: a name with at most one version (`$all` is no
/// model to run).
fn agent_model(i: Input<'_>) -> PResult<'_, ModelName> {
    let at = skip_ws(i);
    let (i, model) = model_name(i)?;
    if model.version == Some(ModelVersion::All) {
        let message = "an agent runs one model: name it, or one version of it (`m$2`), not `$all`".to_owned();
        return SyntaxError::new(at, Reason::Message(message)).fail();
    }
    Ok((i, model))
}

/// What `ALTER AGENT` changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum AlterAgentAction {
    /// `SET MODEL m`
    SetModel(ModelName),
    /// `SET PROMPT '...'`
    SetPrompt(String),
    /// `ADD TOOL t`
    AddTool(ObjectName),
    /// `REMOVE TOOL t`
    RemoveTool(ObjectName),
    /// `SET ('key' = 'value', ...)`
    SetOptions(OptionList),
}

impl ToSql for AlterAgentAction {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        match self {
            AlterAgentAction::SetModel(model) => {
                w.write_str("SET MODEL ")?;
                model.write_sql(w)
            }
            AlterAgentAction::SetPrompt(prompt) => {
                w.write_str("SET PROMPT ")?;
                w.string_literal(prompt)
            }
            AlterAgentAction::AddTool(tool) => {
                w.write_str("ADD TOOL ")?;
                tool.write_sql(w)
            }
            AlterAgentAction::RemoveTool(tool) => {
                w.write_str("REMOVE TOOL ")?;
                tool.write_sql(w)
            }
            AlterAgentAction::SetOptions(options) => {
                w.write_str("SET ")?;
                options.write_sql(w)
            }
        }
    }
}

/// `ALTER AGENT [IF EXISTS] name { SET MODEL m | SET PROMPT '...' | ADD TOOL t | REMOVE TOOL t |
/// SET (...) }`
///
/// ```
/// let stmt = flink_ddl::parse_statement("alter agent helper add tool lookup")?;
/// assert_eq!(stmt.to_string(), "ALTER AGENT helper ADD TOOL lookup");
/// # Ok::<(), flink_ddl::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlterAgent {
    /// `IF EXISTS` was given.
    pub if_exists: bool,
    /// The agent's name.
    pub name: ObjectName,
    /// What changes.
    pub action: AlterAgentAction,
}

impl ToSql for AlterAgent {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("ALTER AGENT ")?;
        if self.if_exists {
            w.write_str("IF EXISTS ")?;
        }
        self.name.write_sql(w)?;
        w.write_str(" ")?;
        self.action.write_sql(w)
    }
}

/// After `ALTER AGENT`.
pub(crate) fn alter_agent(i: Input<'_>) -> PResult<'_, AlterAgent> {
    let (i, if_exists) = if_exists(i)?;
    let (i, name) = agent_name(i)?;
    let at = skip_ws(i);
    let (i, action) = match peek_keyword(at) {
        Some(Keyword::Set) => {
            let (i, ()) = kw(Keyword::Set).parse(i)?;
            let after_set = skip_ws(i);
            match peek_keyword(after_set) {
                Some(Keyword::Model) => {
                    let (i, ()) = kw(Keyword::Model).parse(i)?;
                    let (i, model) = agent_model(i)?;
                    (i, AlterAgentAction::SetModel(model))
                }
                Some(Keyword::Prompt) => {
                    let (i, ()) = kw(Keyword::Prompt).parse(i)?;
                    let (i, prompt) = cut(context("a quoted prompt", string_literal)).parse(i)?;
                    (i, AlterAgentAction::SetPrompt(prompt))
                }
                _ if after_set.starts_with('(') => {
                    let (i, options) = option_list(i, KeyComparison::Normalized, EmptyList::Refused)?;
                    (i, AlterAgentAction::SetOptions(options))
                }
                _ => {
                    let mut err = SyntaxError::expected(after_set, Keyword::Model.label());
                    for label in [Keyword::Prompt.label(), "`(`"] {
                        err = nom::error::ParseError::or(err, SyntaxError::expected(after_set, label));
                    }
                    return err.fail();
                }
            }
        }
        Some(Keyword::Add) => {
            let (i, ()) = kw(Keyword::Add).parse(i)?;
            let (i, ()) = cut(kw(Keyword::Tool)).parse(i)?;
            let (i, tool) = cut(context("a tool name", object_name)).parse(i)?;
            (i, AlterAgentAction::AddTool(tool))
        }
        Some(Keyword::Remove) => {
            let (i, ()) = kw(Keyword::Remove).parse(i)?;
            let (i, ()) = cut(kw(Keyword::Tool)).parse(i)?;
            let (i, tool) = cut(context("a tool name", object_name)).parse(i)?;
            (i, AlterAgentAction::RemoveTool(tool))
        }
        _ => {
            let mut err = SyntaxError::expected(at, Keyword::Set.label());
            for k in [Keyword::Add, Keyword::Remove] {
                err = nom::error::ParseError::or(err, SyntaxError::expected(at, k.label()));
            }
            return err.fail();
        }
    };
    Ok((i, AlterAgent { if_exists, name, action }))
}

/// `DROP AGENT [IF EXISTS] name`: refused while a reflection agent uses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DropAgent {
    /// `IF EXISTS` was given.
    pub if_exists: bool,
    /// The agent's name.
    pub name: ObjectName,
}

impl ToSql for DropAgent {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("DROP AGENT ")?;
        if self.if_exists {
            w.write_str("IF EXISTS ")?;
        }
        self.name.write_sql(w)
    }
}

/// After `DROP AGENT`.
pub(crate) fn drop_agent(i: Input<'_>) -> PResult<'_, DropAgent> {
    let (i, if_exists) = if_exists(i)?;
    let (i, name) = agent_name(i)?;
    Ok((i, DropAgent { if_exists, name }))
}

/// `{ DESCRIBE | DESC } AGENT name`
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DescribeAgent {
    /// The agent's name.
    pub name: ObjectName,
}

impl ToSql for DescribeAgent {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("DESCRIBE AGENT ")?;
        self.name.write_sql(w)
    }
}

/// After `{DESCRIBE | DESC} AGENT`.
pub(crate) fn describe_agent(i: Input<'_>) -> PResult<'_, DescribeAgent> {
    let (i, name) = agent_name(i)?;
    Ok((i, DescribeAgent { name }))
}

/// `SHOW AGENTS [ (FROM | IN) [catalog.]database ] [ [NOT] { LIKE | ILIKE } 'pattern' ]`
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShowAgents {
    /// The database after `FROM` or `IN`, if one is named.
    pub from: Option<FromDatabase>,
    /// The `[NOT] LIKE | ILIKE` filter, if any.
    pub filter: Option<LikeFilter>,
}

impl ToSql for ShowAgents {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("SHOW AGENTS")?;
        write_show_tail(self.from.as_ref(), self.filter.as_ref(), w)
    }
}

/// After `SHOW AGENTS`.
pub(crate) fn show_agents(i: Input<'_>) -> PResult<'_, ShowAgents> {
    let (i, (from, filter)) = show_tail(i)?;
    Ok((i, ShowAgents { from, filter }))
}

/// `SHOW CREATE AGENT name`: the agent's CREATE statement, secrets masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShowCreateAgent {
    /// The agent's name.
    pub name: ObjectName,
}

impl ToSql for ShowCreateAgent {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("SHOW CREATE AGENT ")?;
        self.name.write_sql(w)
    }
}

/// After `SHOW CREATE AGENT`.
pub(crate) fn show_create_agent(i: Input<'_>) -> PResult<'_, ShowCreateAgent> {
    let (i, name) = agent_name(i)?;
    Ok((i, ShowCreateAgent { name }))
}

/// The agent's name, committed.
fn agent_name(i: Input<'_>) -> PResult<'_, ObjectName> {
    cut(context("an agent name", object_name)).parse(i)
}
