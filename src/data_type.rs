//! Data types (docs/dialect.md#data-types): the types of columns, `ROW` fields and `CAST` targets, with their
//! parameters range-checked while parsing (`DECIMAL(39, 0)` is an error naming the range 1..38).
//!
//! The module owns `DataType`, its printing and its parser, and the interval qualifier shared with
//! interval literals (`crate::expr`). Nested types (`ARRAY<ARRAY<...>>`, `ROW<a ROW<...>>`) take one
//! level each of the `Depth` budget, so hostile nesting is an error, never a stack overflow.
//!
//! How types print. Pure synonyms print in one spelling: `INTEGER` as `INT`, `DEC` and `NUMERIC` as
//! `DECIMAL`, `DOUBLE PRECISION` as `DOUBLE`, `CHARACTER` as `CHAR`, `CHAR VARYING` as `VARCHAR`,
//! `BINARY VARYING` as `VARBINARY`, `... WITHOUT TIME ZONE` without the words, postfix collections
//! (`INT ARRAY`, `INT MULTISET`) as `ARRAY<INT>` and `MULTISET<INT>`, and `ROW(...)` as `ROW<...>`.
//! Spellings that users read differently stay as written: `STRING` is not printed as
//! `VARCHAR(2147483647)`, `BYTES` not as `VARBINARY(2147483647)`, `TIMESTAMP_LTZ(3)` not as
//! `TIMESTAMP(3) WITH LOCAL TIME ZONE`, and an omitted parameter stays omitted (`VARCHAR` is not
//! `VARCHAR(1)`). Printing then parsing gives back an equal `DataType`.

use std::fmt::{self, Write as _};

use nom::combinator::cut;
use nom::error::context;
use nom::Parser;
use serde::Serialize;

use crate::combinator::{comma_list, required};
use crate::lexical::keyword::{kw, peek_keyword, peek_kw, Keyword};
use crate::lexical::number::integer_in_range;
use crate::lexical::string::plain_string_literal;
use crate::lexical::{peek_word, punct, skip_ws, ws, Depth, Input, PResult, Reason, SyntaxError, TreeBudget};
use crate::name::{name_part, Ident};
use crate::print::{SqlWriter, ToSql};

/// The largest length of a character or binary string type (`STRING` is `VARCHAR` of this length).
pub const MAX_LENGTH: u32 = 2_147_483_647;

/// A data type with its nullability: `INT`, `DECIMAL(10, 2) NOT NULL`, `ARRAY<STRING>`,
/// `ROW<id BIGINT, tags MAP<STRING, STRING>>`.
///
/// ```
/// use flink_ddl::{parse_statement, ColumnKind, DataType, Nullability, Statement, TypeKind};
/// let Statement::CreateTable(table) = parse_statement("CREATE TABLE t (a INTEGER NOT NULL ARRAY)")? else {
///     unreachable!()
/// };
/// let ColumnKind::Physical { data_type, .. } = &table.columns[0].kind else { unreachable!() };
/// let element = DataType { kind: TypeKind::Int, nullability: Nullability::NotNull };
/// assert_eq!(data_type, &DataType::new(TypeKind::Array(Box::new(element))));
/// assert_eq!(data_type.to_string(), "ARRAY<INT NOT NULL>");
/// # Ok::<(), flink_ddl::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct DataType {
    /// The type itself.
    pub kind: TypeKind,
    /// `NULL`, `NOT NULL`, or neither.
    pub nullability: Nullability,
}

impl DataType {
    /// A type with no nullability written.
    pub fn new(kind: TypeKind) -> Self {
        DataType { kind, nullability: Nullability::Unspecified }
    }

    /// True unless `NOT NULL` was written (types are nullable by default).
    pub fn is_nullable(&self) -> bool {
        self.nullability != Nullability::NotNull
    }
}

impl ToSql for DataType {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        self.kind.write_sql(w)?;
        match self.nullability {
            Nullability::Unspecified => Ok(()),
            Nullability::Null => w.write_str(" NULL"),
            Nullability::NotNull => w.write_str(" NOT NULL"),
        }
    }
}

impl fmt::Display for DataType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::print::display(self, f)
    }
}

/// Whether a type was written `NULL`, `NOT NULL`, or neither (which means nullable).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub enum Nullability {
    /// Nothing written: nullable.
    #[default]
    Unspecified,
    /// `NULL` written.
    Null,
    /// `NOT NULL` written.
    NotNull,
}

/// The type without its nullability. Parameters are `None` when omitted (each type's default then
/// applies: see docs/dialect.md#data-types); the parser keeps them in range.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum TypeKind {
    /// `CHAR[(n)]` (also `CHARACTER`), n in 1..=2147483647, default 1.
    Char(Option<u32>),
    /// `VARCHAR[(n)]` (also `CHAR VARYING`, `CHARACTER VARYING`), n in 1..=2147483647, default 1.
    Varchar(Option<u32>),
    /// `STRING`: `VARCHAR(2147483647)`, printed as `STRING`.
    String,
    /// `BINARY[(n)]`, n in 1..=2147483647, default 1.
    Binary(Option<u32>),
    /// `VARBINARY[(n)]` (also `BINARY VARYING`), n in 1..=2147483647, default 1.
    Varbinary(Option<u32>),
    /// `BYTES`: `VARBINARY(2147483647)`, printed as `BYTES`.
    Bytes,
    /// `TINYINT`
    TinyInt,
    /// `SMALLINT`
    SmallInt,
    /// `INT` or `INTEGER` (printed `INT`).
    Int,
    /// `BIGINT`
    BigInt,
    /// `DECIMAL[(p[, s])]` (also `DEC`, `NUMERIC`): p in 1..=38 (default 10), s in 0..=p (default 0).
    /// A scale is printed only with a precision.
    Decimal {
        /// Total number of digits.
        precision: Option<u32>,
        /// Digits after the point.
        scale: Option<u32>,
    },
    /// `FLOAT`
    Float,
    /// `DOUBLE` or `DOUBLE PRECISION` (printed `DOUBLE`).
    Double,
    /// `BOOLEAN`
    Boolean,
    /// `NULL`: the type of the untyped `NULL` literal.
    Null,
    /// `DATE`
    Date,
    /// `TIME[(p)] [WITHOUT TIME ZONE]`, p in 0..=9, default 0.
    Time(Option<u32>),
    /// `TIMESTAMP[(p)]` with its time zone clause; p in 0..=9, default 6.
    Timestamp {
        /// Fractional digits of the seconds.
        precision: Option<u32>,
        /// `WITHOUT TIME ZONE` (or nothing), `WITH LOCAL TIME ZONE`, `WITH TIME ZONE`.
        time_zone: TimeZone,
    },
    /// `TIMESTAMP_LTZ[(p)]`: `TIMESTAMP[(p)] WITH LOCAL TIME ZONE`, spelt short; p in 0..=9, default 6.
    TimestampLtz(Option<u32>),
    /// `INTERVAL <qualifier>`: `INTERVAL DAY(2) TO SECOND(3)`, `INTERVAL YEAR TO MONTH`, ...
    Interval(IntervalQualifier),
    /// `ARRAY<t>` or `t ARRAY`.
    Array(Box<DataType>),
    /// `MULTISET<t>` or `t MULTISET`.
    Multiset(Box<DataType>),
    /// `MAP<k, v>`.
    Map {
        /// The key type.
        key: Box<DataType>,
        /// The value type.
        value: Box<DataType>,
    },
    /// `ROW<name t ['description'], ...>` or `ROW(...)`; may be empty.
    Row(Vec<RowField>),
    /// `VARIANT`: semi-structured data of any shape (Flink 2.x's built-in type).
    Variant,
    /// `BITMAP`: a set of 32-bit integers (Flink 2.x's built-in type); it takes no parameter.
    Bitmap,
}

