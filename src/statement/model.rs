//! The model statements: CREATE, ALTER, DROP, DESCRIBE, SHOW MODELS and SHOW CREATE MODEL, and
//! the model name with its version (`name$2`, `name$all`).
//!
//! A model is a remote AI model reached through a connection (`'openai.connection' = 'c'`); each
//! CREATE of an existing model adds a version. Each type's doc gives its syntax; its printing sits
//! right below it and its parser after that. The dispatcher in `statement/mod.rs` has read the
//! leading keywords and the word `MODEL`; from there each parser is committed.

use std::fmt;

use nom::combinator::cut;
use nom::error::context;
use nom::Parser;
use serde::Serialize;

use super::alter_action::{alter_action, AlterAction};
use super::create_table::{table_column, Column, ColumnKind};
use super::phrase::{comment, from_database, if_exists, if_not_exists, like_filter, FromDatabase, LikeFilter};
use crate::combinator::comma_list;
use crate::lexical::keyword::{kw, peek_keyword, peek_kw, Keyword};
use crate::lexical::{is_word_char, punct, skip_ws, Depth, Input, PResult, Reason, SyntaxError, TreeBudget};
use crate::name::{name_part, object_name, Ident, ObjectName};
use crate::options::{option_list, EmptyList, KeyComparison, OptionList};
use crate::print::{SqlWriter, ToSql};
use crate::repeats::Repeats;

/// Which versions of a model a statement is about: `$N` or `$all`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ModelVersion {
    /// `$N`: version N (1 or more).
    Number(u32),
    /// `$all`: every version.
    All,
}

/// A model's name, with the version it picks: `name`, `name$2` or `name$all`.
///
/// The version is part of the name as Confluent writes it, quoted or not: `m$2` and `` `m$2` `` are
/// both the model `m`, version 2 (and so a model's own name cannot end in `$` and a number or
/// `all`). Printing writes the version inside the name's quotes when the name needs them.
///
/// ```
/// use flink_ddl::{parse_statement, ModelVersion, Statement};
/// let Statement::DropModel(drop) = parse_statement("DROP MODEL `sentiment$3`")? else { unreachable!() };
/// assert_eq!(drop.model.name.to_string(), "sentiment");
/// assert_eq!(drop.model.version, Some(ModelVersion::Number(3)));
/// assert_eq!(parse_statement("DROP MODEL `my-model`$ALL")?.to_string(), "DROP MODEL `my-model$all`");
/// # Ok::<(), flink_ddl::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelName {
    /// The model's name (`[catalog.][database.]name`).
    pub name: ObjectName,
    /// The version after `$`, if one is written.
    pub version: Option<ModelVersion>,
}

impl ModelName {
    /// A model name without a version.
    pub fn new(name: ObjectName) -> Self {
        ModelName { name, version: None }
    }
}

impl ToSql for ModelName {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        let Some(version) = self.version else { return self.name.write_sql(w) };
        let parts = self.name.parts();
        for part in &parts[..parts.len() - 1] {
            part.write_sql(w)?;
            w.write_str(".")?;
        }
        let last = self.name.name().as_str();
        let versioned = match version {
            ModelVersion::Number(n) => format!("{last}${n}"),
            ModelVersion::All => format!("{last}$all"),
        };
        Ident::new(versioned).write_sql(w)
    }
}

impl fmt::Display for ModelName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::print::display(self, f)
    }
}

/// `name$N` or `name$all` (a non-empty name before the `$`): the name and the version.
fn split_version(word: &str) -> Option<(&str, ModelVersion)> {
    let dollar = word.rfind('$')?;
    let (name, suffix) = (&word[..dollar], &word[dollar + 1..]);
    if name.is_empty() {
        return None;
    }
    parse_version(suffix).map(|v| (name, v))
}

/// The text after `$`: `all` (any case) or a number. `None` for anything else; a number too
/// large to count reads as 0, which `model_name` reports.
fn parse_version(suffix: &str) -> Option<ModelVersion> {
    if suffix.eq_ignore_ascii_case("all") {
        return Some(ModelVersion::All);
    }
    if suffix.is_empty() || !suffix.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(ModelVersion::Number(suffix.parse().unwrap_or(0)))
}

