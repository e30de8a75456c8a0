//! The expression tree: [`Expr`] and the nodes that hold expressions (calls, `CAST`, `CASE`,
//! `BETWEEN`, `LIKE`, the built-ins with keyword arguments), each with its SQL printing right
//! below it. Literals are in `literal.rs`, operators and their precedence in `operator.rs`; the
//! parsers are in the other files of this folder.
//!
//! Parentheses are not kept: the tree records the grouping, and printing writes parentheses
//! exactly where the parser needs them to build the same tree (`(a + b) * c`, `a - (b - c)`,
//! `(NOT a) = b`), so a print is never nested deeper than its input and re-parses under the same
//! `Depth` limit. A chain's first operand that is itself a chain of the same level is merged into
//! it, since `(a + b) + c` and `a + b + c` mean the same. Printing then parsing gives back an
//! equal `Expr`.

use std::fmt;

use serde::Serialize;

use super::literal::Literal;
use super::operator::{prec, BinaryOp, IsTest, LikeKind, UnaryOp};
use crate::data_type::DataType;
use crate::lexical::keyword::Keyword;
use crate::lexical::{is_word_char, is_word_start};
use crate::name::{Ident, ObjectName};
use crate::print::{SqlWriter, ToSql};

/// An expression of a computed column or a watermark.
///
/// ```
/// use flink_ddl::{parse_statement, Statement};
/// let sql = "CREATE TABLE t (a INT, b AS (a + 1) * 2, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)";
/// let Statement::CreateTable(table) = parse_statement(sql)? else { unreachable!() };
/// assert_eq!(table.watermark.unwrap().expr.to_string(), "ts - INTERVAL '5' SECOND");
/// assert_eq!(table.columns[1].to_string(), "b AS (a + 1) * 2");
/// # Ok::<(), flink_ddl::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum Expr {
    /// A literal: `42`, `'text'`, `TRUE`, `NULL`, `INTERVAL '5' SECOND`, `DATE '2024-01-01'`, ...
    Literal(Literal),
    /// A column, possibly with nested fields or a qualifier: `a`, `r.f`, `t.r.f` (one or more parts).
    Identifier(Vec<Ident>),
    /// A function called without parentheses: `CURRENT_TIMESTAMP`, `LOCALTIME`, ...
    Niladic(Niladic),
    /// A function call: `PROCTIME()`, `TO_TIMESTAMP_LTZ(ts, 3)`, `COUNT(*)`, `cat.db.f(x)`.
    Function(Box<Function>),
    /// `CAST(x AS type)` or `TRY_CAST(x AS type)`.
    Cast(Box<Cast>),
    /// `CASE [x] WHEN ... THEN ... [ELSE ...] END`.
    Case(Box<Case>),
    /// `NOT x`, `-x`, `+x`.
    Unary {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        expr: Box<Expr>,
    },
    /// Operands joined by binary operators of one precedence level, applied left to right:
    /// `a + b - c` is `first: a, rest: [(Plus, b), (Minus, c)]`. `rest` is never empty.
    Binary {
        /// The leftmost operand.
        first: Box<Expr>,
        /// Each further operator with its right operand, in order.
        rest: Vec<(BinaryOp, Expr)>,
    },
    /// `x IS [NOT] NULL`, `x IS [NOT] TRUE`, ...
    Is {
        /// The operand.
        expr: Box<Expr>,
        /// `IS NOT`.
        negated: bool,
        /// What is tested.
        test: IsTest,
    },
    /// `x [NOT] BETWEEN [SYMMETRIC] low AND high`.
    Between(Box<Between>),
    /// `x [NOT] IN (a, b, ...)`.
    InList {
        /// The operand.
        expr: Box<Expr>,
        /// `NOT IN`.
        negated: bool,
        /// The values (at least one).
        list: Vec<Expr>,
    },
    /// `x [NOT] LIKE pattern [ESCAPE e]` (or `ILIKE`, `SIMILAR TO`).
    Like(Box<Like>),
    /// `x.field` where `x` is not a plain name (`f(a).b`, `a[1].b`, `(a).b`); on a plain name the
    /// dotted parts are an [`Expr::Identifier`].
    Field {
        /// The row expression.
        expr: Box<Expr>,
        /// The field.
        field: Ident,
    },
    /// `x[index]`: an array element (from 1) or a map value.
    Item {
        /// The array or map.
        expr: Box<Expr>,
        /// The index or key.
        index: Box<Expr>,
    },
    /// `ARRAY[a, b, ...]`.
    Array(Vec<Expr>),
    /// `MAP[k1, v1, k2, v2, ...]`.
    Map(Vec<(Expr, Expr)>),
    /// `ROW(a, b, ...)`.
    Row(Vec<Expr>),
    /// `EXTRACT(field FROM expr)`.
    Extract {
        /// The part of the date or time.
        field: DateTimeField,
        /// The date, time or interval.
        expr: Box<Expr>,
    },
    /// `FLOOR(expr TO field)` or `CEIL(expr TO field)` (`CEILING` is printed `CEIL`); with plain
    /// arguments, `FLOOR(x)` is an [`Expr::Function`].
    FloorCeil {
        /// `CEIL` rather than `FLOOR`.
        ceil: bool,
        /// The date or time.
        expr: Box<Expr>,
        /// The unit rounded to.
        field: DateTimeField,
    },
    /// `TIMESTAMPADD(field, count, ts)` or `TIMESTAMPDIFF(field, ts1, ts2)`.
    TimestampArith(Box<TimestampArith>),
    /// `POSITION(needle IN haystack [FROM start])`.
    Position(Box<Position>),
    /// `TRIM([BOTH | LEADING | TRAILING] [chars] FROM expr)`; `TRIM(x)` is an [`Expr::Function`].
    Trim(Box<Trim>),
}

