//! Expressions: the bodies of computed columns (`cost AS price * quantity`) and watermarks
//! (`WATERMARK FOR ts AS ts - INTERVAL '5' SECOND`), parsed with a real grammar rather than kept as
//! text (dialect.md §10).
//!
//! The module owns `Expr`, its printing and its parser, which climbs precedence levels. Operators
//! of one level form a flat chain (`a + b - c` is one `Expr::Binary` with three operands), built
//! in a loop: `1 + 1 + ... + 1` with 100,000 terms neither recurses per operator nor builds a tree
//! 100,000 levels deep. Every other kind of nesting (parentheses, calls, `CAST`, `CASE`, prefix
//! and postfix operators, nested types) takes one level of the `Depth` budget, so no AST is
//! deeper than the budget allows and printing, comparing or dropping one cannot overflow the stack.
//!
//! Parentheses are not kept: the AST records the grouping, and printing writes parentheses exactly
//! where the parser needs them to build the same tree (`(a + b) * c`, `a - (b - c)`, `(NOT a) = b`),
//! so a print is never nested deeper than its input and re-parses under the same `Depth` limit. A
//! chain's first operand that is itself a chain of the same level is merged into it, since
//! `(a + b) + c` and `a + b + c` mean the same. Printing then parsing gives back an equal `Expr`.
//!
//! Precedence, from loosest to tightest (as in Calcite, which Flink uses):
//! `OR` < `AND` < `NOT` < `IS [NOT] NULL | TRUE | FALSE | UNKNOWN` < comparisons (`=`, `<>`, `!=`,
//! `<`, `<=`, `>`, `>=`, `IS [NOT] DISTINCT FROM`) < `[NOT] BETWEEN | IN | LIKE | ILIKE | SIMILAR TO`
//! < `+ -` < `* / % ||` < unary `- +` < `.field` and `[index]`. Binary operators are left-associative.

use std::fmt;

use nom::combinator::cut;
use nom::error::{context, ContextError};
use nom::Parser;
use serde::Serialize;

use crate::data_type::{data_type, interval_qualifier, DataType, IntervalQualifier, QualifierRules};
use crate::lexical::ident::{ident, Ident, ObjectName};
use crate::lexical::keyword::{kw, peek_keyword, peek_kw, Keyword};
use crate::lexical::number::scan_number;
use crate::lexical::string::{plain_string_literal, string_literal};
use crate::lexical::{
    is_word_char, is_word_start, peek_word, punct, skip_ws, ws, Depth, Input, PResult, Reason, SyntaxError,
};
use crate::print::{SqlWriter, ToSql};
use crate::redaction::{is_sensitive_key, PrintMode, Secret, REDACTED};

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

/// Precedence levels, loosest first.
mod prec {
    pub(super) const OR: u8 = 1;
    pub(super) const AND: u8 = 2;
    pub(super) const NOT: u8 = 3;
    pub(super) const IS: u8 = 4;
    pub(super) const COMPARISON: u8 = 5;
    pub(super) const PREDICATE: u8 = 6;
    pub(super) const ADDITIVE: u8 = 7;
    pub(super) const MULTIPLICATIVE: u8 = 8;
    pub(super) const UNARY: u8 = 9;
    pub(super) const POSTFIX: u8 = 10;
    pub(super) const ATOM: u8 = 11;
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
    /// argument lists).
    fn write_in(&self, w: &mut SqlWriter<'_>, ctx: u8) -> fmt::Result {
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
                write_operand(w, expr, level, level)
            }
            Expr::Binary { first, rest } => {
                let level = self.precedence();
                write_operand(w, first, level, ctx)?;
                for (op, operand) in rest {
                    w.write_str(" ")?;
                    w.write_str(op.as_str())?;
                    w.write_str(" ")?;
                    // Left-associative: an operand on the right of the same level needs parentheses.
                    write_operand(w, operand, level + 1, level + 1)?;
                }
                Ok(())
            }
            Expr::Is { expr, negated, test } => {
                write_operand(w, expr, prec::IS, ctx)?;
                w.write_str(if *negated { " IS NOT " } else { " IS " })?;
                w.write_str(test.as_str())
            }
            Expr::Between(between) => between.write_in(w, ctx),
            Expr::InList { expr, negated, list } => {
                write_operand(w, expr, prec::PREDICATE, ctx)?;
                w.write_str(if *negated { " NOT IN " } else { " IN " })?;
                w.parenthesized(list)
            }
            Expr::Like(like) => like.write_in(w, ctx),
            other => other.write_primary(w),
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
                    _ => write_operand(w, expr, prec::POSTFIX, prec::POSTFIX)?,
                }
                w.write_str(".")?;
                field.write_sql(w)
            }
            Expr::Item { expr, index } => {
                write_operand(w, expr, prec::POSTFIX, prec::POSTFIX)?;
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
            | Expr::Like(_) => self.write_in(w, 0),
        }
    }
}

/// Writes `expr` where its parent needs it to bind at least at level `need`, the parser being in
/// an operator loop of level `ctx` there; in parentheses (which reset the loop) when it would read
/// differently without them. Parentheses appear only where the parser needed them to build this
/// tree, so a print is never nested deeper than the input it came from.
fn write_operand(w: &mut SqlWriter<'_>, expr: &Expr, need: u8, ctx: u8) -> fmt::Result {
    let fits = match expr.postfix_form() {
        // Applied by the loop once its left operand is complete (`a IS NULL = b` is
        // `(a IS NULL) = b`): it only needs the loop to take its level, and nothing after it
        // that its last operand would take in.
        Some((level, taken_from)) => level >= ctx && need < taken_from,
        None => expr.precedence() >= need,
    };
    if fits {
        expr.write_in(w, ctx)
    } else {
        w.write_str("(")?;
        expr.write_in(w, 0)?;
        w.write_str(")")
    }
}

impl ToSql for Expr {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        self.write_in(w, 0)
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

/// A literal value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum Literal {
    /// A number, exactly as written (`42`, `1.50`, `.5`, `1e-3`); never signed (`-1` is a unary minus).
    Number(String),
    /// A string literal's value (adjacent literals joined).
    String(String),
    /// A string literal that is the value of a `'<sensitive key>' = 'value'` comparison, as
    /// `redact_sql` reads one: masked wherever the expression is shown, printed only by
    /// `unredacted()`. The parser makes it; it means the same as [`Literal::String`].
    Secret(Secret),
    /// `X'0A1B'`: the hexadecimal digits as written.
    Binary(String),
    /// `TRUE` or `FALSE`.
    Boolean(bool),
    /// `NULL`
    Null,
    /// `DATE '2024-01-31'`: the quoted text.
    Date(String),
    /// `TIME '12:30:00'`: the quoted text.
    Time(String),
    /// `TIMESTAMP '2024-01-31 12:30:00'`: the quoted text.
    Timestamp(String),
    /// `INTERVAL [-]'value' qualifier`.
    Interval(IntervalLiteral),
}

impl ToSql for Literal {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        match self {
            Literal::Number(text) => w.write_str(text),
            Literal::String(value) => w.string_literal(value),
            Literal::Secret(secret) => match w.mode() {
                PrintMode::Unredacted => w.string_literal(secret.expose_secret()),
                PrintMode::Redacted(_) => w.string_literal(REDACTED),
            },
            Literal::Binary(hex) => {
                w.write_str("X")?;
                w.string_literal(hex)
            }
            Literal::Boolean(true) => w.write_str("TRUE"),
            Literal::Boolean(false) => w.write_str("FALSE"),
            Literal::Null => w.write_str("NULL"),
            Literal::Date(text) => typed(w, "DATE ", text),
            Literal::Time(text) => typed(w, "TIME ", text),
            Literal::Timestamp(text) => typed(w, "TIMESTAMP ", text),
            Literal::Interval(interval) => interval.write_sql(w),
        }
    }
}

fn typed(w: &mut SqlWriter<'_>, prefix: &str, text: &str) -> fmt::Result {
    w.write_str(prefix)?;
    w.string_literal(text)
}

/// `INTERVAL '5' SECOND`, `INTERVAL '1-2' YEAR TO MONTH`, `INTERVAL -'90' MINUTE(3)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct IntervalLiteral {
    /// A `-` was written before the quoted value.
    pub negative: bool,
    /// The quoted value, as written.
    pub value: String,
    /// The units.
    pub qualifier: IntervalQualifier,
}