/// `[catalog.][database.]name[$N | $all]`, committed: the version is read off the end of the
/// last name part (`m$2`, `` `m$2` ``), or right after a quoted one (`` `my model`$2 ``). Version 0
/// (or one too large to count) is an error at the name.
pub(crate) fn model_name(i: Input<'_>) -> PResult<'_, ModelName> {
    let at = skip_ws(i);
    let (rest, mut name) = cut(context("a model name", object_name)).parse(i)?;
    let (rest, version) = if let Some(after) = rest.strip_prefix('$') {
        // Only a quoted last part stops before a `$`.
        let len = after.bytes().take_while(|&b| is_word_char(b)).count();
        match parse_version(&after[..len]) {
            Some(version) => (&after[len..], Some(version)),
            None => return SyntaxError::expected(rest, "a model version (`$1`, `$2`, ... or `$all`)").fail(),
        }
    } else {
        match split_version(name.name().as_str()) {
            Some((own, version)) => {
                let own = Ident::new(own);
                let mut parts = name.parts().to_vec();
                *parts.last_mut().expect("a name has a part") = own;
                name = ObjectName::new(parts).expect("as many parts as before");
                (rest, Some(version))
            }
            None => (rest, None),
        }
    };
    if version == Some(ModelVersion::Number(0)) {
        let what = "a model version";
        return SyntaxError::new(at, Reason::OutOfRange { what, min: 1, max: u64::from(u32::MAX) }).fail();
    }
    Ok((rest, ModelName { name, version }))
}

/// A model name without a version (where a statement is about the whole model); `why` says
/// what the statement does instead, for the error.
fn unversioned_model_name<'a>(i: Input<'a>, why: &'static str) -> PResult<'a, ObjectName> {
    let at = skip_ws(i);
    let (rest, model) = model_name(i)?;
    if model.version.is_some() {
        let message = format!("no version may be given here: {why}");
        return SyntaxError::new(at, Reason::Message(message)).fail();
    }
    Ok((rest, model.name))
}

/// `CREATE MODEL [IF NOT EXISTS] [catalog.][database.]name [INPUT (column, ...)]
/// [OUTPUT (column, ...)] [COMMENT 'text'] WITH ('key' = 'value', ...)`
///
/// The columns are CREATE TABLE's physical columns (`name type [COMMENT 'text']`); INPUT and
/// OUTPUT are each optional, as on Confluent's page. CREATE of an existing model adds a version
/// (the executor's rule). Option keys compare as connection keys do (`'OPENAI.CONNECTION'` is
/// `'openai.connection'`).
///
/// ```
/// let stmt = flink_ddl::parse_statement(
///     "create model sentiment input (text string) output (label string) \
///      with ('provider' = 'openai', 'task' = 'classification', 'openai.connection' = 'oai')",
/// )?;
/// assert_eq!(
///     stmt.to_string(),
///     "CREATE MODEL sentiment INPUT (text STRING) OUTPUT (label STRING) \
///      WITH ('provider' = 'openai', 'task' = 'classification', 'openai.connection' = 'oai')"
/// );
/// # Ok::<(), flink_ddl::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreateModel {
    /// `IF NOT EXISTS` was given.
    pub if_not_exists: bool,
    /// The model's name.
    pub name: ObjectName,
    /// The `INPUT` columns (empty when there is no INPUT clause).
    pub input: Vec<Column>,
    /// The `OUTPUT` columns (empty when there is no OUTPUT clause).
    pub output: Vec<Column>,
    /// The `COMMENT` text, if any.
    pub comment: Option<String>,
    /// The `WITH` options, as written.
    pub options: OptionList,
}

impl ToSql for CreateModel {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("CREATE MODEL ")?;
        if self.if_not_exists {
            w.write_str("IF NOT EXISTS ")?;
        }
        self.name.write_sql(w)?;
        if !self.input.is_empty() {
            w.write_str(" INPUT ")?;
            w.parenthesized(&self.input)?;
        }
        if !self.output.is_empty() {
            w.write_str(" OUTPUT ")?;
            w.parenthesized(&self.output)?;
        }
        if let Some(comment) = &self.comment {
            w.write_str(" COMMENT ")?;
            w.string_literal(comment)?;
        }
        w.write_str(" WITH ")?;
        self.options.write_sql(w)
    }
}