impl Expr {
    /// A column reference of one part.
    pub fn column(name: impl Into<Ident>) -> Self {
        Expr::Identifier(vec![name.into()])
    }

    /// How tightly the expression binds when printed (`prec::ATOM` for a self-delimiting one).
    fn precedence(&self) -> u8 {
        match self {
            Expr::Binary { rest, .. } => rest.first().map_or(prec::ATOM, |(op, _)| op.precedence()),
            Expr::Unary { op: UnaryOp::Not, .. } => prec::NOT,
            Expr::Unary { .. } => prec::UNARY,
            Expr::Is { .. } => prec::IS,
            Expr::Between(_) | Expr::InList { .. } | Expr::Like(_) => prec::PREDICATE,
            Expr::Field { .. } | Expr::Item { .. } => prec::POSTFIX,
            Expr::Literal(_)
            | Expr::Identifier(_)
            | Expr::Niladic(_)
            | Expr::Function(_)
            | Expr::Cast(_)
            | Expr::Case(_)
            | Expr::Array(_)
            | Expr::Map(_)
            | Expr::Row(_)
            | Expr::Extract { .. }
            | Expr::FloorCeil { .. }
            | Expr::TimestampArith(_)
            | Expr::Position(_)
            | Expr::Trim(_) => prec::ATOM,
        }
    }
}

impl Expr {
    /// For the operators the parser applies in its operator loop after their left operand (`IS`,
    /// `BETWEEN`, `IN`, `LIKE`): their level, and the level from which an operator right after them
    /// would be taken into their last operand (`a BETWEEN 1 AND 2 * b` multiplies the bound).
    fn postfix_form(&self) -> Option<(u8, u8)> {
        match self {
            Expr::Is { .. } => Some((prec::IS, u8::MAX)),
            Expr::InList { .. } => Some((prec::PREDICATE, u8::MAX)),
            Expr::Between(_) | Expr::Like(_) => Some((prec::PREDICATE, prec::ADDITIVE)),
            _ => None,
        }
    }