impl ToSql for IntervalLiteral {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str(if self.negative { "INTERVAL -" } else { "INTERVAL " })?;
        w.string_literal(&self.value)?;
        w.write_str(" ")?;
        self.qualifier.write_sql(w)
    }
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

    fn of_keyword(k: Keyword) -> Option<Niladic> {
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
            // any word before `(` is read as a function name.
            [name] if is_plain_word(name.as_str()) => {
                if NOT_FUNCTION_NAMES.iter().any(|w| w.eq_ignore_ascii_case(name.as_str())) {
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

    fn of_word(word: &str) -> Option<DateTimeField> {
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
        write_operand(w, &self.needle, prec::UNARY, prec::UNARY)?;
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
    fn write_in(&self, w: &mut SqlWriter<'_>, ctx: u8) -> fmt::Result {
        write_operand(w, &self.expr, prec::PREDICATE, ctx)?;
        w.write_str(if self.negated { " NOT BETWEEN " } else { " BETWEEN " })?;
        if self.symmetric {
            w.write_str("SYMMETRIC ")?;
        }
        write_operand(w, &self.low, prec::ADDITIVE, prec::ADDITIVE)?;
        w.write_str(" AND ")?;
        write_operand(w, &self.high, prec::ADDITIVE, prec::ADDITIVE)
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
    fn write_in(&self, w: &mut SqlWriter<'_>, ctx: u8) -> fmt::Result {
        write_operand(w, &self.expr, prec::PREDICATE, ctx)?;
        w.write_str(if self.negated { " NOT " } else { " " })?;
        w.write_str(match self.kind {
            LikeKind::Like => "LIKE ",
            LikeKind::Ilike => "ILIKE ",
            LikeKind::SimilarTo => "SIMILAR TO ",
        })?;
        write_operand(w, &self.pattern, prec::ADDITIVE, prec::ADDITIVE)?;
        if let Some(escape) = &self.escape {
            w.write_str(" ESCAPE ")?;
            write_operand(w, escape, prec::ADDITIVE, prec::ADDITIVE)?;
        }
        Ok(())
    }
}

/// Which pattern match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum LikeKind {
    /// `LIKE` (case-sensitive, `%` and `_`).
    Like,
    /// `ILIKE` (case-insensitive).
    Ilike,
    /// `SIMILAR TO` (SQL regular expressions).
    SimilarTo,
}

/// What `IS [NOT]` tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum IsTest {
    /// `IS NULL`
    Null,
    /// `IS TRUE`
    True,
    /// `IS FALSE`
    False,
    /// `IS UNKNOWN`
    Unknown,
}

impl IsTest {
    fn as_str(self) -> &'static str {
        match self {
            IsTest::Null => "NULL",
            IsTest::True => "TRUE",
            IsTest::False => "FALSE",
            IsTest::Unknown => "UNKNOWN",
        }
    }
}

/// A prefix operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum UnaryOp {
    /// `NOT`
    Not,
    /// `-`
    Minus,
    /// `+`
    Plus,
}

impl UnaryOp {
    fn as_str(self) -> &'static str {
        match self {
            UnaryOp::Not => "NOT ",
            UnaryOp::Minus => "-",
            UnaryOp::Plus => "+",
        }
    }
}

/// A binary operator. `!=` is read as `<>` and printed so (Flink's default conformance refuses `!=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum BinaryOp {
    /// `OR`
    Or,
    /// `AND`
    And,
    /// `=`
    Eq,
    /// `<>` (or `!=`)
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    LtEq,
    /// `>`
    Gt,
    /// `>=`
    GtEq,
    /// `IS DISTINCT FROM`
    IsDistinctFrom,
    /// `IS NOT DISTINCT FROM`
    IsNotDistinctFrom,
    /// `+`
    Plus,
    /// `-`
    Minus,
    /// `*`
    Multiply,
    /// `/`
    Divide,
    /// `%`
    Modulo,
    /// `||` (string concatenation; as tight as `*`, as in Calcite)
    Concat,
}

impl BinaryOp {
    fn as_str(self) -> &'static str {
        match self {
            BinaryOp::Or => "OR",
            BinaryOp::And => "AND",
            BinaryOp::Eq => "=",
            BinaryOp::NotEq => "<>",
            BinaryOp::Lt => "<",
            BinaryOp::LtEq => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::GtEq => ">=",
            BinaryOp::IsDistinctFrom => "IS DISTINCT FROM",
            BinaryOp::IsNotDistinctFrom => "IS NOT DISTINCT FROM",
            BinaryOp::Plus => "+",
            BinaryOp::Minus => "-",
            BinaryOp::Multiply => "*",
            BinaryOp::Divide => "/",
            BinaryOp::Modulo => "%",
            BinaryOp::Concat => "||",
        }
    }

    fn precedence(self) -> u8 {
        match self {
            BinaryOp::Or => prec::OR,
            BinaryOp::And => prec::AND,
            BinaryOp::Eq
            | BinaryOp::NotEq
            | BinaryOp::Lt
            | BinaryOp::LtEq
            | BinaryOp::Gt
            | BinaryOp::GtEq
            | BinaryOp::IsDistinctFrom
            | BinaryOp::IsNotDistinctFrom => prec::COMPARISON,
            BinaryOp::Plus | BinaryOp::Minus => prec::ADDITIVE,
            BinaryOp::Multiply | BinaryOp::Divide | BinaryOp::Modulo | BinaryOp::Concat => prec::MULTIPLICATIVE,
        }
    }
}

// ---- Parser ----