impl ToSql for TypeKind {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        match self {
            TypeKind::Char(n) => with_parameter(w, "CHAR", *n),
            TypeKind::Varchar(n) => with_parameter(w, "VARCHAR", *n),
            TypeKind::String => w.write_str("STRING"),
            TypeKind::Binary(n) => with_parameter(w, "BINARY", *n),
            TypeKind::Varbinary(n) => with_parameter(w, "VARBINARY", *n),
            TypeKind::Bytes => w.write_str("BYTES"),
            TypeKind::TinyInt => w.write_str("TINYINT"),
            TypeKind::SmallInt => w.write_str("SMALLINT"),
            TypeKind::Int => w.write_str("INT"),
            TypeKind::BigInt => w.write_str("BIGINT"),
            TypeKind::Decimal { precision, scale } => {
                w.write_str("DECIMAL")?;
                match (precision, scale) {
                    (None, None) => Ok(()),
                    (Some(p), None) => write!(w, "({p})"),
                    (p, Some(s)) => write!(w, "({}, {s})", p.unwrap_or(DEFAULT_DECIMAL_PRECISION)),
                }
            }
            TypeKind::Float => w.write_str("FLOAT"),
            TypeKind::Double => w.write_str("DOUBLE"),
            TypeKind::Boolean => w.write_str("BOOLEAN"),
            TypeKind::Null => w.write_str("NULL"),
            TypeKind::Date => w.write_str("DATE"),
            TypeKind::Time(p) => with_parameter(w, "TIME", *p),
            TypeKind::Timestamp { precision, time_zone } => {
                with_parameter(w, "TIMESTAMP", *precision)?;
                match time_zone {
                    TimeZone::Without => Ok(()),
                    TimeZone::WithLocal => w.write_str(" WITH LOCAL TIME ZONE"),
                    TimeZone::With => w.write_str(" WITH TIME ZONE"),
                }
            }
            TypeKind::TimestampLtz(p) => with_parameter(w, "TIMESTAMP_LTZ", *p),
            TypeKind::Interval(qualifier) => {
                w.write_str("INTERVAL ")?;
                qualifier.write_sql(w)
            }
            TypeKind::Array(element) => collection(w, "ARRAY", element),
            TypeKind::Multiset(element) => collection(w, "MULTISET", element),
            TypeKind::Map { key, value } => {
                w.write_str("MAP<")?;
                key.write_sql(w)?;
                w.write_str(", ")?;
                value.write_sql(w)?;
                w.write_str(">")
            }
            TypeKind::Row(fields) => {
                w.write_str("ROW<")?;
                w.comma_separated(fields)?;
                w.write_str(">")
            }
            TypeKind::Variant => w.write_str("VARIANT"),
            TypeKind::Bitmap => w.write_str("BITMAP"),
        }
    }
}

const DEFAULT_DECIMAL_PRECISION: u32 = 10;

fn with_parameter(w: &mut SqlWriter<'_>, name: &str, parameter: Option<u32>) -> fmt::Result {
    w.write_str(name)?;
    match parameter {
        Some(n) => write!(w, "({n})"),
        None => Ok(()),
    }
}

fn collection(w: &mut SqlWriter<'_>, name: &str, element: &DataType) -> fmt::Result {
    w.write_str(name)?;
    w.write_str("<")?;
    element.write_sql(w)?;
    w.write_str(">")
}

/// The time zone clause of `TIMESTAMP`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub enum TimeZone {
    /// Nothing, or `WITHOUT TIME ZONE` (printed as nothing).
    #[default]
    Without,
    /// `WITH LOCAL TIME ZONE`
    WithLocal,
    /// `WITH TIME ZONE` (documented by Confluent; upstream Flink does not support it).
    With,
}

/// One field of a `ROW`: `name type ['description']`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct RowField {
    /// The field's name.
    pub name: Ident,
    /// The field's type.
    pub data_type: DataType,
    /// The description string, if any.
    pub description: Option<String>,
}

impl ToSql for RowField {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        self.name.write_sql(w)?;
        w.write_str(" ")?;
        self.data_type.write_sql(w)?;
        if let Some(description) = &self.description {
            w.write_str(" ")?;
            w.string_literal(description)?;
        }
        Ok(())
    }
}

/// A unit of an interval qualifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum TimeUnit {
    /// `YEAR`
    Year,
    /// `MONTH`
    Month,
    /// `DAY`
    Day,
    /// `HOUR`
    Hour,
    /// `MINUTE`
    Minute,
    /// `SECOND`
    Second,
}

impl TimeUnit {
    fn as_str(self) -> &'static str {
        match self {
            TimeUnit::Year => "YEAR",
            TimeUnit::Month => "MONTH",
            TimeUnit::Day => "DAY",
            TimeUnit::Hour => "HOUR",
            TimeUnit::Minute => "MINUTE",
            TimeUnit::Second => "SECOND",
        }
    }

    fn of_keyword(k: Keyword) -> Option<TimeUnit> {
        Some(match k {
            Keyword::Year => TimeUnit::Year,
            Keyword::Month => TimeUnit::Month,
            Keyword::Day => TimeUnit::Day,
            Keyword::Hour => TimeUnit::Hour,
            Keyword::Minute => TimeUnit::Minute,
            Keyword::Second => TimeUnit::Second,
            _ => return None,
        })
    }

    /// True when `self TO end` is a valid range: `YEAR TO MONTH`, or from a larger to a smaller
    /// unit among `DAY`, `HOUR`, `MINUTE`, `SECOND`.
    fn may_end_with(self, end: TimeUnit) -> bool {
        use TimeUnit::*;
        matches!(
            (self, end),
            (Year, Month) | (Day, Hour | Minute | Second) | (Hour, Minute | Second) | (Minute, Second)
        )
    }
}

