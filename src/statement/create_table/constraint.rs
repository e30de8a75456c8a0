//! Primary keys, the one constraint of a table: `[CONSTRAINT name] PRIMARY KEY NOT ENFORCED` on a
//! column, or `[CONSTRAINT name] PRIMARY KEY (col, ...) NOT ENFORCED` as an element.

use std::fmt;

use nom::combinator::cut;
use nom::error::context;
use nom::Parser;
use serde::Serialize;

use super::column_list::column_name_list;
use crate::lexical::keyword::{kw, peek_keyword, peek_kw, Keyword};
use crate::lexical::{skip_ws, Input, PResult, Reason, SyntaxError};
use crate::name::{name_part, Ident};
use crate::print::{SqlWriter, ToSql};

/// `[CONSTRAINT name] PRIMARY KEY NOT ENFORCED` after a column's type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InlinePrimaryKey {
    /// The constraint's name, if given.
    pub constraint_name: Option<Ident>,
}

impl ToSql for InlinePrimaryKey {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        write_constraint_name(w, self.constraint_name.as_ref())?;
        w.write_str("PRIMARY KEY NOT ENFORCED")
    }
}

fn write_constraint_name(w: &mut SqlWriter<'_>, name: Option<&Ident>) -> fmt::Result {
    if let Some(name) = name {
        w.write_str("CONSTRAINT ")?;
        name.write_sql(w)?;
        w.write_str(" ")?;
    }
    Ok(())
}

/// `[CONSTRAINT name] PRIMARY KEY (col, ...) NOT ENFORCED`. Flink does not own the data, so it
/// never enforces a key: `NOT ENFORCED` is required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrimaryKey {
    /// The constraint's name, if given.
    pub constraint_name: Option<Ident>,
    /// The key's columns, in order (at least one).
    pub columns: Vec<Ident>,
}

impl ToSql for PrimaryKey {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        write_constraint_name(w, self.constraint_name.as_ref())?;
        w.write_str("PRIMARY KEY ")?;
        w.parenthesized(&self.columns)?;
        w.write_str(" NOT ENFORCED")
    }
}

/// A primary key as written, with where it starts, where its columns are and what it says about
/// enforcement.
pub(crate) struct KeySite<'a> {
    pub(crate) at: Input<'a>,
    pub(crate) kind: KeyKind<'a>,
    pub(crate) enforcement: Enforcement<'a>,
}

/// What a key says about enforcement. Anything but `NOT ENFORCED` is refused, but after the
/// whole statement is parsed and after the check for a second key, as Flink's `validate()` does:
/// a syntax error further on is reported first, and the error goes where Flink puts it.
#[derive(Clone, Copy)]
pub(crate) enum Enforcement<'a> {
    /// `NOT ENFORCED`, as required.
    NotEnforced,
    /// Nothing written (so the key would be enforced); `at` is the key's last token.
    Missing { at: Input<'a> },
    /// `ENFORCED` written, at `at`.
    Enforced { at: Input<'a> },
}

impl<'a> Enforcement<'a> {
    /// The error for a key that is not `NOT ENFORCED`.
    pub(crate) fn check(self) -> Result<(), nom::Err<SyntaxError<'a>>> {
        let (at, what, hint) = match self {
            Enforcement::NotEnforced => return Ok(()),
            Enforcement::Missing { at } => (
                at,
                "a primary key without `NOT ENFORCED`",
                "Flink does not own the data and cannot enforce a key: write `NOT ENFORCED` after the key",
            ),
            Enforcement::Enforced { at } => (
                at,
                "an `ENFORCED` primary key",
                "Flink does not own the data and cannot enforce a key: write `NOT ENFORCED`",
            ),
        };
        Err(nom::Err::Failure(SyntaxError::new(at, Reason::Unsupported { what, hint })))
    }
}

pub(crate) enum KeyKind<'a> {
    /// On a column (necessarily a physical one, by the grammar).
    Inline,
    /// A table constraint, with the position of each column.
    Table { key: PrimaryKey, column_at: Vec<Input<'a>> },
}

/// `[CONSTRAINT name] PRIMARY KEY NOT ENFORCED` after a column's type.
pub(crate) fn inline_primary_key(i: Input<'_>) -> PResult<'_, (InlinePrimaryKey, Enforcement<'_>)> {
    let (i, constraint_name) = constraint_name(i)?;
    let before = i;
    let (i, ()) = primary_key_words(i)?;
    // The key's last token is the word KEY, just before `i`.
    let key_word = &before[before.len() - i.len() - Keyword::Key.as_str().len()..];
    let (i, enforcement) = not_enforced(i, key_word)?;
    Ok((i, (InlinePrimaryKey { constraint_name }, enforcement)))
}

/// `[CONSTRAINT name] PRIMARY KEY (col, ...) NOT ENFORCED` as an element.
pub(crate) fn table_constraint(i: Input<'_>) -> PResult<'_, KeySite<'_>> {
    let at = skip_ws(i);
    let (i, constraint_name) = constraint_name(i)?;
    let (i, ()) = primary_key_words(i)?;
    let mut column_at = Vec::new();
    let before = i;
    let (i, columns) = column_name_list(i, &mut column_at)?;
    // The key's last token is the `)` of its column list, just before `i`.
    let close = &before[before.len() - i.len() - 1..];
    let (i, enforcement) = not_enforced(i, close)?;
    let kind = KeyKind::Table { key: PrimaryKey { constraint_name, columns }, column_at };
    Ok((i, KeySite { at, kind, enforcement }))
}

/// `[CONSTRAINT name]`
fn constraint_name(i: Input<'_>) -> PResult<'_, Option<Ident>> {
    if !peek_kw(i, Keyword::Constraint) {
        return Ok((i, None));
    }
    let (i, ()) = kw(Keyword::Constraint).parse(i)?;
    let (i, name) = cut(context("a constraint name", name_part)).parse(i)?;
    Ok((i, Some(name)))
}

/// `PRIMARY KEY` (after `CONSTRAINT name`, `UNIQUE` gets its own message).
fn primary_key_words(i: Input<'_>) -> PResult<'_, ()> {
    let at = skip_ws(i);
    if peek_kw(at, Keyword::Unique) {
        return unique(at);
    }
    let (i, ()) = cut(kw(Keyword::Primary)).parse(i)?;
    cut(kw(Keyword::Key)).parse(i)
}

/// `[NOT] ENFORCED` after a key whose last token is at `last`. A primary key must be `NOT ENFORCED`
/// (Flink does not own the data, so it cannot enforce the key); `Enforcement::check` says so
/// after the statement is parsed.
fn not_enforced<'a>(i: Input<'a>, last: Input<'a>) -> PResult<'a, Enforcement<'a>> {
    let at = skip_ws(i);
    match peek_keyword(at) {
        Some(Keyword::Not) => {
            let (i, ()) = kw(Keyword::Not).parse(i)?;
            let (i, ()) = cut(kw(Keyword::Enforced)).parse(i)?;
            Ok((i, Enforcement::NotEnforced))
        }
        Some(Keyword::Enforced) => {
            let (i, ()) = kw(Keyword::Enforced).parse(i)?;
            Ok((i, Enforcement::Enforced { at }))
        }
        _ => Ok((i, Enforcement::Missing { at: last })),
    }
}

pub(crate) fn unique(at: Input<'_>) -> PResult<'_, ()> {
    let hint = "the only constraint is `PRIMARY KEY (...) NOT ENFORCED`";
    SyntaxError::new(at, Reason::Unsupported { what: "`UNIQUE` constraints", hint }).fail()
}