/// An expression. A recoverable error when the input does not start with one, so the caller
/// says what it expected; the caller commits (`cut`).
pub(crate) fn expr(i: Input<'_>, depth: Depth) -> PResult<'_, Expr> {
    expr_bp(i, depth, 0)
}

/// An infix or postfix operator seen ahead, with the input after it.
enum Infix {
    Binary(BinaryOp),
    Is { negated: bool },
    Between { negated: bool },
    In { negated: bool },
    Like { negated: bool, kind: LikeKind },
}

impl Infix {
    fn precedence(&self) -> u8 {
        match self {
            Infix::Binary(op) => op.precedence(),
            Infix::Is { .. } => prec::IS,
            Infix::Between { .. } | Infix::In { .. } | Infix::Like { .. } => prec::PREDICATE,
        }
    }
}

/// The operator at `at` (blanks already skipped) and the input after it; consumes nothing when
/// there is none, so the caller may stop there.
fn peek_infix(at: Input<'_>) -> Option<(Infix, Input<'_>)> {
    let symbol = |len: usize, op: BinaryOp| Some((Infix::Binary(op), &at[len..]));
    match at.as_bytes() {
        [b'<', b'=', ..] => return symbol(2, BinaryOp::LtEq),
        [b'<', b'>', ..] => return symbol(2, BinaryOp::NotEq),
        [b'>', b'=', ..] => return symbol(2, BinaryOp::GtEq),
        [b'!', b'=', ..] => return symbol(2, BinaryOp::NotEq),
        [b'|', b'|', ..] => return symbol(2, BinaryOp::Concat),
        [b'<', ..] => return symbol(1, BinaryOp::Lt),
        [b'>', ..] => return symbol(1, BinaryOp::Gt),
        [b'=', ..] => return symbol(1, BinaryOp::Eq),
        [b'+', ..] => return symbol(1, BinaryOp::Plus),
        [b'-', ..] => return symbol(1, BinaryOp::Minus),
        [b'*', ..] => return symbol(1, BinaryOp::Multiply),
        [b'/', ..] => return symbol(1, BinaryOp::Divide),
        [b'%', ..] => return symbol(1, BinaryOp::Modulo),
        _ => {}
    }
    let word = peek_word(at);
    let keyword = Keyword::of_word(word)?;
    let after = &at[word.len()..];
    let next = |i: Input<'_>| peek_keyword(i);
    match keyword {
        Keyword::Or => Some((Infix::Binary(BinaryOp::Or), after)),
        Keyword::And => Some((Infix::Binary(BinaryOp::And), after)),
        Keyword::Is => {
            let (negated, rest) =
                if next(after) == Some(Keyword::Not) { (true, skip_word(after)) } else { (false, after) };
            if next(rest) == Some(Keyword::Distinct) {
                let op = if negated { BinaryOp::IsNotDistinctFrom } else { BinaryOp::IsDistinctFrom };
                // `FROM` is checked by the caller, which commits after `IS [NOT] DISTINCT`.
                return Some((Infix::Binary(op), skip_word(rest)));
            }
            Some((Infix::Is { negated }, rest))
        }
        Keyword::Not => match next(after)? {
            Keyword::Between | Keyword::In | Keyword::Like | Keyword::Ilike | Keyword::Similar => {
                predicate(next(after)?, true, skip_word(after))
            }
            _ => None,
        },
        Keyword::Between | Keyword::In | Keyword::Like | Keyword::Ilike | Keyword::Similar => {
            predicate(keyword, false, after)
        }
        _ => None,
    }
}

/// The input after the next word.
fn skip_word(i: Input<'_>) -> Input<'_> {
    let i = skip_ws(i);
    &i[peek_word(i).len()..]
}

/// `BETWEEN`, `IN`, `LIKE`, `ILIKE` or `SIMILAR` (its `TO` is read by the caller).
fn predicate(keyword: Keyword, negated: bool, after: Input<'_>) -> Option<(Infix, Input<'_>)> {
    let infix = match keyword {
        Keyword::Between => Infix::Between { negated },
        Keyword::In => Infix::In { negated },
        Keyword::Like => Infix::Like { negated, kind: LikeKind::Like },
        Keyword::Ilike => Infix::Like { negated, kind: LikeKind::Ilike },
        _ => Infix::Like { negated, kind: LikeKind::SimilarTo },
    };
    Some((infix, after))
}

/// Precedence climbing: an operand, then every operator of at least `min` precedence. Operators
/// of one level are collected in a loop into one chain; only the right operands recurse, at the
/// next level, so the recursion is bounded by the number of levels, not of operators.
///
/// Stack use: this function, `prefix`, `primary` and `operand` are on the stack once per nesting
/// level, so each does little itself and hands every form to a function of its own. A debug build
/// gives every temporary its own stack slot, and these frames decide how many levels fit in a
/// small thread stack (see the `DEFAULT_MAX_DEPTH` test in `tests/create_table.rs`).
fn expr_bp(i: Input<'_>, depth: Depth, min: u8) -> PResult<'_, Expr> {
    let depth = depth.enter(skip_ws(i))?;
    match prefix(i, depth) {
        Ok((rest, lhs)) => infix_loop(rest, lhs, depth, min),
        Err(e) => Err(e),
    }
}

/// What an operator step returns: the rest, the new left operand, and the budget left.
type Step<'a> = Result<(Input<'a>, Expr, Depth), nom::Err<SyntaxError<'a>>>;

/// The operators after the first operand, applied left to right while they bind at least as
/// tightly as `min`.
fn infix_loop<'a>(mut i: Input<'a>, mut lhs: Expr, mut depth: Depth, min: u8) -> PResult<'a, Expr> {
    loop {
        // `ws`, not `skip_ws`: an unterminated comment is reported as such, not as a `/` operator.
        let (at, ()) = ws(i)?;
        let Some((infix, after)) = peek_infix(at) else { return Ok((i, lhs)) };
        let level = infix.precedence();
        if level < min {
            return Ok((i, lhs));
        }
        let step = match infix {
            Infix::Binary(op) => binary_step(at, after, lhs, op, depth),
            Infix::Is { negated } => is_step(at, after, lhs, negated, depth),
            Infix::Between { negated } => between_step(at, after, lhs, negated, depth),
            Infix::In { negated } => in_step(at, after, lhs, negated, depth),
            Infix::Like { negated, kind } => like_step(at, after, lhs, negated, kind, depth),
        };
        (i, lhs, depth) = step?;
    }
}

/// `lhs op rhs`: extends `lhs` when it is a chain of the same level (also one that came in
/// parentheses: same meaning), else starts a chain, which is one more level of the AST.
fn binary_step<'a>(at: Input<'a>, after: Input<'a>, lhs: Expr, op: BinaryOp, depth: Depth) -> Step<'a> {
    let after = match op {
        BinaryOp::IsDistinctFrom | BinaryOp::IsNotDistinctFrom => cut(kw(Keyword::From)).parse(after)?.0,
        _ => after,
    };
    let level = op.precedence();
    let (rest, mut rhs) = operand(after, depth, level + 1)?;
    match lhs {
        Expr::Binary { first, rest: mut chain } if chain.first().is_some_and(|(o, _)| o.precedence() == level) => {
            if op == BinaryOp::Eq {
                mark_secret_value(chain.last().map_or(&*first, |(_, e)| e), &mut rhs);
            }
            chain.push((op, rhs));
            Ok((rest, Expr::Binary { first, rest: chain }, depth))
        }
        other => {
            let depth = depth.enter(at)?;
            if op == BinaryOp::Eq {
                mark_secret_value(&other, &mut rhs);
            }
            Ok((rest, Expr::Binary { first: Box::new(other), rest: vec![(op, rhs)] }, depth))
        }
    }
}

/// `redact_sql`'s rule inside expressions: in `... 'key' = 'value' ...`, where the literal right
/// before `=` names a sensitive key, the literal right after it is a credential. `lhs` and `rhs`
/// are the operands of `=`; the literals next to the `=` are the last leaf of `lhs` and the first
/// leaf of `rhs` (parentheses are not kept, so `('token') = 'v'` counts too: masking more than
/// the text scanner is safe, less is not).
fn mark_secret_value(lhs: &Expr, rhs: &mut Expr) {
    let key = match last_leaf(lhs) {
        Some(Literal::String(text) | Literal::Date(text) | Literal::Time(text) | Literal::Timestamp(text)) => text,
        _ => return,
    };
    if !is_sensitive_key(key) {
        return;
    }
    if let Some(leaf) = first_leaf(rhs) {
        if let Literal::String(value) = leaf {
            let value = std::mem::take(value);
            *leaf = Literal::Secret(Secret::new(value));
        }
    }
}

/// The literal an expression's text ends with, if it ends with one (a loop, not recursion: the
/// depth is bounded by the parser's budget anyway, but this costs no stack).
fn last_leaf(mut expr: &Expr) -> Option<&Literal> {
    loop {
        expr = match expr {
            Expr::Literal(literal) => return Some(literal),
            Expr::Unary { expr, .. } => expr,
            Expr::Binary { rest, .. } => &rest.last()?.1,
            Expr::Between(between) => &between.high,
            Expr::Like(like) => like.escape.as_ref().unwrap_or(&like.pattern),
            _ => return None,
        };
    }
}

/// The literal an expression's text starts with, if it starts with one.
fn first_leaf(mut expr: &mut Expr) -> Option<&mut Literal> {
    loop {
        expr = match expr {
            Expr::Literal(literal) => return Some(literal),
            Expr::Binary { first, .. } => first,
            Expr::Is { expr, .. } | Expr::InList { expr, .. } | Expr::Field { expr, .. } | Expr::Item { expr, .. } => {
                expr
            }
            Expr::Between(between) => &mut between.expr,
            Expr::Like(like) => &mut like.expr,
            _ => return None,
        };
    }
}

/// `lhs IS [NOT] {NULL | TRUE | FALSE | UNKNOWN}`.
fn is_step<'a>(at: Input<'a>, after: Input<'a>, lhs: Expr, negated: bool, depth: Depth) -> Step<'a> {
    let depth = depth.enter(at)?;
    let test_at = skip_ws(after);
    let test = match peek_keyword(test_at) {
        Some(Keyword::Null) => IsTest::Null,
        Some(Keyword::True) => IsTest::True,
        Some(Keyword::False) => IsTest::False,
        Some(Keyword::Unknown) => IsTest::Unknown,
        _ => {
            let mut err = SyntaxError::expected(test_at, "`NULL`");
            for label in ["`TRUE`", "`FALSE`", "`UNKNOWN`"] {
                err = nom::error::ParseError::or(err, SyntaxError::expected(test_at, label));
            }
            return err.fail();
        }
    };
    let rest = &test_at[peek_word(test_at).len()..];
    Ok((rest, Expr::Is { expr: Box::new(lhs), negated, test }, depth))
}

/// `lhs [NOT] BETWEEN [SYMMETRIC | ASYMMETRIC] low AND high`.
fn between_step<'a>(at: Input<'a>, after: Input<'a>, lhs: Expr, negated: bool, depth: Depth) -> Step<'a> {
    let depth = depth.enter(at)?;
    let (rest, symmetric) = match peek_keyword(after) {
        Some(Keyword::Symmetric) => (kw(Keyword::Symmetric).parse(after)?.0, true),
        Some(Keyword::Asymmetric) => (kw(Keyword::Asymmetric).parse(after)?.0, false),
        _ => (after, false),
    };
    let (rest, low) = operand(rest, depth, prec::ADDITIVE)?;
    let (rest, ()) = cut(kw(Keyword::And)).parse(rest)?;
    let (rest, high) = operand(rest, depth, prec::ADDITIVE)?;
    Ok((rest, Expr::Between(Box::new(Between { expr: lhs, negated, symmetric, low, high })), depth))
}