    /// Prints the expression where the parser, reading the print back, will be in an operator
    /// loop that takes operators of level `ctx` and above (0 at the top, in brackets and in
    /// argument lists), and where the print goes on with an operator of level `follow` at most (0
    /// when nothing an operator loop takes follows: the end, a bracket, a comma).
    fn write_in(&self, w: &mut SqlWriter<'_>, ctx: u8, follow: u8) -> fmt::Result {
        match self {
            Expr::Unary { op, expr } => {
                w.write_str(op.as_str())?;
                if let (UnaryOp::Minus | UnaryOp::Plus, Expr::Unary { op: UnaryOp::Minus | UnaryOp::Plus, .. }) =
                    (op, expr.as_ref())
                {
                    // `- -a`, not `--a` (a comment), nor `-(-a)` (a level deeper than the input).
                    w.write_str(" ")?;
                }
                let level = if *op == UnaryOp::Not { prec::NOT } else { prec::UNARY };
                write_operand(w, expr, level, level, follow)
            }
            Expr::Binary { first, rest } => {
                let level = self.precedence();
                write_operand(w, first, level, ctx, level)?;
                for (n, (op, operand)) in rest.iter().enumerate() {
                    w.write_str(" ")?;
                    w.write_str(op.as_str())?;
                    w.write_str(" ")?;
                    let next = if n + 1 == rest.len() { follow } else { level };
                    // Left-associative: an operand on the right of the same level needs parentheses.
                    write_operand(w, operand, level + 1, level + 1, next)?;
                }
                Ok(())
            }
            Expr::Is { expr, negated, test } => {
                write_operand(w, expr, prec::IS, ctx, prec::IS)?;
                w.write_str(if *negated { " IS NOT " } else { " IS " })?;
                w.write_str(test.as_str())
            }
            Expr::Between(between) => between.write_in(w, ctx, follow),
            Expr::InList { expr, negated, list } => {
                write_operand(w, expr, prec::PREDICATE, ctx, prec::PREDICATE)?;
                w.write_str(if *negated { " NOT IN " } else { " IN " })?;
                w.parenthesized(list)
            }
            Expr::Like(like) => like.write_in(w, ctx, follow),
            other => other.write_primary(w),
        }
    }

    /// Whether the print of this expression ends with a `LIKE` pattern that a following `ESCAPE`
    /// would attach to.
    fn ends_in_like_without_escape(&self) -> bool {
        match self {
            Expr::Unary { expr, .. } => expr.ends_in_like_without_escape(),
            Expr::Binary { rest, .. } => rest.last().is_some_and(|(_, last)| last.ends_in_like_without_escape()),
            Expr::Between(between) => between.high.ends_in_like_without_escape(),
            Expr::Like(like) => like.escape.as_ref().is_none_or(Expr::ends_in_like_without_escape),
            _ => false,
        }
    }

    /// Prints an expression that no operator loop is involved in: a primary, `.field`, `[index]`.
    fn write_primary(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        match self {
            Expr::Literal(literal) => literal.write_sql(w),
            Expr::Identifier(parts) => {
                for (n, part) in parts.iter().enumerate() {
                    if n > 0 {
                        w.write_str(".")?;
                    }
                    // `map[...]` would read as the MAP constructor: quote a column called `map`.
                    if n == 0 && part.as_str().eq_ignore_ascii_case("MAP") {
                        write_quoted(w, part.as_str())?;
                    } else {
                        part.write_sql(w)?;
                    }
                }
                Ok(())
            }
            Expr::Niladic(function) => w.write_str(function.as_str()),
            Expr::Function(function) => function.write_sql(w),
            Expr::Cast(cast) => cast.write_sql(w),
            Expr::Case(case) => case.write_sql(w),
            Expr::Field { expr, field } => {
                match expr.as_ref() {
                    // `a.b` would read as one name: `(a).b` is how the parser got this.
                    Expr::Identifier(_) => {
                        w.write_str("(")?;
                        expr.write_primary(w)?;
                        w.write_str(")")?;
                    }
                    // `1.b` would read as the number `1.`; a blank keeps them apart.
                    Expr::Literal(Literal::Number(_)) => {
                        expr.write_primary(w)?;
                        w.write_str(" ")?;
                    }
                    _ => write_operand(w, expr, prec::POSTFIX, prec::POSTFIX, u8::MAX)?,
                }
                w.write_str(".")?;
                field.write_sql(w)
            }
            Expr::Item { expr, index } => {
                write_operand(w, expr, prec::POSTFIX, prec::POSTFIX, u8::MAX)?;
                w.write_str("[")?;
                index.write_sql(w)?;
                w.write_str("]")
            }
            Expr::Array(items) => {
                w.write_str("ARRAY[")?;
                w.comma_separated(items)?;
                w.write_str("]")
            }
            Expr::Map(entries) => {
                w.write_str("MAP[")?;
                for (n, (key, value)) in entries.iter().enumerate() {
                    if n > 0 {
                        w.write_str(", ")?;
                    }
                    key.write_sql(w)?;
                    w.write_str(", ")?;
                    value.write_sql(w)?;
                }
                w.write_str("]")
            }
            Expr::Row(items) => {
                w.write_str("ROW")?;
                w.parenthesized(items)
            }
            Expr::Extract { field, expr } => {
                w.write_str("EXTRACT(")?;
                w.write_str(field.as_str())?;
                w.write_str(" FROM ")?;
                expr.write_sql(w)?;
                w.write_str(")")
            }
            Expr::FloorCeil { ceil, expr, field } => {
                w.write_str(if *ceil { "CEIL(" } else { "FLOOR(" })?;
                expr.write_sql(w)?;
                w.write_str(" TO ")?;
                w.write_str(field.as_str())?;
                w.write_str(")")
            }
            Expr::TimestampArith(arith) => arith.write_sql(w),
            Expr::Position(position) => position.write_sql(w),
            Expr::Trim(trim) => trim.write_sql(w),
            Expr::Unary { .. }
            | Expr::Binary { .. }
            | Expr::Is { .. }
            | Expr::Between(_)
            | Expr::InList { .. }
            | Expr::Like(_) => self.write_in(w, 0, u8::MAX),
        }
    }
}