/// After `CREATE MODEL`.
pub(crate) fn create_model(i: Input<'_>, depth: Depth) -> PResult<'_, CreateModel> {
    let (i, if_not_exists) = if_not_exists(i)?;
    let (i, name) = unversioned_model_name(i, "CREATE of an existing model adds the next version")?;
    let (i, input) = columns_clause(i, Keyword::Input, depth)?;
    let (i, output) = columns_clause(i, Keyword::Output, depth)?;
    if !output.is_empty() && peek_kw(i, Keyword::Input) {
        let message = "`INPUT` comes before `OUTPUT`".to_owned();
        return SyntaxError::new(skip_ws(i), Reason::Message(message)).fail();
    }
    let (i, comment) = comment(i)?;
    let at = skip_ws(i);
    if peek_kw(at, Keyword::As) {
        let what = "`CREATE MODEL ... AS SELECT`";
        let hint = "models here are remote models reached through a connection: give \
                    WITH ('provider' = '...', '<provider>.connection' = '...')";
        return SyntaxError::new(at, Reason::Unsupported { what, hint }).fail();
    }
    let (i, ()) = cut(kw(Keyword::With)).parse(i)?;
    let (i, options) = option_list(i, KeyComparison::Normalized, EmptyList::Refused)?;
    let at = skip_ws(i);
    if peek_kw(at, Keyword::As) {
        let what = "`CREATE MODEL ... AS SELECT`";
        let hint = "models here are remote models reached through a connection; train elsewhere";
        return SyntaxError::new(at, Reason::Unsupported { what, hint }).fail();
    }
    Ok((i, CreateModel { if_not_exists, name, input, output, comment, options }))
}

/// `[ keyword ( column {, column} ) ]`: INPUT or OUTPUT. Each column is a physical column of
/// CREATE TABLE's grammar; computed, metadata and key columns are errors at the column.
fn columns_clause(i: Input<'_>, keyword: Keyword, depth: Depth) -> PResult<'_, Vec<Column>> {
    if !peek_kw(i, keyword) {
        return Ok((i, Vec::new()));
    }
    let (i, ()) = kw(keyword).parse(i)?;
    let (i, ()) = cut(punct("(")).parse(i)?;
    let mut columns = Vec::new();
    let mut repeats = Repeats::new();
    let (i, ()) = comma_list(i, ')', TreeBudget::item::<Column>(), |i| {
        let at = skip_ws(i);
        // The table grammar's error would offer `WATERMARK` and `PRIMARY KEY`.
        if name_part(i).is_err() {
            cut(context("a column", name_part)).parse(i)?;
        }
        let (rest, column_at) = table_column(i, depth, &mut columns)?;
        let (last, earlier) = columns.split_last().expect("a column was just read");
        if repeats.repeats(earlier, last.name.as_str(), |c| c.name.as_str()) {
            let message = format!("column `{}` is named twice", last.name.as_str());
            return SyntaxError::new(at, Reason::Message(message)).fail();
        }
        let plain = matches!(columns.last().map(|c| &c.kind), Some(ColumnKind::Physical { primary_key: None, .. }));
        if !plain || column_at.primary_key.is_some() {
            let message = "a model's INPUT and OUTPUT columns are `name type [COMMENT 'text']`: \
                           no computed, metadata or key columns"
                .to_owned();
            return SyntaxError::new(at, Reason::Message(message)).fail();
        }
        Ok((rest, ()))
    })?;
    Ok((i, columns))
}

/// `ALTER MODEL [IF EXISTS] name[$N] { SET (...) | RESET ('key', ...) | RENAME TO name }`
///
/// `SET ('default_version' = 'N')` moves the default version; with `$N`, SET and RESET change
/// that version's options only.
///
/// ```
/// let stmt = flink_ddl::parse_statement("alter model m$2 set ('openai.system_prompt' = 'Be brief')")?;
/// assert_eq!(stmt.to_string(), "ALTER MODEL m$2 SET ('openai.system_prompt' = 'Be brief')");
/// # Ok::<(), flink_ddl::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlterModel {
    /// `IF EXISTS` was given.
    pub if_exists: bool,
    /// The model, and the version if one is given (never `$all`).
    pub model: ModelName,
    /// What changes.
    pub action: AlterAction,
}

impl ToSql for AlterModel {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("ALTER MODEL ")?;
        if self.if_exists {
            w.write_str("IF EXISTS ")?;
        }
        self.model.write_sql(w)?;
        w.write_str(" ")?;
        self.action.write_sql(w)
    }
}

/// After `ALTER MODEL`.
pub(crate) fn alter_model(i: Input<'_>) -> PResult<'_, AlterModel> {
    let (i, if_exists) = if_exists(i)?;
    let at = skip_ws(i);
    let (i, model) = model_name(i)?;
    if model.version == Some(ModelVersion::All) {
        let message = "ALTER MODEL changes one version or the model: `$all` is for DROP and DESCRIBE".to_owned();
        return SyntaxError::new(at, Reason::Message(message)).fail();
    }
    let (i, action) = alter_action(i, "a model name")?;
    Ok((i, AlterModel { if_exists, model, action }))
}

/// `DROP MODEL [IF EXISTS] name[$N | $all]`
///
/// Without a version it drops the default version (the lowest remaining one becomes the default);
/// `$all` drops the model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DropModel {
    /// `IF EXISTS` was given.
    pub if_exists: bool,
    /// The model, and the version(s).
    pub model: ModelName,
}

impl ToSql for DropModel {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("DROP MODEL ")?;
        if self.if_exists {
            w.write_str("IF EXISTS ")?;
        }
        self.model.write_sql(w)
    }
}