/// `lhs [NOT] IN (a, b, ...)`.
fn in_step<'a>(at: Input<'a>, after: Input<'a>, lhs: Expr, negated: bool, depth: Depth) -> Step<'a> {
    let depth = depth.enter(at)?;
    let (rest, ()) = cut(punct("(")).parse(after)?;
    let (rest, list) = expr_list(rest, depth, ")", Empty::Refused)?;
    Ok((rest, Expr::InList { expr: Box::new(lhs), negated, list }, depth))
}

/// `lhs [NOT] {LIKE | ILIKE | SIMILAR TO} pattern [ESCAPE escape]`.
fn like_step<'a>(at: Input<'a>, after: Input<'a>, lhs: Expr, negated: bool, kind: LikeKind, depth: Depth) -> Step<'a> {
    let depth = depth.enter(at)?;
    let after = match kind {
        LikeKind::SimilarTo => cut(kw(Keyword::To)).parse(after)?.0,
        _ => after,
    };
    let (rest, pattern) = operand(after, depth, prec::ADDITIVE)?;
    let (rest, escape) = if peek_kw(rest, Keyword::Escape) {
        let (rest, ()) = kw(Keyword::Escape).parse(rest)?;
        let (rest, escape) = operand(rest, depth, prec::ADDITIVE)?;
        (rest, Some(escape))
    } else {
        (rest, None)
    };
    Ok((rest, Expr::Like(Box::new(Like { expr: lhs, negated, kind, pattern, escape })), depth))
}