/// Writes `expr` where its parent needs it to bind at least at level `need`, the parser being in
/// an operator loop of level `ctx` there and the print going on with an operator of level
/// `follow` at most; in parentheses (which reset the loop) when it would read differently without
/// them. Parentheses appear only where the parser needed them to build this tree, so a print is
/// never nested deeper than the input it came from.
fn write_operand(w: &mut SqlWriter<'_>, expr: &Expr, need: u8, ctx: u8, follow: u8) -> fmt::Result {
    let fits = match expr.postfix_form() {
        // Applied by the loop once its left operand is complete (`a IS NULL = b` is
        // `(a IS NULL) = b`): it only needs the loop to take its level, and nothing after it
        // that its last operand would take in.
        Some((level, taken_from)) => level >= ctx && need < taken_from,
        None => expr.precedence() >= need,
    };
    // The parser takes `NOT` as an operand anywhere (`x + NOT y`), its operand running to the next
    // `AND` or `OR`: bare when nothing it would take in follows.
    let bare_not = matches!(expr, Expr::Unary { op: UnaryOp::Not, .. }) && follow < prec::NOT;
    if fits || bare_not {
        expr.write_in(w, ctx, follow)
    } else {
        w.write_str("(")?;
        expr.write_in(w, 0, 0)?;
        w.write_str(")")
    }
}

impl ToSql for Expr {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        self.write_in(w, 0, 0)
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::print::display(self, f)
    }
}

/// Writes `name` between backticks, whatever it is.
fn write_quoted(w: &mut SqlWriter<'_>, name: &str) -> fmt::Result {
    w.write_str("`")?;
    w.write_str(&name.replace('`', "``"))?;
    w.write_str("`")
}

/// A date-time function called without parentheses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Niladic {
    /// `CURRENT_DATE`
    CurrentDate,
    /// `CURRENT_TIME`
    CurrentTime,
    /// `CURRENT_TIMESTAMP`
    CurrentTimestamp,
    /// `LOCALTIME`
    LocalTime,
    /// `LOCALTIMESTAMP`
    LocalTimestamp,
}

impl Niladic {
    fn as_str(self) -> &'static str {
        match self {
            Niladic::CurrentDate => "CURRENT_DATE",
            Niladic::CurrentTime => "CURRENT_TIME",
            Niladic::CurrentTimestamp => "CURRENT_TIMESTAMP",
            Niladic::LocalTime => "LOCALTIME",
            Niladic::LocalTimestamp => "LOCALTIMESTAMP",
        }
    }

    pub(crate) fn of_keyword(k: Keyword) -> Option<Niladic> {
        Some(match k {
            Keyword::CurrentDate => Niladic::CurrentDate,
            Keyword::CurrentTime => Niladic::CurrentTime,
            Keyword::CurrentTimestamp => Niladic::CurrentTimestamp,
            Keyword::Localtime => Niladic::LocalTime,
            Keyword::Localtimestamp => Niladic::LocalTimestamp,
            _ => return None,
        })
    }
}