/// The unit range of an interval type or literal: `DAY`, `DAY(3) TO SECOND(6)`, `YEAR TO MONTH`.
///
/// In a type (`INTERVAL SECOND(3)`) the number after a lone `SECOND` is the fractional precision,
/// as Confluent's Data Types page has it, and is kept in `fractional_precision`. In a literal
/// (`INTERVAL '90' SECOND(3)`), Calcite's rules apply: the first number after any unit is its leading
/// precision and `SECOND(p, f)` gives both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct IntervalQualifier {
    /// The first (largest) unit.
    pub start: TimeUnit,
    /// The leading precision: `DAY(p)`, `YEAR(p)`.
    pub start_precision: Option<u32>,
    /// The last unit, after `TO`.
    pub end: Option<TimeUnit>,
    /// The digits of the fraction of a second: `TO SECOND(f)`, `SECOND(p, f)`, or a lone `SECOND(f)` in a type.
    pub fractional_precision: Option<u32>,
}

impl IntervalQualifier {
    /// A qualifier of one unit with no precision: `DAY`, `SECOND`.
    pub fn unit(start: TimeUnit) -> Self {
        IntervalQualifier { start, start_precision: None, end: None, fractional_precision: None }
    }
}

impl ToSql for IntervalQualifier {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str(self.start.as_str())?;
        match (self.end, self.start, self.start_precision, self.fractional_precision) {
            (None, TimeUnit::Second, Some(p), Some(f)) => write!(w, "({p}, {f})")?,
            (None, TimeUnit::Second, None, Some(f)) => write!(w, "({f})")?,
            (_, _, Some(p), _) => write!(w, "({p})")?,
            _ => {}
        }
        if let Some(end) = self.end {
            w.write_str(" TO ")?;
            w.write_str(end.as_str())?;
            if let (TimeUnit::Second, Some(f)) = (end, self.fractional_precision) {
                write!(w, "({f})")?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for IntervalQualifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::print::display(self, f)
    }
}

// ---- Parsers ----

/// A data type with its nullability and any postfix collections: `t [NULL | NOT NULL]
/// { (ARRAY | MULTISET) [NULL | NOT NULL] }`. A recoverable error when the input does not start
/// with a type name, so that the caller decides what else was expected.
///
/// Stack use: the functions on the path of nested types (`data_type`, `type_with_nullability`,
/// `type_name`, `collection_type`, `element_type`, `map_type`, `row_fields`, `row_field`) do little each
/// and hand every form to a function of its own, as `expr_bp` in `crate::expr` (`climb.rs`) explains.
pub(crate) fn data_type(i: Input<'_>, depth: Depth) -> PResult<'_, DataType> {
    let depth = depth.enter(skip_ws(i))?;
    match type_with_nullability(i, depth) {
        Ok((rest, data_type)) => postfix_collections(rest, data_type, depth),
        Err(e) => Err(e),
    }
}

/// `data_type` for a caller that has already read the first word: `at` is after the blanks and
/// `word` is `peek_word(at)`, not empty. A column reads the word after its name to tell `AS` from
/// a type, and the type then starts from it instead of skipping the blanks and reading it again.
pub(crate) fn data_type_at_word<'a>(at: Input<'a>, word: &'a str, depth: Depth) -> PResult<'a, DataType> {
    let depth = depth.enter(at)?;
    let (rest, kind) = type_name_at(at, word, depth)?;
    // After most types of a table comes `,` or `)`: no nullability, no postfix collection.
    if matches!(skip_ws(rest).as_bytes().first(), Some(b',' | b')')) {
        return Ok((rest, DataType::new(kind)));
    }
    let (rest, nullability) = nullability(rest)?;
    let data_type = DataType { kind, nullability };
    // `ARRAY` and `MULTISET` are words: after most types a `,` or `)` follows, told here.
    if !skip_ws(rest).as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
        return Ok((rest, data_type));
    }
    postfix_collections(rest, data_type, depth)
}

/// `{ (ARRAY | MULTISET) [NULL | NOT NULL] }` after a type.
fn postfix_collections(mut i: Input<'_>, mut data_type: DataType, mut depth: Depth) -> PResult<'_, DataType> {
    loop {
        let at = skip_ws(i);
        let wrap = match peek_keyword(at) {
            Some(Keyword::Array) => TypeKind::Array,
            Some(Keyword::Multiset) => TypeKind::Multiset,
            _ => return Ok((i, data_type)),
        };
        // Each postfix collection is one more level of the AST: it takes one more of the budget,
        // so `INT ARRAY ARRAY ...` cannot build a type too deep to print or drop.
        depth = depth.enter(at)?;
        let rest = &at[peek_word(at).len()..];
        let (rest, nullability) = nullability(rest)?;
        data_type = DataType { kind: wrap(Box::new(data_type)), nullability };
        i = rest;
    }
}

/// A type that must be there, committed ("expected a data type" when none starts here).
pub(crate) fn required_data_type(i: Input<'_>, depth: Depth) -> PResult<'_, DataType> {
    required(i, "a data type", |i| data_type(i, depth))
}

/// The element of `ARRAY<...>` or `MULTISET<...>`: a type without postfix collections (Flink
/// refuses `ARRAY<INT ARRAY>`).
fn element_type(i: Input<'_>, depth: Depth) -> PResult<'_, DataType> {
    let depth = depth.enter(skip_ws(i))?;
    let (i, data_type) = required(i, "a data type", |i| type_with_nullability(i, depth))?;
    let at = skip_ws(i);
    if matches!(peek_keyword(at), Some(Keyword::Array | Keyword::Multiset)) {
        let what = "a postfix `ARRAY` or `MULTISET` as the element of `ARRAY<...>` or `MULTISET<...>`";
        let hint = "write the element with angle brackets, e.g. `ARRAY<ARRAY<INT>>`";
        return SyntaxError::new(at, Reason::Unsupported { what, hint }).fail();
    }
    Ok((i, data_type))
}

fn type_with_nullability(i: Input<'_>, depth: Depth) -> PResult<'_, DataType> {
    let (i, kind) = type_name(i, depth)?;
    let (i, nullability) = nullability(i)?;
    Ok((i, DataType { kind, nullability }))
}

/// `[NULL | NOT NULL]`. After a type, `NOT` can only start `NOT NULL`. Inlined: after most
/// types the next token is `,` or `)`, which `peek_keyword` tells at once.
#[inline(always)]
fn nullability(i: Input<'_>) -> PResult<'_, Nullability> {
    match peek_keyword(i) {
        Some(Keyword::Not) => {
            let (i, ()) = kw(Keyword::Not).parse(i)?;
            let (i, ()) = cut(kw(Keyword::Null)).parse(i)?;
            Ok((i, Nullability::NotNull))
        }
        Some(Keyword::Null) => kw(Keyword::Null).map(|()| Nullability::Null).parse(i),
        _ => Ok((i, Nullability::Unspecified)),
    }
}

/// The words a type starts with, for "did you mean" hints in error messages.
pub(crate) const TYPE_NAMES: &[&str] = &[
    "CHAR",
    "CHARACTER",
    "VARCHAR",
    "STRING",
    "BINARY",
    "VARBINARY",
    "BYTES",
    "TINYINT",
    "SMALLINT",
    "INT",
    "INTEGER",
    "BIGINT",
    "DECIMAL",
    "NUMERIC",
    "FLOAT",
    "DOUBLE",
    "BOOLEAN",
    "DATE",
    "TIME",
    "TIMESTAMP",
    "TIMESTAMP_LTZ",
    "INTERVAL",
    "ARRAY",
    "MULTISET",
    "MAP",
    "ROW",
    "VARIANT",
    "BITMAP",
];

/// The type itself, dispatched on its first word (one keyword lookup, not one attempt per type).
fn type_name(i: Input<'_>, depth: Depth) -> PResult<'_, TypeKind> {
    let (i, ()) = ws(i)?;
    type_name_at(i, peek_word(i), depth)
}

/// `type_name` at `i` (after blanks), whose word (possibly empty) is `word`.
#[inline]
fn type_name_at<'a>(i: Input<'a>, word: &'a str, depth: Depth) -> PResult<'a, TypeKind> {
    let Some(keyword) = type_keyword_at(i, word.len()).or_else(|| Keyword::of_word(word)) else {
        return user_defined_type(i);
    };
    let rest = &i[word.len()..];
    match keyword {
        Keyword::Array | Keyword::Multiset => collection_type(rest, keyword, depth),
        Keyword::Map => map_type(rest, depth),
        Keyword::Row => row_fields(rest, depth),
        Keyword::Raw => {
            let what = "`RAW` types";
            let hint = "declare the column with one of the SQL data types, e.g. `BYTES` for serialized values";
            SyntaxError::new(i, Reason::Unsupported { what, hint }).fail()
        }
        _ => scalar_type(i, rest, keyword),
    }
}

/// The keyword of a type name (`TYPE_NAMES`), in any case; `None` for any other word, which then
/// goes through the general keyword lookup. Every column reads a type, and this costs one load
/// of the word, one multiplication and one comparison (see `TYPE_WORDS`).
#[cfg(test)]
fn type_keyword(word: &str) -> Option<Keyword> {
    type_keyword_at(word, word.len())
}

/// `type_keyword` of the word of `len` bytes at the start of `i`.
#[inline]
fn type_keyword_at(i: &str, len: usize) -> Option<Keyword> {
    if len > 16 {
        return None;
    }
    let packed = match i.as_bytes().first_chunk::<16>() {
        // One load, the bytes after the word masked off, when the input has 16 bytes here.
        Some(head) => u128::from_le_bytes(*head) & TYPE_WORD_MASKS[len],
        None => pack_type_word(&i.as_bytes()[..len]),
    };
    // One multiplication and one comparison: no tree of comparisons, whose branches the random
    // order of a table's types would keep mispredicting.
    let (word, keyword) = TYPE_WORDS[type_word_slot(packed)];
    if word == packed {
        keyword
    } else {
        None
    }
}

/// The type names and their keywords, for `TYPE_WORDS`.
const TYPE_KEYWORDS: [(&[u8], Keyword); 28] = [
    (b"CHAR", Keyword::Char),
    (b"CHARACTER", Keyword::Character),
    (b"VARCHAR", Keyword::Varchar),
    (b"STRING", Keyword::String),
    (b"BINARY", Keyword::Binary),
    (b"VARBINARY", Keyword::Varbinary),
    (b"BYTES", Keyword::Bytes),
    (b"TINYINT", Keyword::Tinyint),
    (b"SMALLINT", Keyword::Smallint),
    (b"INT", Keyword::Int),
    (b"INTEGER", Keyword::Integer),
    (b"BIGINT", Keyword::Bigint),
    (b"DECIMAL", Keyword::Decimal),
    (b"NUMERIC", Keyword::Numeric),
    (b"FLOAT", Keyword::Float),
    (b"DOUBLE", Keyword::Double),
    (b"BOOLEAN", Keyword::Boolean),
    (b"DATE", Keyword::Date),
    (b"TIME", Keyword::Time),
    (b"TIMESTAMP", Keyword::Timestamp),
    (b"TIMESTAMP_LTZ", Keyword::TimestampLtz),
    (b"INTERVAL", Keyword::Interval),
    (b"ARRAY", Keyword::Array),
    (b"MULTISET", Keyword::Multiset),
    (b"MAP", Keyword::Map),
    (b"ROW", Keyword::Row),
    (b"VARIANT", Keyword::Variant),
    (b"BITMAP", Keyword::Bitmap),
];

/// The slot of a packed word in `TYPE_WORDS`: a multiplicative hash, its multiplier chosen so
/// that the 28 type names fall in distinct slots of 64 (building the table checks it).
#[inline]
const fn type_word_slot(packed: u128) -> usize {
    let folded = (packed as u64) ^ ((packed >> 64) as u64);
    (folded.wrapping_mul(0xd269_09ba_7f32_e071) >> 58) as usize
}

/// Each type name, packed, at its `type_word_slot`, with its keyword; the other slots hold a
/// value no word packs to (a word's first byte is never zero, the empty word aside, whose slot
/// holds no keyword either way).
static TYPE_WORDS: [(u128, Option<Keyword>); 64] = {
    let mut table = [(0u128, None); 64];
    let mut n = 0;
    while n < TYPE_KEYWORDS.len() {
        let (word, keyword) = TYPE_KEYWORDS[n];
        let packed = pack_type_word(word);
        let slot = type_word_slot(packed);
        assert!(table[slot].1.is_none(), "two type names share a slot: choose another multiplier");
        table[slot] = (packed, Some(keyword));
        n += 1;
    }
    table
};

/// For a word of `n` bytes (the index), the mask that keeps its bytes, bit 5 cleared, and
/// clears the bytes after it: `pack_type_word` applied to a 16-byte load.
static TYPE_WORD_MASKS: [u128; 17] = {
    // 0xDF in each of the low `n` bytes: `& !0x20` for the word, zero after it.
    let mut masks = [0u128; 17];
    let mut n = 1;
    while n <= 16 {
        masks[n] = masks[n - 1] | 0xDF << (8 * (n - 1));
        n += 1;
    }
    masks
};

/// Up to 16 bytes as one integer with bit 5 of every byte cleared: letters become upper case,
/// `_` stays; other word bytes (digits, `$`) become control bytes, which no type name has, so
/// they cannot make a false match. Words have no NUL, so the zero padding tells lengths apart.
const fn pack_type_word(bytes: &[u8]) -> u128 {
    // Byte stores into a buffer: shifting a `u128` per byte costs several instructions each.
    let mut buf = [0u8; 16];
    let mut k = 0;
    while k < bytes.len() && k < 16 {
        buf[k] = bytes[k] & !0x20;
        k += 1;
    }
    u128::from_le_bytes(buf)
}

/// A name where a type belongs. Flink's parser reads `[catalog.][database.]name` there as a
/// user-defined type; this dialect has no CREATE TYPE, so such a name is refused with a hint,
/// at the name. A name that looks like a misspelt type name (`INTT`, `INVERVAL`) stays an
/// "expected a data type" error, which suggests the type.
fn user_defined_type(i: Input<'_>) -> PResult<'_, TypeKind> {
    let looks_like_a_name = i.starts_with('`') || i.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    let misspelt =
        crate::lexical::likely_meant(&peek_word(i).to_ascii_uppercase(), TYPE_NAMES.iter().copied()).is_some();
    if !looks_like_a_name || misspelt {
        return SyntaxError::expected(i, "a data type").backtrack();
    }
    let what = "user-defined types";
    let hint =
        "it has no CREATE TYPE, so declare the column with a built-in type such as `STRING`, `BIGINT` or `ROW<...>`";
    SyntaxError::new(i, Reason::Unsupported { what, hint }).fail()
}

/// `ARRAY<t>` or `MULTISET<t>`, after the keyword.
fn collection_type(i: Input<'_>, keyword: Keyword, depth: Depth) -> PResult<'_, TypeKind> {
    let (i, ()) = cut(punct("<")).parse(i)?;
    let (i, element) = element_type(i, depth)?;
    let (i, ()) = cut(punct(">")).parse(i)?;
    let element = Box::new(element);
    let kind = if keyword == Keyword::Array { TypeKind::Array(element) } else { TypeKind::Multiset(element) };
    Ok((i, kind))
}

/// `MAP<k, v>`, after `MAP`.
fn map_type(i: Input<'_>, depth: Depth) -> PResult<'_, TypeKind> {
    let (i, ()) = cut(punct("<")).parse(i)?;
    let (i, key) = required_data_type(i, depth)?;
    let (i, ()) = cut(context("`,` and the value type (`MAP<key, value>`)", punct(","))).parse(i)?;
    let (i, value) = required_data_type(i, depth)?;
    let (i, ()) = cut(punct(">")).parse(i)?;
    Ok((i, TypeKind::Map { key: Box::new(key), value: Box::new(value) }))
}

/// A type that holds no other type; `at` is at its keyword, `rest` right after it.
fn scalar_type<'a>(at: Input<'a>, rest: Input<'a>, keyword: Keyword) -> PResult<'a, TypeKind> {
    let simple = |kind: TypeKind| Ok((rest, kind));
    match keyword {
        Keyword::Char | Keyword::Character => {
            if peek_kw(rest, Keyword::Varying) {
                let (rest, ()) = kw(Keyword::Varying).parse(rest)?;
                return length(rest, "VARCHAR").map(|(r, n)| (r, TypeKind::Varchar(n)));
            }
            length(rest, "CHAR").map(|(r, n)| (r, TypeKind::Char(n)))
        }
        Keyword::Varchar => length(rest, "VARCHAR").map(|(r, n)| (r, TypeKind::Varchar(n))),
        Keyword::String => simple(TypeKind::String),
        Keyword::Binary => {
            if peek_kw(rest, Keyword::Varying) {
                let (rest, ()) = kw(Keyword::Varying).parse(rest)?;
                return length(rest, "VARBINARY").map(|(r, n)| (r, TypeKind::Varbinary(n)));
            }
            length(rest, "BINARY").map(|(r, n)| (r, TypeKind::Binary(n)))
        }
        Keyword::Varbinary => length(rest, "VARBINARY").map(|(r, n)| (r, TypeKind::Varbinary(n))),
        Keyword::Bytes => simple(TypeKind::Bytes),
        Keyword::Tinyint => simple(TypeKind::TinyInt),
        Keyword::Smallint => simple(TypeKind::SmallInt),
        Keyword::Int | Keyword::Integer => simple(TypeKind::Int),
        Keyword::Bigint => simple(TypeKind::BigInt),
        Keyword::Decimal | Keyword::Dec | Keyword::Numeric => decimal(rest),
        Keyword::Float => simple(TypeKind::Float),
        Keyword::Double => {
            let (rest, _) = nom::combinator::opt(kw(Keyword::Precision)).parse(rest)?;
            Ok((rest, TypeKind::Double))
        }
        Keyword::Boolean => simple(TypeKind::Boolean),
        Keyword::Variant => simple(TypeKind::Variant),
        Keyword::Bitmap => simple(TypeKind::Bitmap),
        Keyword::Null => simple(TypeKind::Null),
        Keyword::Date => simple(TypeKind::Date),
        Keyword::Time => {
            let (rest, precision) = optional_parameter(rest, "the precision of TIME", 0, 9)?;
            let (rest, _) = without_time_zone(rest)?;
            Ok((rest, TypeKind::Time(precision)))
        }
        Keyword::Timestamp => {
            let (rest, precision) = optional_parameter(rest, "the precision of TIMESTAMP", 0, 9)?;
            let (rest, time_zone) = time_zone(rest)?;
            Ok((rest, TypeKind::Timestamp { precision, time_zone }))
        }
        Keyword::TimestampLtz => {
            let (rest, precision) = optional_parameter(rest, "the precision of TIMESTAMP_LTZ", 0, 9)?;
            Ok((rest, TypeKind::TimestampLtz(precision)))
        }
        Keyword::Interval => {
            let (rest, qualifier) = cut(|i| interval_qualifier(i, QualifierRules::Type)).parse(rest)?;
            Ok((rest, TypeKind::Interval(qualifier)))
        }
        _ => SyntaxError::expected(at, "a data type").backtrack(),
    }
}

/// `[(n)]` of a character or binary string type: n in 1..=2147483647.
fn length<'a>(i: Input<'a>, type_name: &'static str) -> PResult<'a, Option<u32>> {
    let what = match type_name {
        "CHAR" => "the length of CHAR",
        "VARCHAR" => "the length of VARCHAR",
        "BINARY" => "the length of BINARY",
        _ => "the length of VARBINARY",
    };
    optional_parameter(i, what, 1, u64::from(MAX_LENGTH))
}

/// `[( n )]` with n in `min..=max`.
fn optional_parameter<'a>(i: Input<'a>, what: &'static str, min: u64, max: u64) -> PResult<'a, Option<u32>> {
    // The brackets read in place: this runs after every TIMESTAMP, VARCHAR, ... of a table.
    let Some(after_open) = skip_ws(i).strip_prefix('(') else { return Ok((i, None)) };
    // The usual `(3)`, `(255)`: digits and `)` right after the `(`, read in one go. Anything
    // else (blanks, a comment, a value out of range) takes the general path and its errors.
    if let Some((n, rest)) = tight_integer(after_open, b')') {
        if (min..=max).contains(&n) {
            return Ok((rest, Some(n as u32)));
        }
    }
    let (i, n) = integer_in_range(after_open, what, min, max)?;
    let (i, ()) = ws(i)?;
    match i.strip_prefix(')') {
        Some(rest) => Ok((rest, Some(n))),
        None => SyntaxError::expected(i, "`)`").fail(),
    }
}

/// At the start of `text`: 1 to 9 ASCII digits, their value and the input after them, when
/// `end` follows them at once. A parameter's fast path: no blanks, no error to build.
#[inline]
fn tight_integer(text: &str, end: u8) -> Option<(u64, &str)> {
    let bytes = text.as_bytes();
    let mut value = 0u64;
    let mut len = 0;
    while let Some(&b) = bytes.get(len) {
        if !b.is_ascii_digit() || len == 9 {
            break;
        }
        value = value * 10 + u64::from(b - b'0');
        len += 1;
    }
    // `end` is ASCII, so the slice after it starts a character.
    (len > 0 && bytes.get(len) == Some(&end)).then(|| (value, &text[len + 1..]))
}

/// `[(p [, s])]` after `DECIMAL`: p in 1..=38, s in 0..=p.
fn decimal(i: Input<'_>) -> PResult<'_, TypeKind> {
    // The usual `(p, s)` and `(p)` without blanks inside, read in one go; anything else (and
    // every error) takes the general path below.
    if let Some(after_open) = skip_ws(i).strip_prefix('(') {
        if let Some((precision, rest)) = tight_integer(after_open, b')') {
            if (1..=38).contains(&precision) {
                return Ok((rest, TypeKind::Decimal { precision: Some(precision as u32), scale: None }));
            }
        } else if let Some((precision, after_comma)) = tight_integer(after_open, b',') {
            let after_comma = after_comma.strip_prefix(' ').unwrap_or(after_comma);
            if let Some((scale, rest)) = tight_integer(after_comma, b')') {
                if (1..=38).contains(&precision) && scale <= precision {
                    let (precision, scale) = (Some(precision as u32), Some(scale as u32));
                    return Ok((rest, TypeKind::Decimal { precision, scale }));
                }
            }
        }
    }
    let Ok((i, ())) = punct("(").parse(i) else { return Ok((i, TypeKind::Decimal { precision: None, scale: None })) };
    let (i, precision) = integer_in_range(i, "the precision of DECIMAL", 1, 38)?;
    let (i, scale) = match punct(",").parse(i) {
        Ok((i, ())) => {
            let (i, scale) = integer_in_range(i, "the scale of DECIMAL", 0, u64::from(precision))?;
            (i, Some(scale))
        }
        Err(_) => (i, None),
    };
    let (i, ()) = cut(punct(")")).parse(i)?;
    Ok((i, TypeKind::Decimal { precision: Some(precision), scale }))
}

/// True when the next token (after blanks) starts with `w` or `W`, as `WITH` and `WITHOUT` do.
#[inline]
fn next_starts_with_w(i: Input<'_>) -> bool {
    skip_ws(i).as_bytes().first().is_some_and(|&b| b | 0x20 == b'w')
}

/// `[WITHOUT TIME ZONE]`
fn without_time_zone(i: Input<'_>) -> PResult<'_, bool> {
    if !next_starts_with_w(i) || !peek_kw(i, Keyword::Without) {
        return Ok((i, false));
    }
    let (i, ()) = kw(Keyword::Without).parse(i)?;
    let (i, ()) = cut((kw(Keyword::Time), kw(Keyword::Zone))).map(|_| ()).parse(i)?;
    Ok((i, true))
}

/// `[WITHOUT TIME ZONE | WITH LOCAL TIME ZONE | WITH TIME ZONE]` after `TIMESTAMP[(p)]`.
fn time_zone(i: Input<'_>) -> PResult<'_, TimeZone> {
    // After most `TIMESTAMP(p)` comes `,`, `)` or `NOT NULL`: neither WITH nor WITHOUT.
    if !next_starts_with_w(i) {
        return Ok((i, TimeZone::Without));
    }
    let (i, without) = without_time_zone(i)?;
    if without || !peek_kw(i, Keyword::With) {
        return Ok((i, TimeZone::Without));
    }
    let (after_with, ()) = kw(Keyword::With).parse(i)?;
    match peek_keyword(after_with) {
        Some(Keyword::Local) => {
            let (rest, _) = (kw(Keyword::Local), cut((kw(Keyword::Time), kw(Keyword::Zone)))).parse(after_with)?;
            Ok((rest, TimeZone::WithLocal))
        }
        Some(Keyword::Time) => {
            let (rest, _) = (kw(Keyword::Time), cut(kw(Keyword::Zone))).parse(after_with)?;
            Ok((rest, TimeZone::With))
        }
        // Not a time zone clause: leave `WITH` to whoever comes next.
        _ => Ok((i, TimeZone::Without)),
    }
}

/// `ROW<field, ...>` or `ROW(field, ...)`, possibly empty; after `ROW`.
fn row_fields(i: Input<'_>, depth: Depth) -> PResult<'_, TypeKind> {
    let (i, close) = match punct("<").parse(i) {
        Ok((i, ())) => (i, '>'),
        Err(_) => {
            let at = skip_ws(i);
            if let Some(rest) = at.strip_prefix('(') {
                (rest, ')')
            } else {
                let err = SyntaxError::expected(at, "`<`");
                return nom::error::ParseError::or(err, SyntaxError::expected(at, "`(`")).fail();
            }
        }
    };
    let mut fields = Vec::new();
    let (at, ()) = ws(i)?;
    if let Some(rest) = at.strip_prefix(close) {
        return Ok((rest, TypeKind::Row(fields)));
    }
    let (rest, ()) = comma_list(i, close, TreeBudget::item::<RowField>(), |i| {
        let (rest, field) = row_field(i, depth)?;
        fields.push(field);
        Ok((rest, ()))
    })?;
    Ok((rest, TypeKind::Row(fields)))
}

/// `name type ['description']`
fn row_field(i: Input<'_>, depth: Depth) -> PResult<'_, RowField> {
    let (i, name) = cut(context("a field name", name_part)).parse(i)?;
    let (i, data_type) = required_data_type(i, depth)?;
    let (i, description) = nom::combinator::opt(plain_string_literal).parse(i)?;
    Ok((i, RowField { name, data_type, description }))
}

/// Which interval qualifiers are allowed: those of types (Confluent's Data Types page) or those of literals
/// (Calcite's: a leading precision on any unit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QualifierRules {
    Type,
    Literal,
}

/// `unit [(p [, f])] [TO unit [(f)]]`, checked against `rules`.
pub(crate) fn interval_qualifier(i: Input<'_>, rules: QualifierRules) -> PResult<'_, IntervalQualifier> {
    let (i, start) = time_unit(i, rules)?;
    let mut qualifier = IntervalQualifier::unit(start);
    let (i, (first, second)) = unit_precision(i, start, rules, Position::Start)?;
    match (rules, start) {
        (QualifierRules::Type, TimeUnit::Second) => qualifier.fractional_precision = first,
        _ => {
            qualifier.start_precision = first;
            qualifier.fractional_precision = second;
        }
    }
    if !peek_kw(i, Keyword::To) {
        return Ok((i, qualifier));
    }
    let (i, ()) = kw(Keyword::To).parse(i)?;
    let end_at = skip_ws(i);
    let (i, end) = cut(|i| time_unit(i, rules)).parse(i)?;
    if !start.may_end_with(end) {
        let message = format!("`{} TO {}` is not an interval qualifier", start.as_str(), end.as_str());
        return SyntaxError::new(end_at, Reason::Message(message)).fail();
    }
    if qualifier.fractional_precision.is_some() {
        let message = "the fractional precision goes after `TO SECOND`, not after the first unit".to_owned();
        return SyntaxError::new(end_at, Reason::Message(message)).fail();
    }
    let (i, (fraction, _)) = unit_precision(i, end, rules, Position::End)?;
    qualifier.end = Some(end);
    qualifier.fractional_precision = fraction;
    Ok((i, qualifier))
}

/// A unit of a qualifier. In a literal, Calcite (and so Flink) also takes the plural
/// (`INTERVAL '5' SECONDS`, as Flink's DESCRIBE page writes it); it means the singular and is
/// printed so.
fn time_unit(i: Input<'_>, rules: QualifierRules) -> PResult<'_, TimeUnit> {
    let (i, ()) = ws(i)?;
    let word = peek_word(i);
    let singular = match word.len().checked_sub(1).map(|n| word.split_at(n)) {
        Some((stem, "s" | "S")) if rules == QualifierRules::Literal => stem,
        _ => word,
    };
    match Keyword::of_word(singular).and_then(TimeUnit::of_keyword) {
        Some(unit) => Ok((&i[word.len()..], unit)),
        None => SyntaxError::expected(i, "a time unit (YEAR, MONTH, DAY, HOUR, MINUTE or SECOND)").backtrack(),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Position {
    Start,
    End,
}

/// The parenthesised numbers after a unit of a qualifier, as `rules` allow them there.
fn unit_precision(
    i: Input<'_>,
    unit: TimeUnit,
    rules: QualifierRules,
    position: Position,
) -> PResult<'_, (Option<u32>, Option<u32>)> {
    let at = skip_ws(i);
    let Ok((i, ())) = punct("(").parse(i) else { return Ok((i, (None, None))) };
    let no_precision = |unit: TimeUnit| {
        let message = format!("`{}` takes no precision here", unit.as_str());
        SyntaxError::new(at, Reason::Message(message)).fail()
    };
    // (what the first number is, its range); `None`: no number allowed.
    let first: Option<(&'static str, u64, u64)> = match (rules, position, unit) {
        (_, Position::End, TimeUnit::Second) => Some(("the fractional precision of SECOND", 0, 9)),
        (_, Position::End, _) => None,
        (QualifierRules::Type, _, TimeUnit::Year) => Some(("the precision of YEAR", 1, 4)),
        (QualifierRules::Type, _, TimeUnit::Day) => Some(("the precision of DAY", 1, 6)),
        (QualifierRules::Type, _, TimeUnit::Second) => Some(("the fractional precision of SECOND", 0, 9)),
        (QualifierRules::Type, _, _) => None,
        (QualifierRules::Literal, _, _) => Some(("the leading precision of an interval", 1, 10)),
    };
    let Some((what, min, max)) = first else { return no_precision(unit) };
    let (i, first) = integer_in_range(i, what, min, max)?;
    let literal_second = rules == QualifierRules::Literal && position == Position::Start && unit == TimeUnit::Second;
    let (i, second) = match punct(",").parse(i) {
        Ok((i, ())) if literal_second => {
            let (i, fraction) = integer_in_range(i, "the fractional precision of SECOND", 0, 9)?;
            (i, Some(fraction))
        }
        _ => (i, None),
    };
    let (i, ()) = cut(punct(")")).parse(i)?;
    Ok((i, (Some(first), second)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::PrintMode;
    use crate::print::Printed;

    #[test]
    fn the_type_word_lookup_agrees_with_the_keyword_lookup() {
        for name in TYPE_NAMES {
            for word in [name.to_string(), name.to_ascii_lowercase()] {
                assert_eq!(type_keyword(&word), Keyword::of_word(&word), "{word}");
                assert!(type_keyword(&word).is_some(), "{word}");
            }
        }
        for word in ["", "IN", "INTS", "INT1", "I$T", "STRIN", "TIMESTAMP_LT", "ROWTIME", "TIMESTAMP_LTZ_LONG_NAME"] {
            assert_eq!(type_keyword(word), None, "{word}");
        }
        // With at least 16 bytes of input the word is read in one load and the rest masked off.
        for name in TYPE_NAMES.iter().chain(&["IN", "INTS", "STRIN", "TIMESTAMP_LT", "ROWTIME"]) {
            for word in [name.to_string(), name.to_ascii_lowercase()] {
                let text = format!("{word}(3) NOT NULL, next STRING");
                assert_eq!(type_keyword_at(&text, word.len()), type_keyword(&word), "{word}");
            }
        }
    }

    fn parse(text: &str) -> Result<DataType, SyntaxError<'_>> {
        match data_type(text, Depth::default()) {
            Ok(("", t)) => Ok(t),
            Ok((rest, _)) => panic!("{text}: left {rest:?}"),
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => Err(e),
            Err(nom::Err::Incomplete(_)) => unreachable!(),
        }
    }

    fn printed(t: &DataType) -> String {
        Printed { node: t, mode: PrintMode::Unredacted }.to_string()
    }

    /// `text` parses, prints as `canonical`, and the print parses back to the same type.
    #[track_caller]
    fn check(text: &str, canonical: &str) {
        let t = parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        assert_eq!(printed(&t), canonical, "{text}");
        assert_eq!(parse(canonical).unwrap(), t, "{canonical}");
    }

    #[test]
    fn every_type_of_dialect_section_11() {
        for same in [
            "CHAR",
            "CHAR(1)",
            "VARCHAR(2147483647)",
            "STRING",
            "BINARY(3)",
            "VARBINARY",
            "BYTES",
            "TINYINT",
            "SMALLINT",
            "INT",
            "BIGINT",
            "DECIMAL",
            "DECIMAL(38)",
            "DECIMAL(10, 2)",
            "DECIMAL(5, 5)",
            "FLOAT",
            "DOUBLE",
            "BOOLEAN",
            "NULL",
            "DATE",
            "TIME",
            "TIME(0)",
            "TIME(9)",
            "TIMESTAMP",
            "TIMESTAMP(3)",
            "TIMESTAMP(3) WITH LOCAL TIME ZONE",
            "TIMESTAMP WITH TIME ZONE",
            "TIMESTAMP_LTZ",
            "TIMESTAMP_LTZ(3)",
            "ARRAY<INT>",
            "MULTISET<STRING>",
            "MAP<STRING, ARRAY<INT>>",
            "ROW<>",
            "ROW<a INT, b STRING 'desc'>",
            "INT NOT NULL",
            "INT NULL",
            "ARRAY<INT NOT NULL> NOT NULL",
        ] {
            check(same, same);
        }
    }

    #[test]
    fn synonyms_print_in_one_spelling() {
        check("integer", "INT");
        check("Dec(5,2)", "DECIMAL(5, 2)");
        check("NUMERIC", "DECIMAL");
        check("DOUBLE PRECISION", "DOUBLE");
        check("CHARACTER ( 3 )", "CHAR(3)");
        check("CHARACTER VARYING(3)", "VARCHAR(3)");
        check("CHAR VARYING", "VARCHAR");
        check("BINARY VARYING(9)", "VARBINARY(9)");
        check("TIME(3) WITHOUT TIME ZONE", "TIME(3)");
        check("TIMESTAMP WITHOUT TIME ZONE", "TIMESTAMP");
        check("ROW(a INT, `b c` STRING)", "ROW<a INT, `b c` STRING>");
        check("ROW()", "ROW<>");
        check("map<int, string>", "MAP<INT, STRING>");
    }

    #[test]
    fn postfix_collections_become_angle_brackets() {
        check("INT ARRAY", "ARRAY<INT>");
        check("INT NOT NULL ARRAY NOT NULL MULTISET", "MULTISET<ARRAY<INT NOT NULL> NOT NULL>");
        check("INT ARRAY ARRAY", "ARRAY<ARRAY<INT>>");
        check("MAP<INT ARRAY, INT MULTISET>", "MAP<ARRAY<INT>, MULTISET<INT>>");
        check("ROW<a INT ARRAY 'd'>", "ROW<a ARRAY<INT> 'd'>");
        check("ARRAY<INT> ARRAY", "ARRAY<ARRAY<INT>>");
    }

    #[test]
    fn a_postfix_collection_is_not_an_element() {
        let e = parse("ARRAY<INT ARRAY>").unwrap_err();
        assert_eq!(e.at, "ARRAY>");
        assert!(matches!(e.reason, Reason::Unsupported { .. }));
        assert_eq!(parse("MULTISET<INT MULTISET>").unwrap_err().at, "MULTISET>");
    }

    #[test]
    fn intervals_follow_section_11() {
        for same in [
            "INTERVAL YEAR",
            "INTERVAL YEAR(4)",
            "INTERVAL YEAR(1) TO MONTH",
            "INTERVAL MONTH",
            "INTERVAL DAY(6)",
            "INTERVAL DAY TO HOUR",
            "INTERVAL DAY(2) TO MINUTE",
            "INTERVAL DAY(3) TO SECOND(9)",
            "INTERVAL HOUR",
            "INTERVAL HOUR TO MINUTE",
            "INTERVAL HOUR TO SECOND(0)",
            "INTERVAL MINUTE",
            "INTERVAL MINUTE TO SECOND",
            "INTERVAL SECOND",
            "INTERVAL SECOND(3)",
        ] {
            check(same, same);
        }
        let t = parse("INTERVAL SECOND(3)").unwrap();
        let TypeKind::Interval(q) = t.kind else { panic!() };
        assert_eq!((q.start_precision, q.fractional_precision), (None, Some(3)));
        // Plural units are for literals (Calcite's); a type spells the unit singular.
        assert_eq!(parse("INTERVAL SECONDS").unwrap_err().at, "SECONDS");
        for bad in ["INTERVAL HOUR(2)", "INTERVAL MONTH(2)", "INTERVAL YEAR TO DAY", "INTERVAL SECOND TO SECOND"] {
            assert!(matches!(parse(bad).unwrap_err().reason, Reason::Message(_)), "{bad}");
        }
        assert!(parse("INTERVAL").is_err());
    }

    #[test]
    fn parameters_are_range_checked() {
        let cases: [(&str, &str, u64, u64); 13] = [
            ("CHAR(0)", "the length of CHAR", 1, 2_147_483_647),
            ("VARCHAR(2147483648)", "the length of VARCHAR", 1, 2_147_483_647),
            ("BINARY(0)", "the length of BINARY", 1, 2_147_483_647),
            ("VARBINARY(99999999999999999999999)", "the length of VARBINARY", 1, 2_147_483_647),
            ("DECIMAL(39, 0)", "the precision of DECIMAL", 1, 38),
            ("DECIMAL(0)", "the precision of DECIMAL", 1, 38),
            ("DECIMAL(10, 11)", "the scale of DECIMAL", 0, 10),
            ("TIME(10)", "the precision of TIME", 0, 9),
            ("TIMESTAMP(10)", "the precision of TIMESTAMP", 0, 9),
            ("TIMESTAMP_LTZ(10)", "the precision of TIMESTAMP_LTZ", 0, 9),
            ("INTERVAL YEAR(5)", "the precision of YEAR", 1, 4),
            ("INTERVAL DAY(7) TO HOUR", "the precision of DAY", 1, 6),
            ("INTERVAL MINUTE TO SECOND(10)", "the fractional precision of SECOND", 0, 9),
        ];
        for (text, what, min, max) in cases {
            let e = parse(text).unwrap_err();
            assert_eq!(e.reason, Reason::OutOfRange { what, min, max }, "{text}");
            assert!(e.at.starts_with(|c: char| c.is_ascii_digit()), "{text}: the error points at the number");
        }
        assert_eq!(
            parse("INTERVAL SECOND(10)").unwrap_err().reason,
            Reason::OutOfRange { what: "the fractional precision of SECOND", min: 0, max: 9 }
        );
    }

    #[test]
    fn malformed_types() {
        assert_eq!(parse("INTT").unwrap_err(), SyntaxError::expected("INTT", "a data type"));
        assert_eq!(parse("VARCHAR(x)").unwrap_err().at, "x)");
        assert_eq!(parse("ARRAY<INT").unwrap_err().at, "");
        assert_eq!(parse("ROW<a INT,>").unwrap_err().reason, Reason::TrailingComma { close: "`>`" });
        assert_eq!(parse("ROW(a INT,)").unwrap_err().reason, Reason::TrailingComma { close: "`)`" });
        assert_eq!(parse("ROW<a>").unwrap_err().at, ">");
        assert!(matches!(parse("RAW('a', 'b')").unwrap_err().reason, Reason::Unsupported { .. }));
        assert_eq!(parse("INT NOT").unwrap_err().at, "");
        assert_eq!(parse("MAP<INT>").unwrap_err().at, ">");
    }

    #[test]
    fn nesting_is_limited_by_the_depth_budget() {
        let nested = |n: usize| format!("{}INT{}", "ARRAY<".repeat(n), ">".repeat(n));
        // The outer type takes one level and each element one more.
        let limit = 8;
        assert!(data_type(&nested(limit - 1), Depth::new(limit)).is_ok());
        let too_deep = nested(limit);
        let Err(nom::Err::Failure(e)) = data_type(&too_deep, Depth::new(limit)) else { panic!() };
        assert_eq!(e.reason, Reason::TooDeep { limit });
        let postfix = |n: usize| format!("INT{}", " ARRAY".repeat(n));
        assert!(data_type(&postfix(limit - 1), Depth::new(limit)).is_ok());
        assert!(data_type(&postfix(limit), Depth::new(limit)).is_err());
    }
}
