//! What `ALTER MODEL` and `ALTER TOOL` do: `SET (...)`, `RESET ('key', ...)` or `RENAME TO name`,
//! with its printing and its parser (shared: both statements take the same three forms).

use std::fmt;

use nom::combinator::cut;
use nom::error::context;
use nom::Parser;
use serde::Serialize;

use crate::combinator::comma_list;
use crate::lexical::keyword::{kw, peek_keyword, Keyword};
use crate::lexical::string::plain_string_literal;
use crate::lexical::{punct, skip_ws, Input, PResult, Reason, SyntaxError, TreeBudget};
use crate::name::{object_name, ObjectName};
use crate::option_key::canonical_option_key;
use crate::options::{option_list, EmptyList, KeyComparison, OptionList};
use crate::print::{SqlWriter, ToSql};
use crate::repeats::Repeats;

/// `SET ('key' = 'value', ...)`, `RESET ('key', ...)` or `RENAME TO name`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum AlterAction {
    /// `SET (...)`: adds or changes options.
    Set(OptionList),
    /// `RESET ('key', ...)`: removes options (back to their defaults).
    Reset(Vec<String>),
    /// `RENAME TO name`.
    RenameTo(ObjectName),
}

impl ToSql for AlterAction {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        match self {
            AlterAction::Set(options) => {
                w.write_str("SET ")?;
                options.write_sql(w)
            }
            AlterAction::Reset(keys) => {
                w.write_str("RESET (")?;
                for (n, key) in keys.iter().enumerate() {
                    if n > 0 {
                        w.write_str(", ")?;
                    }
                    w.string_literal(key)?;
                }
                w.write_str(")")
            }
            AlterAction::RenameTo(name) => {
                w.write_str("RENAME TO ")?;
                name.write_sql(w)
            }
        }
    }
}

/// `SET (...)`, `RESET (...)` or `RENAME TO name`, committed; `what` names the object in errors
/// ("a model name").
pub(crate) fn alter_action<'a>(i: Input<'a>, what: &'static str) -> PResult<'a, AlterAction> {
    let at = skip_ws(i);
    match peek_keyword(at) {
        Some(Keyword::Set) => {
            let (i, ()) = kw(Keyword::Set).parse(i)?;
            let (i, options) = option_list(i, KeyComparison::Normalized, EmptyList::Refused)?;
            Ok((i, AlterAction::Set(options)))
        }
        Some(Keyword::Reset) => {
            let (i, ()) = kw(Keyword::Reset).parse(i)?;
            let (i, keys) = key_list(i)?;
            Ok((i, AlterAction::Reset(keys)))
        }
        Some(Keyword::Rename) => {
            let (i, ()) = kw(Keyword::Rename).parse(i)?;
            let (i, ()) = cut(kw(Keyword::To)).parse(i)?;
            let (i, name) = cut(context(what, object_name)).parse(i)?;
            Ok((i, AlterAction::RenameTo(name)))
        }
        _ => {
            let mut err = SyntaxError::expected(at, Keyword::Set.label());
            for k in [Keyword::Reset, Keyword::Rename] {
                err = nom::error::ParseError::or(err, SyntaxError::expected(at, k.label()));
            }
            err.fail()
        }
    }
}

/// `( 'key' {, 'key'} )`, committed; a key given twice is an error.
fn key_list(i: Input<'_>) -> PResult<'_, Vec<String>> {
    let (i, ()) = cut(punct("(")).parse(i)?;
    let empty_at = skip_ws(i);
    if empty_at.starts_with(')') {
        let message = "the key list is empty: name at least one 'key' to reset".to_owned();
        return SyntaxError::new(empty_at, Reason::Message(message)).fail();
    }
    let mut keys: Vec<String> = Vec::new();
    let mut repeats = Repeats::new();
    let (i, ()) = comma_list(i, ')', TreeBudget::item::<String>(), |i| {
        let key_at = skip_ws(i);
        let (rest, key) = cut(context("a quoted option key", plain_string_literal)).parse(i)?;
        // Keys compare in their canonical form (`API_KEY` is `api-key`).
        if repeats.repeats(&keys, canonical_option_key(&key), |earlier| canonical_option_key(earlier)) {
            return SyntaxError::new(key_at, Reason::DuplicateKey { key }).fail();
        }
        keys.push(key);
        Ok((rest, ()))
    })?;
    Ok((i, keys))
}