/// A function call: `name(args)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Function {
    /// The function's name: `PROCTIME`, `db.my_udf` (case kept as written).
    pub name: ObjectName,
    /// The arguments.
    pub args: FunctionArgs,
}

/// Reserved words that Flink never reads as a function name, even before `(`: the words of
/// clauses and operators (`AS (a, b)` is not a call of `AS`).
pub(crate) const NEVER_FUNCTIONS: &[&str] = &[
    "ALL",
    "AND",
    "AS",
    "BETWEEN",
    "BY",
    "CONSTRAINT",
    "DISTINCT",
    "ELSE",
    "END",
    "FOR",
    "FROM",
    "GROUP",
    "HAVING",
    "IN",
    "INTO",
    "IS",
    "JOIN",
    "LIKE",
    "NOT",
    "ON",
    "OR",
    "ORDER",
    "PRIMARY",
    "SELECT",
    "THEN",
    "UNION",
    "WATERMARK",
    "WHEN",
    "WHERE",
    "WITH",
];

/// Words that start another construct when followed by `(`, or whose call takes keywords between
/// its arguments (`EXTRACT(DAY FROM ts)`, `POSITION(a IN b)`): a function so named, called with
/// plain arguments, is printed in backticks so that it reads back as the same plain call.
const NOT_FUNCTION_NAMES: [&str; 16] = [
    "CASE",
    "CAST",
    "EXISTS",
    "EXTRACT",
    "FALSE",
    "INTERVAL",
    "NOT",
    "NULL",
    "POSITION",
    "ROW",
    "SELECT",
    "TIMESTAMPADD",
    "TIMESTAMPDIFF",
    "TRUE",
    "TRY_CAST",
    "VALUES",
];

impl ToSql for Function {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        match self.name.parts() {
            // A one-part name is printed as written, reserved word or not (`UPPER(x)`, `IF(...)`):
            // a word before `(` is read as a function name, except those of the two lists.
            [name] if is_plain_word(name.as_str()) => {
                let word = name.as_str();
                if NOT_FUNCTION_NAMES.iter().chain(NEVER_FUNCTIONS).any(|w| w.eq_ignore_ascii_case(word)) {
                    write_quoted(w, name.as_str())?;
                } else {
                    w.write_str(name.as_str())?;
                }
            }
            _ => self.name.write_sql(w)?,
        }
        match &self.args {
            FunctionArgs::Star => w.write_str("(*)"),
            FunctionArgs::List(args) => w.parenthesized(args),
        }
    }
}

fn is_plain_word(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.first().is_some_and(|&c| is_word_start(c)) && bytes.iter().all(|&c| is_word_char(c))
}

/// The arguments of a call.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum FunctionArgs {
    /// `(*)`, as in `COUNT(*)`.
    Star,
    /// `(a, b, ...)`, possibly empty.
    List(Vec<Expr>),
}

/// A part of a date or time, as `EXTRACT`, `FLOOR ... TO` and `TIMESTAMPADD` name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[allow(missing_docs)] // Each variant is its SQL word.
pub enum DateTimeField {
    Millennium,
    Century,
    Decade,
    Year,
    IsoYear,
    Quarter,
    Month,
    Week,
    Day,
    Dow,
    IsoDow,
    Doy,
    Hour,
    Minute,
    Second,
    Millisecond,
    Microsecond,
    Nanosecond,
    Epoch,
}

impl DateTimeField {
    const ALL: [DateTimeField; 19] = [
        DateTimeField::Millennium,
        DateTimeField::Century,
        DateTimeField::Decade,
        DateTimeField::Year,
        DateTimeField::IsoYear,
        DateTimeField::Quarter,
        DateTimeField::Month,
        DateTimeField::Week,
        DateTimeField::Day,
        DateTimeField::Dow,
        DateTimeField::IsoDow,
        DateTimeField::Doy,
        DateTimeField::Hour,
        DateTimeField::Minute,
        DateTimeField::Second,
        DateTimeField::Millisecond,
        DateTimeField::Microsecond,
        DateTimeField::Nanosecond,
        DateTimeField::Epoch,
    ];