/// An operand that must be there (after an operator or an opening bracket): committed, with
/// "expected an expression" when nothing of one is there.
fn operand(i: Input<'_>, depth: Depth, min: u8) -> PResult<'_, Expr> {
    match expr_bp(i, depth, min) {
        Err(nom::Err::Error(e)) => Err(nom::Err::Failure(SyntaxError::add_context(i, "an expression", e))),
        other => other,
    }
}

/// A prefix operator and its operand, or a primary with its postfix `.field` and `[index]`.
fn prefix(i: Input<'_>, depth: Depth) -> PResult<'_, Expr> {
    let (i, ()) = ws(i)?;
    // Blanks are skipped, so a `-` here is not the start of a `--` comment.
    let unary = match i.as_bytes().first() {
        Some(b'-') => Some((UnaryOp::Minus, &i[1..], prec::UNARY)),
        Some(b'+') => Some((UnaryOp::Plus, &i[1..], prec::UNARY)),
        _ if peek_kw(i, Keyword::Not) => Some((UnaryOp::Not, &i["NOT".len()..], prec::NOT)),
        _ => None,
    };
    match unary {
        Some((op, rest, level)) => unary_operand(rest, op, level, depth),
        None => match primary(i, depth) {
            Ok((rest, expr)) => postfix(rest, expr, depth),
            Err(e) => Err(e),
        },
    }
}

fn unary_operand(i: Input<'_>, op: UnaryOp, level: u8, depth: Depth) -> PResult<'_, Expr> {
    let (rest, operand) = operand(i, depth, level)?;
    Ok((rest, Expr::Unary { op, expr: Box::new(operand) }))
}

/// `{ [index] | .field }` after a primary; each is one more level of the AST.
fn postfix(mut i: Input<'_>, mut expr: Expr, mut depth: Depth) -> PResult<'_, Expr> {
    loop {
        let (at, ()) = ws(i)?;
        if let Some(rest) = at.strip_prefix('[') {
            depth = depth.enter(at)?;
            let (rest, index) = item_index(rest, depth)?;
            expr = Expr::Item { expr: Box::new(expr), index: Box::new(index) };
            i = rest;
        } else if let Some(rest) = at.strip_prefix('.') {
            depth = depth.enter(at)?;
            let (rest, field) = cut(context("a field name", ident)).parse(rest)?;
            expr = Expr::Field { expr: Box::new(expr), field };
            i = rest;
        } else {
            return Ok((i, expr));
        }
    }
}

/// `index ]`, after the `[`.
fn item_index(i: Input<'_>, depth: Depth) -> PResult<'_, Expr> {
    let (rest, index) = operand(i, depth, 0)?;
    let (rest, ()) = cut(punct("]")).parse(rest)?;
    Ok((rest, index))
}

/// A self-delimiting expression: literal, name, call, `CAST`, `CASE`, constructor, `( expr )`.
/// `i` is at the token (blanks skipped). Every form has a function of its own (see `expr_bp`).
fn primary(i: Input<'_>, depth: Depth) -> PResult<'_, Expr> {
    match i.as_bytes().first() {
        Some(b'(') => parenthesized(&i[1..], depth),
        Some(b'\'') => string_literal(i).map(|(rest, value)| (rest, Expr::Literal(Literal::String(value)))),
        Some(b'`') => name_or_call(i, depth),
        Some(c) if c.is_ascii_digit() || *c == b'.' => match scan_number(i) {
            Some(len) => Ok((&i[len..], Expr::Literal(Literal::Number(i[..len].to_owned())))),
            None => SyntaxError::expected(i, "an expression").backtrack(),
        },
        _ => word_primary(i, depth),
    }
}

/// `expr )`, after the `(`.
fn parenthesized(i: Input<'_>, depth: Depth) -> PResult<'_, Expr> {
    let (rest, inner) = operand(i, depth, 0)?;
    let (rest, ()) = cut(punct(")")).parse(rest)?;
    Ok((rest, inner))
}

/// A primary that starts with a word: a keyword's construct, a name or a call.
fn word_primary(i: Input<'_>, depth: Depth) -> PResult<'_, Expr> {
    let word = peek_word(i);
    if word.is_empty() {
        return SyntaxError::expected(i, "an expression").backtrack();
    }
    let after = &i[word.len()..];
    if word.eq_ignore_ascii_case("X") && after.starts_with('\'') {
        return binary_literal(i, after);
    }
    let Some(keyword) = Keyword::of_word(word) else { return name_or_call(i, depth) };
    let next = skip_ws(after);
    match keyword {
        Keyword::True => Ok((after, Expr::Literal(Literal::Boolean(true)))),
        Keyword::False => Ok((after, Expr::Literal(Literal::Boolean(false)))),
        Keyword::Null => Ok((after, Expr::Literal(Literal::Null))),
        Keyword::Interval => interval_literal(after),
        Keyword::Date | Keyword::Time | Keyword::Timestamp if next.starts_with('\'') => typed_literal(after, keyword),
        Keyword::Cast | Keyword::TryCast if next.starts_with('(') => {
            cast(&next[1..], depth, keyword == Keyword::TryCast)
        }
        Keyword::Case => case(after, depth),
        Keyword::Array if next.starts_with('[') => {
            expr_list(&next[1..], depth, "]", Empty::Refused).map(|(rest, items)| (rest, Expr::Array(items)))
        }
        Keyword::Map if next.starts_with('[') => map_constructor(next, depth),
        Keyword::Row if next.starts_with('(') => {
            expr_list(&next[1..], depth, ")", Empty::Refused).map(|(rest, items)| (rest, Expr::Row(items)))
        }
        Keyword::Select | Keyword::Exists | Keyword::Values => {
            let hint = "computed columns and watermarks are expressions; a query belongs in `CREATE TABLE ... AS`";
            SyntaxError::new(i, Reason::Unsupported { what: "a subquery", hint }).fail()
        }
        _ => match Niladic::of_keyword(keyword) {
            Some(function) if !next.starts_with('(') => Ok((after, Expr::Niladic(function))),
            _ => name_or_call(i, depth),
        },
    }
}

/// `'text'` after `DATE`, `TIME` or `TIMESTAMP`.
fn typed_literal(i: Input<'_>, keyword: Keyword) -> PResult<'_, Expr> {
    let (rest, text) = plain_string_literal(i)?;
    let value = match keyword {
        Keyword::Date => Literal::Date(text),
        Keyword::Time => Literal::Time(text),
        _ => Literal::Timestamp(text),
    };
    Ok((rest, Expr::Literal(value)))
}

/// `X'hex'`: `after` is right after the `X`, at the quote.
fn binary_literal<'a>(i: Input<'a>, after: Input<'a>) -> PResult<'a, Expr> {
    let (rest, hex) = plain_string_literal(after)?;
    if !hex.bytes().all(|c| c.is_ascii_hexdigit()) || hex.len() % 2 != 0 {
        let message = "a binary literal `X'...'` holds an even number of hexadecimal digits".to_owned();
        return SyntaxError::new(i, Reason::Message(message)).fail();
    }
    Ok((rest, Expr::Literal(Literal::Binary(hex))))
}

/// After `INTERVAL`: `[+ | -] 'value' qualifier`.
fn interval_literal(i: Input<'_>) -> PResult<'_, Expr> {
    let (i, ()) = ws(i)?;
    let (i, negative) = match i.as_bytes().first() {
        Some(b'-') => (&i[1..], true),
        Some(b'+') => (&i[1..], false),
        _ => (i, false),
    };
    let (i, value) = cut(context("a quoted interval value such as '5'", plain_string_literal)).parse(i)?;
    let (i, qualifier) = cut(|i| interval_qualifier(i, QualifierRules::Literal)).parse(i)?;
    Ok((i, Expr::Literal(Literal::Interval(IntervalLiteral { negative, value, qualifier }))))
}

/// A column reference (`a`, `t.a`, `` `my col`.f ``) or a call (`f(x)`, `db.f(x)`). A word right
/// before `(` names a function even when reserved (`UPPER(x)`, `IF(...)`); elsewhere a reserved
/// word needs backticks.
fn name_or_call(i: Input<'_>, depth: Depth) -> PResult<'_, Expr> {
    let (rest, parts) = compound_name(i)?;
    let Some(args) = skip_ws(rest).strip_prefix('(') else { return Ok((rest, Expr::Identifier(parts))) };
    // Only an unquoted one-part name can call a built-in with keyword arguments.
    let word = peek_word(i);
    if let ([name], false) = (parts.as_slice(), word.is_empty()) {
        if let Some(special) = Special::of_word(word) {
            return special_call(args, special, ObjectName::from(name.clone()), depth);
        }
    }
    call(i, args, parts, depth)
}

/// The built-ins whose calls take keywords between their arguments (Calcite's syntax).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Special {
    Extract,
    Floor,
    Ceil,
    TimestampAdd,
    TimestampDiff,
    Position,
    Trim,
    Substring,
}

impl Special {
    fn of_word(word: &str) -> Option<Special> {
        let is = |name: &str| word.eq_ignore_ascii_case(name);
        Some(match () {
            () if is("EXTRACT") => Special::Extract,
            () if is("FLOOR") => Special::Floor,
            () if is("CEIL") || is("CEILING") => Special::Ceil,
            () if is("TIMESTAMPADD") => Special::TimestampAdd,
            () if is("TIMESTAMPDIFF") => Special::TimestampDiff,
            () if is("POSITION") => Special::Position,
            () if is("TRIM") => Special::Trim,
            () if is("SUBSTRING") => Special::Substring,
            () => return None,
        })
    }
}

/// The arguments of a call to a built-in of `Special`, after the `(`. When they turn out to be
/// plain (`FLOOR(x)`, `TRIM(s)`), the rest is read as a plain call.
fn special_call<'a>(args: Input<'a>, special: Special, name: ObjectName, depth: Depth) -> PResult<'a, Expr> {
    match special {
        Special::Extract => extract(args, depth),
        Special::TimestampAdd | Special::TimestampDiff => timestamp_arith(args, name, special, depth),
        Special::Position => position(args, name, depth),
        Special::Trim if trim_side(args).is_some() => trim(args, depth),
        Special::Floor | Special::Ceil | Special::Trim | Special::Substring => {
            keyword_after_first(args, special, name, depth)
        }
    }
}

/// `FLOOR(x TO unit)`, `TRIM(chars FROM s)`, `SUBSTRING(s FROM a ...)`: the keyword after the first
/// argument decides; without it the call is plain.
fn keyword_after_first<'a>(args: Input<'a>, special: Special, name: ObjectName, depth: Depth) -> PResult<'a, Expr> {
    let (rest, first) = operand(args, depth, 0)?;
    let at = skip_ws(rest);
    let follows = |k: Keyword| peek_keyword(at) == Some(k);
    match special {
        Special::Floor | Special::Ceil if follows(Keyword::To) => {
            floor_ceil(&at["TO".len()..], first, special == Special::Ceil)
        }
        Special::Trim if follows(Keyword::From) => {
            let (rest, expr) = operand(&at["FROM".len()..], depth, 0)?;
            let (rest, ()) = cut(punct(")")).parse(rest)?;
            Ok((rest, Expr::Trim(Box::new(Trim { side: None, chars: Some(first), expr }))))
        }
        Special::Substring if follows(Keyword::From) => substring(&at["FROM".len()..], name, first, depth),
        _ => plain_call_from(rest, name, vec![first], depth),
    }
}

/// A plain call whose first arguments `items` are read; `i` is after them (or after the `(`).
fn plain_call_from<'a>(i: Input<'a>, name: ObjectName, items: Vec<Expr>, depth: Depth) -> PResult<'a, Expr> {
    let (rest, list) = if items.is_empty() {
        expr_list(i, depth, ")", Empty::Allowed)?
    } else {
        match list_separator(i, ")")? {
            (rest, true) => expr_list_from(rest, depth, ")", items)?,
            (rest, false) => (rest, items),
        }
    };
    Ok((rest, Expr::Function(Box::new(Function { name, args: FunctionArgs::List(list) }))))
}

/// After `EXTRACT(`: `field FROM expr )`.
fn extract(i: Input<'_>, depth: Depth) -> PResult<'_, Expr> {
    let (i, field) = date_time_field(i)?;
    let (i, ()) = cut(kw(Keyword::From)).parse(i)?;
    let (i, expr) = operand(i, depth, 0)?;
    let (i, ()) = cut(punct(")")).parse(i)?;
    Ok((i, Expr::Extract { field, expr: Box::new(expr) }))
}

/// A date-time field (`DAY`, `DOY`, `EPOCH`, ...), committed.
fn date_time_field(i: Input<'_>) -> PResult<'_, DateTimeField> {
    let (i, ()) = ws(i)?;
    let word = peek_word(i);
    match DateTimeField::of_word(word) {
        Some(field) => Ok((&i[word.len()..], field)),
        None => SyntaxError::expected(i, "a date-time field such as DAY, HOUR or EPOCH").fail(),
    }
}

/// After `FLOOR(expr TO` or `CEIL(expr TO`: `field )`.
fn floor_ceil(i: Input<'_>, expr: Expr, ceil: bool) -> PResult<'_, Expr> {
    let (i, field) = date_time_field(i)?;
    let (i, ()) = cut(punct(")")).parse(i)?;
    Ok((i, Expr::FloorCeil { ceil, expr: Box::new(expr), field }))
}

/// After `TIMESTAMPADD(` or `TIMESTAMPDIFF(`: `field, a, b )`, or plain arguments.
fn timestamp_arith<'a>(i: Input<'a>, name: ObjectName, special: Special, depth: Depth) -> PResult<'a, Expr> {
    let at = skip_ws(i);
    let word = peek_word(at);
    let field = match DateTimeField::of_word(word) {
        Some(field) if skip_ws(&at[word.len()..]).starts_with(',') => field,
        _ => return plain_call_from(i, name, Vec::new(), depth),
    };
    let (i, ()) = cut(punct(",")).parse(&at[word.len()..])?;
    let (i, first) = operand(i, depth, 0)?;
    let (i, ()) = cut(punct(",")).parse(i)?;
    let (i, second) = operand(i, depth, 0)?;
    let (i, ()) = cut(punct(")")).parse(i)?;
    let diff = special == Special::TimestampDiff;
    Ok((i, Expr::TimestampArith(Box::new(TimestampArith { diff, field, first, second }))))
}

/// After `POSITION(`: `needle IN haystack [FROM start] )`; `POSITION(a, b)` is a plain call.
fn position<'a>(i: Input<'a>, name: ObjectName, depth: Depth) -> PResult<'a, Expr> {
    // The needle is a unary expression at most (as in Calcite), so `IN` here is not a predicate.
    let (rest, needle) = operand(i, depth, prec::UNARY)?;
    let at = skip_ws(rest);
    if !peek_kw(at, Keyword::In) {
        let (rest, first) = infix_loop(rest, needle, depth, 0)?;
        return plain_call_from(rest, name, vec![first], depth);
    }
    position_rest(&at["IN".len()..], needle, depth)
}

/// After `POSITION(needle IN`: `haystack [FROM start] )`.
fn position_rest(i: Input<'_>, needle: Expr, depth: Depth) -> PResult<'_, Expr> {
    let (i, haystack) = operand(i, depth, 0)?;
    let (i, start) = if peek_kw(i, Keyword::From) {
        let (i, ()) = kw(Keyword::From).parse(i)?;
        let (i, start) = operand(i, depth, 0)?;
        (i, Some(start))
    } else {
        (i, None)
    };
    let (i, ()) = cut(punct(")")).parse(i)?;
    Ok((i, Expr::Position(Box::new(Position { needle, haystack, start }))))
}

/// `BOTH`, `LEADING` or `TRAILING` at the start of `i`, if there.
fn trim_side(i: Input<'_>) -> Option<TrimSide> {
    let word = peek_word(skip_ws(i));
    [("BOTH", TrimSide::Both), ("LEADING", TrimSide::Leading), ("TRAILING", TrimSide::Trailing)]
        .into_iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(word))
        .map(|(_, side)| side)
}

/// After `TRIM(` when a side follows: `side [chars] FROM expr )`.
fn trim(i: Input<'_>, depth: Depth) -> PResult<'_, Expr> {
    let side = trim_side(i);
    let at = skip_ws(i);
    let i = &at[peek_word(at).len()..];
    let (i, chars) = if peek_kw(i, Keyword::From) {
        (i, None)
    } else {
        let (i, chars) = operand(i, depth, 0)?;
        (i, Some(chars))
    };
    let (i, ()) = cut(kw(Keyword::From)).parse(i)?;
    let (i, expr) = operand(i, depth, 0)?;
    let (i, ()) = cut(punct(")")).parse(i)?;
    Ok((i, Expr::Trim(Box::new(Trim { side, chars, expr }))))
}

/// After `SUBSTRING(s FROM`: `start [FOR length] )`, read as the plain call `SUBSTRING(s, start
/// [, length])`, as Calcite does.
fn substring<'a>(i: Input<'a>, name: ObjectName, string: Expr, depth: Depth) -> PResult<'a, Expr> {
    let (i, start) = operand(i, depth, 0)?;
    let mut args = vec![string, start];
    let i = if peek_kw(i, Keyword::For) {
        let (i, ()) = kw(Keyword::For).parse(i)?;
        let (i, length) = operand(i, depth, 0)?;
        args.push(length);
        i
    } else {
        i
    };
    let (i, ()) = cut(punct(")")).parse(i)?;
    Ok((i, Expr::Function(Box::new(Function { name, args: FunctionArgs::List(args) }))))
}

/// `name {. name}`, where a first word right before `(` may be reserved.
fn compound_name(i: Input<'_>) -> PResult<'_, Vec<Ident>> {
    let word = peek_word(i);
    let (mut rest, first) = if !word.is_empty() && skip_ws(&i[word.len()..]).starts_with('(') {
        (&i[word.len()..], Ident::new(word))
    } else {
        context("an expression", ident).parse(i)?
    };
    let mut parts = vec![first];
    loop {
        let at = skip_ws(rest);
        // `.` then a name continues the name; `.` then anything else is for `postfix` to report.
        let Some(after_dot) = at.strip_prefix('.') else { return Ok((rest, parts)) };
        let Ok((after, part)) = ident(after_dot) else { return Ok((rest, parts)) };
        parts.push(part);
        rest = after;
    }
}

/// The arguments of a call to `parts`, after the `(`; `i` is where the name starts.
fn call<'a>(i: Input<'a>, args: Input<'a>, parts: Vec<Ident>, depth: Depth) -> PResult<'a, Expr> {
    let Some(name) = ObjectName::new(parts) else {
        return SyntaxError::new(i, Reason::TooManyNameParts { max: ObjectName::MAX_PARTS }).fail();
    };
    let (rest, args) = if let Some(after_star) = skip_ws(args).strip_prefix('*') {
        let (rest, ()) = cut(punct(")")).parse(after_star)?;
        (rest, FunctionArgs::Star)
    } else {
        let (rest, list) = expr_list(args, depth, ")", Empty::Allowed)?;
        (rest, FunctionArgs::List(list))
    };
    Ok((rest, Expr::Function(Box::new(Function { name, args }))))
}

/// After `CAST(` or `TRY_CAST(`: `expr AS type )`.
fn cast(i: Input<'_>, depth: Depth, try_cast: bool) -> PResult<'_, Expr> {
    let (i, expr) = operand(i, depth, 0)?;
    let (i, ()) = cut(kw(Keyword::As)).parse(i)?;
    let (i, data_type) = required_data_type(i, depth)?;
    let (i, ()) = cut(punct(")")).parse(i)?;
    Ok((i, Expr::Cast(Box::new(Cast { try_cast, expr, data_type }))))
}

/// A type that must be there, committed.
fn required_data_type(i: Input<'_>, depth: Depth) -> PResult<'_, DataType> {
    match data_type(i, depth) {
        Err(nom::Err::Error(e)) => Err(nom::Err::Failure(SyntaxError::add_context(i, "a data type", e))),
        other => other,
    }
}

/// After `CASE`: `[operand] WHEN a THEN b {WHEN a THEN b} [ELSE c] END`.
fn case(i: Input<'_>, depth: Depth) -> PResult<'_, Expr> {
    let (i, operand_expr) = if peek_kw(i, Keyword::When) {
        (i, None)
    } else {
        let (i, value) = operand(i, depth, 0)?;
        (i, Some(value))
    };
    let mut when_then = Vec::new();
    let mut i = cut(kw(Keyword::When)).parse(i)?.0;
    loop {
        let (rest, pair) = when_then_pair(i, depth)?;
        when_then.push(pair);
        match peek_keyword(rest) {
            Some(Keyword::When) => i = kw(Keyword::When).parse(rest)?.0,
            _ => {
                i = rest;
                break;
            }
        }
    }
    let (i, else_result) = case_end(i, depth)?;
    Ok((i, Expr::Case(Box::new(Case { operand: operand_expr, when_then, else_result }))))
}

/// `a THEN b`, after `WHEN`.
fn when_then_pair(i: Input<'_>, depth: Depth) -> PResult<'_, (Expr, Expr)> {
    let (rest, when) = operand(i, depth, 0)?;
    let (rest, ()) = cut(kw(Keyword::Then)).parse(rest)?;
    let (rest, then) = operand(rest, depth, 0)?;
    Ok((rest, (when, then)))
}

/// `[ELSE c] END`.
fn case_end(i: Input<'_>, depth: Depth) -> PResult<'_, Option<Expr>> {
    let (i, else_result) = if peek_kw(i, Keyword::Else) {
        let (i, ()) = kw(Keyword::Else).parse(i)?;
        let (i, result) = operand(i, depth, 0)?;
        (i, Some(result))
    } else {
        (i, None)
    };
    let at = skip_ws(i);
    if peek_kw(at, Keyword::End) {
        return Ok((&at["END".len()..], else_result));
    }
    let mut err = SyntaxError::expected(at, "`WHEN`");
    for label in ["`ELSE`", "`END`"] {
        err = nom::error::ParseError::or(err, SyntaxError::expected(at, label));
    }
    err.fail()
}

/// `MAP[k, v, ...]`, at the `[`.
fn map_constructor(i: Input<'_>, depth: Depth) -> PResult<'_, Expr> {
    let (rest, items) = expr_list(&i[1..], depth, "]", Empty::Refused)?;
    if items.len() % 2 != 0 {
        let message = "`MAP[...]` takes keys and values in pairs: an even number of expressions".to_owned();
        return SyntaxError::new(i, Reason::Message(message)).fail();
    }
    let mut entries = Vec::with_capacity(items.len() / 2);
    let mut items = items.into_iter();
    while let (Some(key), Some(value)) = (items.next(), items.next()) {
        entries.push((key, value));
    }
    Ok((rest, Expr::Map(entries)))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Empty {
    Allowed,
    Refused,
}

/// `expr {, expr} close`, right after the opening bracket; committed. Each element takes a level
/// of the budget as it is parsed (`expr_bp`), so the list needs none of its own.
fn expr_list<'a>(i: Input<'a>, depth: Depth, close: &'static str, empty: Empty) -> PResult<'a, Vec<Expr>> {
    let at = skip_ws(i);
    if let Some(rest) = at.strip_prefix(close) {
        if empty == Empty::Allowed {
            return Ok((rest, Vec::new()));
        }
        return SyntaxError::expected(at, "an expression").fail();
    }
    expr_list_from(i, depth, close, Vec::new())
}

/// The rest of a list after `items` and a `,`: `expr {, expr} close`.
fn expr_list_from<'a>(
    mut i: Input<'a>,
    depth: Depth,
    close: &'static str,
    mut items: Vec<Expr>,
) -> PResult<'a, Vec<Expr>> {
    loop {
        let (rest, item) = operand(i, depth, 0)?;
        items.push(item);
        match list_separator(rest, close) {
            Ok((rest, true)) => i = rest,
            Ok((rest, false)) => return Ok((rest, items)),
            Err(e) => return Err(e),
        }
    }
}

/// After a list element: `,` (true: more follow) or the closing bracket (false).
fn list_separator<'a>(i: Input<'a>, close: &'static str) -> PResult<'a, bool> {
    let (rest, ()) = ws(i)?;
    if let Some(after_comma) = rest.strip_prefix(',') {
        if skip_ws(after_comma).starts_with(close) {
            return SyntaxError::new(rest, Reason::TrailingComma).fail();
        }
        return Ok((after_comma, true));
    }
    if let Some(after) = rest.strip_prefix(close) {
        return Ok((after, false));
    }
    let closing = if close == "]" { "`]`" } else { "`)`" };
    let err = SyntaxError::expected(rest, "`,`");
    nom::error::ParseError::or(err, SyntaxError::expected(rest, closing)).fail()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::Printed;
    use crate::redaction::PrintMode;

    fn parse(text: &str) -> Result<Expr, SyntaxError<'_>> {
        parse_with(text, Depth::default())
    }

    fn parse_with(text: &str, depth: Depth) -> Result<Expr, SyntaxError<'_>> {
        match expr(text, depth) {
            Ok((rest, e)) if skip_ws(rest).is_empty() => Ok(e),
            Ok((rest, _)) => Err(SyntaxError::expected(skip_ws(rest), "end of input")),
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => Err(e),
            Err(nom::Err::Incomplete(_)) => unreachable!(),
        }
    }

    fn printed(e: &Expr) -> String {
        Printed { node: e, mode: PrintMode::Unredacted }.to_string()
    }

    /// `text` parses, prints as `canonical`, and the print parses back to the same AST.
    #[track_caller]
    fn check(text: &str, canonical: &str) {
        let e = parse(text).unwrap_or_else(|err| panic!("{text}: {err:?}"));
        assert_eq!(printed(&e), canonical, "{text}");
        assert_eq!(parse(canonical).unwrap(), e, "{canonical}");
    }

    #[track_caller]
    fn same(text: &str) {
        check(text, text);
    }

    fn col(name: &str) -> Expr {
        Expr::column(name)
    }

    fn num(n: &str) -> Expr {
        Expr::Literal(Literal::Number(n.into()))
    }

    fn chain(first: Expr, rest: Vec<(BinaryOp, Expr)>) -> Expr {
        Expr::Binary { first: Box::new(first), rest }
    }

    #[test]
    fn literals() {
        for text in [
            "42",
            "1.5",
            ".5",
            "1.",
            "1e-3",
            "1.5E3",
            "'it''s'",
            "X'0aFF'",
            "TRUE",
            "FALSE",
            "NULL",
            "DATE '2024-01-31'",
            "TIME '12:30:00'",
            "TIMESTAMP '2024-01-31 12:30:00.123'",
            "INTERVAL '5' SECOND",
            "INTERVAL '1-2' YEAR TO MONTH",
            "INTERVAL '90' MINUTE(3)",
            "INTERVAL '1.5' SECOND(2, 3)",
            "INTERVAL '10 10:30:00.5' DAY TO SECOND(3)",
            "INTERVAL -'5' DAY",
            "CURRENT_TIMESTAMP",
            "LOCALTIMESTAMP",
            "CURRENT_DATE",
            "CURRENT_TIME",
            "LOCALTIME",
        ] {
            same(text);
        }
        check("'ab' /* joined */ 'cd'", "'abcd'");
        check("true", "TRUE");
        check("interval '5' second", "INTERVAL '5' SECOND");
        check("INTERVAL +'5' DAY", "INTERVAL '5' DAY");
        // Calcite's plural units in literals mean the singular (Flink's DESCRIBE page writes them).
        check("INTERVAL '1' SECONDS", "INTERVAL '1' SECOND");
        check("interval '1-2' years to months", "INTERVAL '1-2' YEAR TO MONTH");
        check("INTERVAL '90' Minutes(3)", "INTERVAL '90' MINUTE(3)");
        assert_eq!(parse("INTERVAL '1' SECOND").unwrap(), parse("INTERVAL '1' SECONDS").unwrap());
        check("current_timestamp", "CURRENT_TIMESTAMP");
        check("date '2024-01-01'", "DATE '2024-01-01'");
    }

    #[test]
    fn names_and_calls() {
        for text in [
            "a",
            "t.a",
            "r.f.g.h",
            "`my col`",
            "`select`.x",
            "$rowtime",
            "PROCTIME()",
            "SOURCE_WATERMARK()",
            "TO_TIMESTAMP_LTZ(ts, 3)",
            "COUNT(*)",
            "db.my_udf(a, 'x')",
            "UPPER(TRIM(name))",
            "IF(a > 1, 'big', 'small')",
            "CURRENT_TIMESTAMP()",
            "CURRENT_ROW_TIMESTAMP()",
            "ARRAY[1, 2, 3]",
            "MAP['a', 1, 'b', 2]",
            "ROW(a, 'x')",
            "`CAST`(a)",
            "`ROW`(a)",
            "DATE_FORMAT(ts, 'yyyy-MM-dd')",
            "`map`",
            "`map`[1]",
            "map(1)",
        ] {
            same(text);
        }
        check("`UPPER`(x)", "UPPER(x)");
        check("`t`.`a`", "t.a");
        check("proctime( )", "proctime()");
        assert_eq!(parse("t.a").unwrap(), Expr::Identifier(vec![Ident::new("t"), Ident::new("a")]));
    }

    #[test]
    fn field_and_item_access() {
        same("a[1]");
        same("m['key']");
        same("a.b[1].c");
        same("f(x).y");
        same("a[1][2]");
        same("(a).b");
        same("(-a).b");
        check("(1).b", "1 .b");
        check("(a.b)[1]", "a.b[1]");
        assert_eq!(parse("a.b.c").unwrap(), Expr::Identifier(vec!["a".into(), "b".into(), "c".into()]));
        assert_eq!(parse("(a).b").unwrap(), Expr::Field { expr: Box::new(col("a")), field: "b".into() });
        same("-a[1]");
        assert!(matches!(parse("-a[1]").unwrap(), Expr::Unary { .. }));
    }

    #[test]
    fn precedence_of_arithmetic() {
        assert_eq!(
            parse("1 + 2 * 3").unwrap(),
            chain(num("1"), vec![(BinaryOp::Plus, chain(num("2"), vec![(BinaryOp::Multiply, num("3"))]))])
        );
        same("1 + 2 * 3");
        same("(1 + 2) * 3");
        same("a - (b - c)");
        same("a - b - c");
        check("(a - b) - c", "a - b - c");
        assert_eq!(parse("(a - b) - c").unwrap(), parse("a - b - c").unwrap());
        same("a / (b * c)");
        same("a * b / c % d");
        same("a || b || c");
        same("a + b || c");
        same("(a + b) || c");
        same("a * (b || c)");
        same("-a * b");
        same("-(a * b)");
        same("a - -1");
        check("- - a", "- -a");
        check("-(-a)", "- -a");
        same("+a");
        check("-+a", "- +a");
    }

    #[test]
    fn precedence_of_logic_and_comparison() {
        same("a = 1 AND b = 2 OR c");
        same("a = 1 AND (b = 2 OR c)");
        same("NOT a = b");
        same("(NOT a) = b");
        same("NOT NOT a");
        same("NOT (a AND b)");
        same("NOT a AND b");
        same("a AND NOT b");
        same("a = (NOT b)");
        same("a = b = c");
        same("a = (b = c)");
        same("a <> b");
        check("a != b", "a <> b");
        same("a < b AND a <= b AND a > b AND a >= b");
        same("a IS DISTINCT FROM b");
        same("a IS NOT DISTINCT FROM b + 1");
        let and = parse("a AND b AND c AND d").unwrap();
        let Expr::Binary { rest, .. } = and else { panic!() };
        assert_eq!(rest.len(), 3, "one flat chain");
    }

    #[test]
    fn predicates() {
        for text in [
            "a IS NULL",
            "a IS NOT NULL",
            "a IS TRUE",
            "a IS NOT FALSE",
            "a IS UNKNOWN",
            "a = b IS NULL",
            "a = (b IS NULL)",
            "NOT a IS NULL",
            "(NOT a) IS NULL",
            "a IS NULL IS NULL",
            "a BETWEEN 1 AND 2",
            "a NOT BETWEEN b + 1 AND c * 2",
            "a BETWEEN SYMMETRIC 1 AND 2",
            "a BETWEEN 1 AND 2 AND c",
            "a BETWEEN (b AND c) AND d",
            "a = b BETWEEN c AND d",
            "(a = b) BETWEEN c AND d",
            "a IN (1, 2, 3)",
            "a NOT IN ('x')",
            "a IN (1) = TRUE",
            "1 + a IN (1, 2)",
            "a LIKE 'x%'",
            "a NOT LIKE 'a\\_%' ESCAPE '\\'",
            "a ILIKE 'x'",
            "a NOT ILIKE 'x'",
            "a SIMILAR TO 'x'",
            "a NOT SIMILAR TO 'x' ESCAPE '!'",
            "a LIKE 'x' = b",
            "NOT a LIKE 'x'",
            "a IS NULL = b",
            "a IS NULL * b + 1",
            "a IN (1) * 2",
            "x + (a IS NULL) * b",
            "a BETWEEN 1 AND 2 = b",
            "(a BETWEEN 1 AND 2) * b",
            "a BETWEEN 1 AND 2 * b",
            "(a LIKE 'x') || 'y'",
            "a LIKE 'x' || 'y'",
            "a IS NULL BETWEEN b AND c",
            "-(a IS NULL)",
            "NOT a BETWEEN 1 AND 2 OR b",
        ] {
            same(text);
        }
        check("(a IS NULL) = b", "a IS NULL = b");
        check("a BETWEEN ASYMMETRIC 1 AND 2", "a BETWEEN 1 AND 2");
    }

    #[test]
    fn built_ins_with_keyword_arguments() {
        for text in [
            "EXTRACT(DAY FROM ts)",
            "EXTRACT(EPOCH FROM ts) * 1000",
            "FLOOR(ts TO MINUTE)",
            "CEIL(ts TO HOUR)",
            "FLOOR(x)",
            "CEIL(x, 2)",
            "TIMESTAMPADD(HOUR, 1, ts)",
            "TIMESTAMPDIFF(DAY, a, b)",
            "POSITION('x' IN s)",
            "POSITION((a + 1) IN s FROM 2)",
            "POSITION((a IN (1)) IN s)",
            "TRIM(s)",
            "TRIM(BOTH FROM s)",
            "TRIM(LEADING 'x' FROM s)",
            "TRIM(TRAILING ' ' FROM s || 'y')",
            "TRIM('x' FROM s)",
            "SUBSTRING(s, 1, 3)",
            "`EXTRACT`(a)",
            "`POSITION`(a, b)",
            "`TIMESTAMPADD`(epoch, 1, ts)",
            "EXTRACT(DOY FROM TIMESTAMPADD(WEEK, 1, CAST(s AS TIMESTAMP(3))))",
        ] {
            same(text);
        }
        check("ceiling(ts to day)", "CEIL(ts TO DAY)");
        check("extract(isodow from ts)", "EXTRACT(ISODOW FROM ts)");
        check("substring(s from 2 for 3)", "substring(s, 2, 3)");
        check("SUBSTRING(s FROM 2)", "SUBSTRING(s, 2)");
        check("POSITION(a, b)", "`POSITION`(a, b)");
        check("TIMESTAMPADD(x, 1, ts)", "`TIMESTAMPADD`(x, 1, ts)");
        check("POSITION(a = b)", "`POSITION`(a = b)");
        assert_eq!(parse("POSITION(a + 1 IN s)").unwrap_err().at, "s)");
        assert_eq!(parse("EXTRACT(x FROM ts)").unwrap_err().at, "x FROM ts)");
        assert_eq!(parse("FLOOR(ts TO x)").unwrap_err().at, "x)");
        assert_eq!(parse("TRIM(BOTH 'x' s)").unwrap_err().at, "s)");
    }

    #[test]
    fn cast_and_case() {
        for text in [
            "CAST(a AS INT)",
            "CAST(a AS DECIMAL(10, 2) NOT NULL)",
            "TRY_CAST(a AS STRING)",
            "CAST(a AS ARRAY<ROW<x INT>>) IS NULL",
            "CAST(CAST(a AS STRING) AS BIGINT)",
            "CASE a WHEN 1 THEN 'x' ELSE 'y' END",
            "CASE WHEN a > 1 THEN 1 END",
            "CASE WHEN a > 1 THEN 1 WHEN a < 0 THEN -1 ELSE 0 END",
            "CASE WHEN a IS NULL THEN CAST(NULL AS INT) ELSE a + 1 END * 2",
        ] {
            same(text);
        }
        check("cast(a as integer)", "CAST(a AS INT)");
        check("CAST(a AS INT ARRAY)", "CAST(a AS ARRAY<INT>)");
    }

    #[test]
    fn comments_between_tokens() {
        check("a /* c */ + -- line\n b", "a + b");
        check("a--c\n-b", "a - b");
    }

    #[test]
    fn errors_point_at_the_problem() {
        let at = |text: &'static str| parse(text).unwrap_err().at;
        assert_eq!(at("a +"), "");
        assert_eq!(at("(a + b"), "");
        assert_eq!(at("f(a,)"), ",)");
        assert_eq!(parse("f(a,)").unwrap_err().reason, Reason::TrailingComma);
        assert_eq!(at("CAST(a INT)"), "INT)");
        assert_eq!(at("CASE a END"), "END");
        assert_eq!(at("CASE WHEN a THEN b"), "");
        assert_eq!(at("a IS b"), "b");
        assert_eq!(at("a BETWEEN 1 OR 2"), "OR 2");
        assert_eq!(at("a IN ()"), ")");
        assert_eq!(at("MAP[1]"), "[1]");
        assert_eq!(at("X'abc'"), "X'abc'");
        assert!(matches!(parse("value").unwrap_err().reason, Reason::ReservedWord { .. }));
        assert_eq!(at("a + value"), "value");
        assert!(matches!(parse("(SELECT 1)").unwrap_err().reason, Reason::Unsupported { .. }));
        assert!(matches!(parse("EXISTS (x)").unwrap_err().reason, Reason::Unsupported { .. }));
        assert_eq!(at("a.b.c.d(1)"), "a.b.c.d(1)");
        assert_eq!(at("a."), "");
        assert_eq!(at("INTERVAL 5 SECOND"), "5 SECOND");
        assert_eq!(at("INTERVAL '5' HOUR(11)"), "11)");
        assert_eq!(at(")"), ")");
    }

    #[test]
    fn long_chains_are_loops_not_recursion() {
        let text = vec!["1"; 100_000].join(" + ");
        let e = parse_with(&text, Depth::new(4)).unwrap();
        let Expr::Binary { rest, .. } = &e else { panic!() };
        assert_eq!(rest.len(), 99_999);
        let mixed = vec!["a * b"; 10_000].join(" - ");
        assert!(parse_with(&mixed, Depth::new(8)).is_ok());
        let logic = vec!["a = 1"; 10_000].join(" AND ");
        assert!(parse_with(&logic, Depth::new(8)).is_ok());
    }

    #[test]
    fn nesting_is_limited_by_the_depth_budget() {
        let limit = 16;
        let deepest = |open: &str, close: &str, n: usize| format!("{}1{}", open.repeat(n), close.repeat(n));
        for (open, close) in [("(", ")"), ("f(", ")"), ("NOT ", ""), ("- ", ""), ("a[", "]"), ("CAST(", " AS INT)")] {
            let mut accepted = 0;
            for n in 0..limit + 2 {
                match parse_with(&deepest(open, close, n), Depth::new(limit)) {
                    Ok(_) => accepted = n,
                    Err(e) => {
                        assert_eq!(e.reason, Reason::TooDeep { limit }, "{open}");
                        break;
                    }
                }
            }
            assert!(accepted > 0 && accepted < limit, "{open}: {accepted}");
        }
        let postfix = format!("a{}", "[1]".repeat(100));
        assert_eq!(parse_with(&postfix, Depth::new(limit)).unwrap_err().reason, Reason::TooDeep { limit });
        let is_chain = format!("a{}", " IS NULL".repeat(100));
        assert_eq!(parse_with(&is_chain, Depth::new(limit)).unwrap_err().reason, Reason::TooDeep { limit });
        let mixed = format!("a{}", " = b IS NULL".repeat(100));
        assert_eq!(parse_with(&mixed, Depth::new(limit)).unwrap_err().reason, Reason::TooDeep { limit });
    }
}
