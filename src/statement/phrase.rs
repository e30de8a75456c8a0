//! Phrases several statements share, each parsed by one function: `[IF NOT EXISTS]`,
//! `[IF EXISTS]`, `[COMMENT 'text']`, and the `(FROM | IN) [catalog.]database` and
//! `[NOT] LIKE | ILIKE 'pattern'` of the SHOW statements ([`FromDatabase`], [`LikeFilter`], with
//! their printing).

use std::fmt;

use nom::combinator::cut;
use nom::Parser;
use serde::Serialize;

use crate::lexical::keyword::{kw, peek_keyword, peek_kw, Keyword};
use crate::lexical::string::plain_string_literal;
use crate::lexical::{peek_word, punct, skip_ws, ws, Input, PResult, Reason, SyntaxError};
use crate::name::{name_part, Ident};
use crate::print::{SqlWriter, ToSql};

/// `[IF NOT EXISTS]`. `IF` is not reserved (a connection may be called `if`), so the clause is
/// taken only when `IF NOT` is seen; from there `EXISTS` must follow.
pub(crate) fn if_not_exists(i: Input<'_>) -> PResult<'_, bool> {
    if !peek_kw(i, Keyword::If) {
        return Ok((i, false));
    }
    let (after_if, ()) = kw(Keyword::If).parse(i)?;
    if !peek_kw(after_if, Keyword::Not) {
        return Ok((i, false));
    }
    let (rest, ()) = kw(Keyword::Not).parse(after_if)?;
    let (rest, ()) = cut(kw(Keyword::Exists)).parse(rest)?;
    Ok((rest, true))
}

/// `[IF EXISTS]`, taken only when `IF EXISTS` is seen (see `if_not_exists`).
pub(crate) fn if_exists(i: Input<'_>) -> PResult<'_, bool> {
    if !peek_kw(i, Keyword::If) {
        return Ok((i, false));
    }
    let (after_if, ()) = kw(Keyword::If).parse(i)?;
    if !peek_kw(after_if, Keyword::Exists) {
        return Ok((i, false));
    }
    let (rest, ()) = kw(Keyword::Exists).parse(after_if)?;
    Ok((rest, true))
}

/// `[COMMENT 'text']` (a single literal: adjacent literals do not join here).
///
/// Inlined: this runs after every column, whose next token is mostly `,` or `)`, decided here by
/// one byte test; only a `C` goes on to `comment_clause`.
#[inline(always)]
pub(crate) fn comment(i: Input<'_>) -> PResult<'_, Option<String>> {
    match skip_ws(i).as_bytes().first() {
        Some(&b) if b & !0x20 == b'C' => comment_clause(i),
        // Blanks only, or a comment that `ws` would report as unterminated.
        Some(b'-' | b'/') => comment_clause(i),
        _ => Ok((i, None)),
    }
}

/// `comment` once the next token starts with a `C`, a `-` or a `/`.
#[inline(never)]
fn comment_clause(i: Input<'_>) -> PResult<'_, Option<String>> {
    // Peeked first: a failed `kw` would build an error for `opt` to throw away.
    let (at, ()) = ws(i)?;
    if !peek_word(at).eq_ignore_ascii_case(Keyword::Comment.as_str()) {
        return Ok((i, None));
    }
    nom::combinator::opt(nom::sequence::preceded(
        kw(Keyword::Comment),
        cut(nom::error::context("a quoted comment", plain_string_literal)),
    ))
    .parse(i)
}

/// `[NOT] { LIKE | ILIKE } 'pattern'`
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LikeFilter {
    /// `NOT` was given: keep the names that do not match.
    pub negated: bool,
    /// `ILIKE` (case-insensitive) rather than `LIKE`.
    pub case_insensitive: bool,
    /// The pattern, as written.
    pub pattern: String,
}

impl ToSql for LikeFilter {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        if self.negated {
            w.write_str("NOT ")?;
        }
        w.write_str(if self.case_insensitive { "ILIKE " } else { "LIKE " })?;
        w.string_literal(&self.pattern)
    }
}

/// `[ [NOT] { LIKE | ILIKE } 'pattern' ]`, shared by the SHOW statements.
pub(crate) fn like_filter(i: Input<'_>) -> PResult<'_, Option<LikeFilter>> {
    // Peeked rather than tried with `opt(kw(..))` and `alt`: most SHOW statements have no filter,
    // and a failed `kw` builds an error that `alt` would then merge.
    let (at, ()) = ws(i)?;
    let negated = peek_word(at).eq_ignore_ascii_case(Keyword::Not.as_str());
    let (at, ()) = if negated { ws(&at[Keyword::Not.as_str().len()..])? } else { (at, ()) };
    let word = peek_word(at);
    let case_insensitive = if word.eq_ignore_ascii_case(Keyword::Like.as_str()) {
        false
    } else if word.eq_ignore_ascii_case(Keyword::Ilike.as_str()) {
        true
    } else if negated {
        // After NOT, LIKE or ILIKE must follow.
        let err = SyntaxError::expected(at, Keyword::Like.label());
        return nom::error::ParseError::or(err, SyntaxError::expected(at, Keyword::Ilike.label())).fail();
    } else {
        return Ok((i, None));
    };
    let i = &at[word.len()..];
    let (i, pattern) = cut(nom::error::context("a quoted pattern", plain_string_literal)).parse(i)?;
    // `\` escapes the next character; one at the very end escapes nothing, and a pattern that
    // silently matched nothing would hide the mistake.
    if pattern.chars().rev().take_while(|c| *c == '\\').count() % 2 == 1 {
        let start = skip_ws(&at[word.len()..]);
        let message = "the LIKE pattern ends with the escape character `\\`, which escapes nothing; \
                       write `\\\\` to match a backslash"
            .to_owned();
        return Err(nom::Err::Failure(SyntaxError::new(start, Reason::Message(message))));
    }
    Ok((i, Some(LikeFilter { negated, case_insensitive, pattern })))
}

/// `FROM` or `IN` before the database of a SHOW statement: the two mean the same, and the
/// statement prints the one written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FromOrIn {
    /// `FROM`
    From,
    /// `IN`
    In,
}

/// `(FROM | IN) [catalog.]database`: the database a SHOW statement lists, as in Flink's
/// `SHOW TABLES FROM catalog1.db1`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FromDatabase {
    /// The word written before the database.
    pub keyword: FromOrIn,
    /// The catalog (environment), when the database is written `catalog.database`.
    pub catalog: Option<Ident>,
    /// The database.
    pub database: Ident,
}

impl ToSql for FromDatabase {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str(match self.keyword {
            FromOrIn::From => "FROM ",
            FromOrIn::In => "IN ",
        })?;
        if let Some(catalog) = &self.catalog {
            catalog.write_sql(w)?;
            w.write_str(".")?;
        }
        self.database.write_sql(w)
    }
}

/// `[ (FROM | IN) [catalog.]database ]`, shared by the SHOW statements that list a database's
/// objects. After `FROM` or `IN` a name must follow. A third part is an error at its dot: Flink's
/// parser takes any number of parts and its planner refuses more than two.
pub(crate) fn from_database(i: Input<'_>) -> PResult<'_, Option<FromDatabase>> {
    let keyword = match peek_keyword(skip_ws(i)) {
        Some(Keyword::From) => FromOrIn::From,
        Some(Keyword::In) => FromOrIn::In,
        _ => return Ok((i, None)),
    };
    let (i, ()) = kw(if keyword == FromOrIn::From { Keyword::From } else { Keyword::In }).parse(i)?;
    let (i, first) = cut(nom::error::context("a database name", name_part)).parse(i)?;
    let Ok((after_dot, ())) = punct(".").parse(i) else {
        return Ok((i, Some(FromDatabase { keyword, catalog: None, database: first })));
    };
    let (i, database) = cut(nom::error::context("a database name", name_part)).parse(after_dot)?;
    if let Ok((_, ())) = punct(".").parse(i) {
        let message = "a database name has at most two parts: `catalog.database`".to_owned();
        return SyntaxError::new(skip_ws(i), Reason::Message(message)).fail();
    }
    Ok((i, Some(FromDatabase { keyword, catalog: Some(first), database })))
}