    /// The field's SQL word.
    pub fn as_str(self) -> &'static str {
        match self {
            DateTimeField::Millennium => "MILLENNIUM",
            DateTimeField::Century => "CENTURY",
            DateTimeField::Decade => "DECADE",
            DateTimeField::Year => "YEAR",
            DateTimeField::IsoYear => "ISOYEAR",
            DateTimeField::Quarter => "QUARTER",
            DateTimeField::Month => "MONTH",
            DateTimeField::Week => "WEEK",
            DateTimeField::Day => "DAY",
            DateTimeField::Dow => "DOW",
            DateTimeField::IsoDow => "ISODOW",
            DateTimeField::Doy => "DOY",
            DateTimeField::Hour => "HOUR",
            DateTimeField::Minute => "MINUTE",
            DateTimeField::Second => "SECOND",
            DateTimeField::Millisecond => "MILLISECOND",
            DateTimeField::Microsecond => "MICROSECOND",
            DateTimeField::Nanosecond => "NANOSECOND",
            DateTimeField::Epoch => "EPOCH",
        }
    }

    pub(crate) fn of_word(word: &str) -> Option<DateTimeField> {
        DateTimeField::ALL.into_iter().find(|f| f.as_str().eq_ignore_ascii_case(word))
    }
}

/// `TIMESTAMPADD(field, count, ts)` or `TIMESTAMPDIFF(field, ts1, ts2)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct TimestampArith {
    /// `TIMESTAMPDIFF` rather than `TIMESTAMPADD`.
    pub diff: bool,
    /// The unit.
    pub field: DateTimeField,
    /// The count (TIMESTAMPADD) or the first timestamp (TIMESTAMPDIFF).
    pub first: Expr,
    /// The timestamp (TIMESTAMPADD) or the second timestamp (TIMESTAMPDIFF).
    pub second: Expr,
}

impl ToSql for TimestampArith {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str(if self.diff { "TIMESTAMPDIFF(" } else { "TIMESTAMPADD(" })?;
        w.write_str(self.field.as_str())?;
        w.write_str(", ")?;
        self.first.write_sql(w)?;
        w.write_str(", ")?;
        self.second.write_sql(w)?;
        w.write_str(")")
    }
}

/// `POSITION(needle IN haystack [FROM start])`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Position {
    /// What is looked for.
    pub needle: Expr,
    /// Where it is looked for.
    pub haystack: Expr,
    /// Where the search starts (from 1), if given.
    pub start: Option<Expr>,
}

impl ToSql for Position {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("POSITION(")?;
        // A unary expression at most, as the parser reads it (so `IN` is not a predicate here).
        write_operand(w, &self.needle, prec::UNARY, prec::UNARY, u8::MAX)?;
        w.write_str(" IN ")?;
        self.haystack.write_sql(w)?;
        if let Some(start) = &self.start {
            w.write_str(" FROM ")?;
            start.write_sql(w)?;
        }
        w.write_str(")")
    }
}

/// `TRIM([BOTH | LEADING | TRAILING] [chars] FROM expr)`: at least one of `side` and `chars`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Trim {
    /// Which end(s), if written.
    pub side: Option<TrimSide>,
    /// The characters removed, if written (a space otherwise).
    pub chars: Option<Expr>,
    /// The string trimmed.
    pub expr: Expr,
}

impl ToSql for Trim {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("TRIM(")?;
        if let Some(side) = self.side {
            w.write_str(match side {
                TrimSide::Both => "BOTH ",
                TrimSide::Leading => "LEADING ",
                TrimSide::Trailing => "TRAILING ",
            })?;
        }
        if let Some(chars) = &self.chars {
            chars.write_sql(w)?;
            w.write_str(" ")?;
        }
        w.write_str("FROM ")?;
        self.expr.write_sql(w)?;
        w.write_str(")")
    }
}

/// The ends `TRIM` works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum TrimSide {
    /// `BOTH`
    Both,
    /// `LEADING`
    Leading,
    /// `TRAILING`
    Trailing,
}

/// `CAST(expr AS type)` or `TRY_CAST(expr AS type)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Cast {
    /// `TRY_CAST`: NULL instead of an error when the value does not convert.
    pub try_cast: bool,
    /// The value.
    pub expr: Expr,
    /// The target type.
    pub data_type: DataType,
}