/// After `DROP MODEL`.
pub(crate) fn drop_model(i: Input<'_>) -> PResult<'_, DropModel> {
    let (i, if_exists) = if_exists(i)?;
    let (i, model) = model_name(i)?;
    Ok((i, DropModel { if_exists, model }))
}

/// `{ DESCRIBE | DESC } MODEL name[$N | $all]`
///
/// ```
/// let stmt = flink_ddl::parse_statement("desc model sentiment$ALL")?;
/// assert_eq!(stmt.to_string(), "DESCRIBE MODEL sentiment$all");
/// # Ok::<(), flink_ddl::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DescribeModel {
    /// The model, and the version(s).
    pub model: ModelName,
}

impl ToSql for DescribeModel {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("DESCRIBE MODEL ")?;
        self.model.write_sql(w)
    }
}

/// After `{DESCRIBE | DESC} MODEL`.
pub(crate) fn describe_model(i: Input<'_>) -> PResult<'_, DescribeModel> {
    let (i, model) = model_name(i)?;
    Ok((i, DescribeModel { model }))
}

/// `SHOW MODELS [ (FROM | IN) [catalog.]database ] [ [NOT] { LIKE | ILIKE } 'pattern' ]`
///
/// ```
/// let stmt = flink_ddl::parse_statement("show models from shop.ai like 'sent%'")?;
/// assert_eq!(stmt.to_string(), "SHOW MODELS FROM shop.ai LIKE 'sent%'");
/// # Ok::<(), flink_ddl::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShowModels {
    /// The database after `FROM` or `IN`, if one is named.
    pub from: Option<FromDatabase>,
    /// The `[NOT] LIKE | ILIKE` filter, if any.
    pub filter: Option<LikeFilter>,
}

impl ToSql for ShowModels {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("SHOW MODELS")?;
        write_show_tail(self.from.as_ref(), self.filter.as_ref(), w)
    }
}

/// After `SHOW MODELS`.
pub(crate) fn show_models(i: Input<'_>) -> PResult<'_, ShowModels> {
    let (i, (from, filter)) = show_tail(i)?;
    Ok((i, ShowModels { from, filter }))
}

/// `SHOW CREATE MODEL [catalog.][database.]name`
///
/// Prints the model's CREATE statement (its default version) with secret values masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShowCreateModel {
    /// The model's name.
    pub name: ObjectName,
}

impl ToSql for ShowCreateModel {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("SHOW CREATE MODEL ")?;
        self.name.write_sql(w)
    }
}

/// After `SHOW CREATE MODEL`.
pub(crate) fn show_create_model(i: Input<'_>) -> PResult<'_, ShowCreateModel> {
    let (i, name) = unversioned_model_name(i, "SHOW CREATE MODEL shows the default version")?;
    Ok((i, ShowCreateModel { name }))
}

/// `[ (FROM | IN) [catalog.]database ] [ [NOT] { LIKE | ILIKE } 'pattern' ]`: what SHOW MODELS,
/// SHOW TOOLS and SHOW AGENTS take after their word.
pub(crate) fn show_tail(i: Input<'_>) -> PResult<'_, (Option<FromDatabase>, Option<LikeFilter>)> {
    let (i, from) = from_database(i)?;
    let (i, filter) = like_filter(i)?;
    Ok((i, (from, filter)))
}

/// The printing of [`show_tail`].
pub(crate) fn write_show_tail(
    from: Option<&FromDatabase>,
    filter: Option<&LikeFilter>,
    w: &mut SqlWriter<'_>,
) -> fmt::Result {
    if let Some(from) = from {
        w.write_str(" ")?;
        from.write_sql(w)?;
    }
    if let Some(filter) = filter {
        w.write_str(" ")?;
        filter.write_sql(w)?;
    }
    Ok(())
}

/// True when, after `DESCRIBE`, the word `MODEL`, `TOOL` or `AGENT` starts that statement rather
/// than naming a table: a name follows it (a table called `model` is `DESCRIBE model`,
/// `DESCRIBE model.x` or `` DESCRIBE `model` ``).
pub(crate) fn names_follow(after_keyword: Input<'_>) -> bool {
    let at = skip_ws(after_keyword);
    at.starts_with('`') || at.bytes().next().is_some_and(crate::lexical::is_word_start)
}

/// Which of MODEL, TOOL and AGENT a word after DESCRIBE or SHOW CREATE is.
pub(crate) fn ai_object_keyword(i: Input<'_>) -> Option<Keyword> {
    match peek_keyword(i) {
        Some(k @ (Keyword::Model | Keyword::Tool | Keyword::Agent)) => Some(k),
        _ => None,
    }
}