impl ToSql for Cast {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str(if self.try_cast { "TRY_CAST(" } else { "CAST(" })?;
        self.expr.write_sql(w)?;
        w.write_str(" AS ")?;
        self.data_type.write_sql(w)?;
        w.write_str(")")
    }
}

/// `CASE [operand] WHEN a THEN b [...] [ELSE c] END`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Case {
    /// The value compared with each `WHEN` (simple CASE), if any.
    pub operand: Option<Expr>,
    /// `(WHEN, THEN)` pairs, at least one.
    pub when_then: Vec<(Expr, Expr)>,
    /// The `ELSE` result, if any.
    pub else_result: Option<Expr>,
}

impl ToSql for Case {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("CASE")?;
        if let Some(operand) = &self.operand {
            w.write_str(" ")?;
            operand.write_sql(w)?;
        }
        for (when, then) in &self.when_then {
            w.write_str(" WHEN ")?;
            when.write_sql(w)?;
            w.write_str(" THEN ")?;
            then.write_sql(w)?;
        }
        if let Some(result) = &self.else_result {
            w.write_str(" ELSE ")?;
            result.write_sql(w)?;
        }
        w.write_str(" END")
    }
}

/// `expr [NOT] BETWEEN [SYMMETRIC] low AND high` (`ASYMMETRIC`, the default, is not kept).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Between {
    /// The operand.
    pub expr: Expr,
    /// `NOT BETWEEN`.
    pub negated: bool,
    /// `SYMMETRIC`: the bounds may come in either order.
    pub symmetric: bool,
    /// The lower bound.
    pub low: Expr,
    /// The upper bound.
    pub high: Expr,
}

impl Between {
    fn write_in(&self, w: &mut SqlWriter<'_>, ctx: u8, follow: u8) -> fmt::Result {
        write_operand(w, &self.expr, prec::PREDICATE, ctx, prec::PREDICATE)?;
        w.write_str(if self.negated { " NOT BETWEEN " } else { " BETWEEN " })?;
        if self.symmetric {
            w.write_str("SYMMETRIC ")?;
        }
        // A bare `NOT` operand stops at this `AND`, and the last operand at what follows us.
        write_operand(w, &self.low, prec::ADDITIVE, prec::ADDITIVE, prec::AND)?;
        w.write_str(" AND ")?;
        write_operand(w, &self.high, prec::ADDITIVE, prec::ADDITIVE, follow)
    }
}

/// `expr [NOT] LIKE pattern [ESCAPE escape]`, and its `ILIKE` and `SIMILAR TO` variants.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Like {
    /// The operand.
    pub expr: Expr,
    /// `NOT LIKE`.
    pub negated: bool,
    /// `LIKE`, `ILIKE` or `SIMILAR TO`.
    pub kind: LikeKind,
    /// The pattern.
    pub pattern: Expr,
    /// The `ESCAPE` character, if any.
    pub escape: Option<Expr>,
}

impl Like {
    fn write_in(&self, w: &mut SqlWriter<'_>, ctx: u8, follow: u8) -> fmt::Result {
        write_operand(w, &self.expr, prec::PREDICATE, ctx, prec::PREDICATE)?;
        w.write_str(if self.negated { " NOT " } else { " " })?;
        w.write_str(match self.kind {
            LikeKind::Like => "LIKE ",
            LikeKind::Ilike => "ILIKE ",
            LikeKind::SimilarTo => "SIMILAR TO ",
        })?;
        // `ESCAPE` is no operator: a bare `NOT` pattern takes it in only through a `LIKE` that ends it.
        let pattern_follow = match &self.escape {
            None => follow,
            Some(_) if self.pattern.ends_in_like_without_escape() => u8::MAX,
            Some(_) => 0,
        };
        write_operand(w, &self.pattern, prec::ADDITIVE, prec::ADDITIVE, pattern_follow)?;
        if let Some(escape) = &self.escape {
            w.write_str(" ESCAPE ")?;
            write_operand(w, escape, prec::ADDITIVE, prec::ADDITIVE, follow)?;
        }
        Ok(())
    }
}
