//! Option lists: `( 'key' = 'value' [, ...] )`, the `WITH` of CREATE CONNECTION and CREATE TABLE and
//! the `SET` of ALTER CONNECTION.
//!
//! Keys and values are string literals, kept exactly as written (the executor normalises keys).
//! A value whose key is sensitive is held as a [`Secret`] from the moment it is parsed. The list
//! parser refuses a trailing comma and a repeated key, naming the key and never the value.

use std::collections::HashSet;
use std::fmt;

use nom::Parser;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::combinator::comma_list;
use crate::lexical::string::{single_string, string_literal};
use crate::lexical::{punct, skip_ws, ws, Input, PResult, Reason, SyntaxError};
use crate::print::{PrintMode, SqlWriter, ToSql};
use crate::redaction::{is_sensitive_key, normalized_key, Secret, REDACTED};

/// An option's value: plain text, or a credential held as a [`Secret`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptionValue {
    /// A value that may be shown.
    Plain(String),
    /// A credential: shown only by `unredacted()` printing.
    Secret(Secret),
}

impl OptionValue {
    /// True for a credential.
    pub fn is_secret(&self) -> bool {
        matches!(self, OptionValue::Secret(_))
    }

    /// The value when it is not a credential: how `type`, `endpoint` or `connector` are read.
    ///
    /// ```
    /// use flink_ddl::SqlOption;
    /// assert_eq!(SqlOption::new("type", "OPENAI").value().as_plain(), Some("OPENAI"));
    /// assert_eq!(SqlOption::new("api-key", "sk-1").value().as_plain(), None);
    /// ```
    pub fn as_plain(&self) -> Option<&str> {
        match self {
            OptionValue::Plain(value) => Some(value),
            OptionValue::Secret(_) => None,
        }
    }

    /// The value's length in bytes, credential or not (limits are checked without exposing it).
    pub fn len(&self) -> usize {
        match self {
            OptionValue::Plain(value) => value.len(),
            OptionValue::Secret(secret) => secret.len(),
        }
    }

    /// True for an empty value, credential or not.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value as a credential to store: a secret stays one, and plain text (the value of a
    /// credential key the rule does not mask, such as `username`) becomes one. Nothing is exposed.
    pub fn to_secret(&self) -> Secret {
        match self {
            OptionValue::Plain(value) => Secret::new(value.as_str()),
            OptionValue::Secret(secret) => secret.clone(),
        }
    }

    /// The real value, credential or not. Call it only where the value is delivered (the
    /// sealer, a connection's consumer); read plain values with [`OptionValue::as_plain`].
    pub fn expose_secret(&self) -> &str {
        match self {
            OptionValue::Plain(value) => value,
            OptionValue::Secret(secret) => secret.expose_secret(),
        }
    }
}

impl Serialize for OptionValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            OptionValue::Plain(value) => s.serialize_str(value),
            OptionValue::Secret(secret) => secret.serialize(s),
        }
    }
}

/// One `'key' = 'value'` pair.
///
/// ```
/// use flink_ddl::SqlOption;
/// let option = SqlOption::new("openai.API_KEY", "sk-1");
/// assert!(option.value().is_secret());
/// assert_eq!(option.to_string(), "'openai.API_KEY' = '<REDACTED>'");
/// assert_eq!(SqlOption::new("ap-key", "x").to_string(), "'ap-key' = 'x'");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlOption {
    key: String,
    value: OptionValue,
}

impl SqlOption {
    /// A pair; the value becomes a [`Secret`] when [`is_sensitive_key`] says so.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        let key = key.into();
        let value = value.into();
        let value =
            if is_sensitive_key(&key) { OptionValue::Secret(Secret::new(value)) } else { OptionValue::Plain(value) };
        SqlOption { key, value }
    }

    /// The key, exactly as written.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The value.
    pub fn value(&self) -> &OptionValue {
        &self.value
    }
}

impl ToSql for SqlOption {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.string_literal(&self.key)?;
        w.write_str(" = ")?;
        // The printer's only way to a credential: every (value, mode) pair is spelt out.
        match (&self.value, w.mode()) {
            (OptionValue::Secret(secret), PrintMode::Unredacted) => w.string_literal(secret.expose_secret()),
            (OptionValue::Secret(_), PrintMode::Redacted(_)) => w.string_literal(REDACTED),
            (OptionValue::Plain(_), PrintMode::Redacted(redactor)) if redactor.is_sensitive_key(&self.key) => {
                w.string_literal(REDACTED)
            }
            (OptionValue::Plain(value), PrintMode::Redacted(_) | PrintMode::Unredacted) => w.string_literal(value),
        }
    }
}

impl fmt::Display for SqlOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::print::display(self, f)
    }
}

impl Serialize for SqlOption {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("SqlOption", 2)?;
        st.serialize_field("key", &self.key)?;
        // Also masks plain values whose key is sensitive (an option built by hand).
        if is_sensitive_key(&self.key) {
            st.serialize_field("value", REDACTED)?;
        } else {
            st.serialize_field("value", &self.value)?;
        }
        st.end()
    }
}

/// The options of one `WITH` or `SET` list, in the order written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct OptionList(Vec<SqlOption>);

impl OptionList {
    /// An empty list.
    pub fn new() -> Self {
        OptionList(Vec::new())
    }

    /// A list of `(key, value)` pairs, in order (sensitive values become secrets).
    pub fn from_pairs<K: Into<String>, V: Into<String>>(pairs: impl IntoIterator<Item = (K, V)>) -> Self {
        OptionList(pairs.into_iter().map(|(k, v)| SqlOption::new(k, v)).collect())
    }

    /// Appends an option.
    pub fn push(&mut self, option: SqlOption) {
        self.0.push(option);
    }

    /// The options, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, SqlOption> {
        self.0.iter()
    }

    /// The options as a slice.
    pub fn as_slice(&self) -> &[SqlOption] {
        &self.0
    }

    /// Number of options.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of the option whose key is exactly `key`.
    pub fn get(&self, key: &str) -> Option<&OptionValue> {
        self.0.iter().find(|o| o.key == key).map(|o| &o.value)
    }
}

impl From<Vec<SqlOption>> for OptionList {
    fn from(options: Vec<SqlOption>) -> Self {
        OptionList(options)
    }
}

impl<'a> IntoIterator for &'a OptionList {
    type Item = &'a SqlOption;
    type IntoIter = std::slice::Iter<'a, SqlOption>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl ToSql for OptionList {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.parenthesized(&self.0)
    }
}

impl fmt::Display for OptionList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::print::display(self, f)
    }
}

/// How keys are compared when looking for a repeated one (dialect.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyComparison {
    /// Connection options: lower-cased, `_` read as `-` (`'api-key'` and `'API_KEY'` collide).
    Normalized,
    /// Table options: exactly as written.
    Exact,
}

/// Whether `()` is accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EmptyList {
    Allowed,
    Refused,
}

/// `( 'key' = 'value' [, ...] )`. Everything after the `(` is committed (`cut`): a broken list is
/// reported where it breaks, never re-parsed as something else.
pub(crate) fn option_list(i: Input<'_>, keys: KeyComparison, empty: EmptyList) -> PResult<'_, OptionList> {
    let (i, ()) = punct("(").parse(i)?;
    let (after_ws, ()) = ws(i)?;
    if let Some(after) = after_ws.strip_prefix(')') {
        return match empty {
            EmptyList::Allowed => Ok((after, OptionList::new())),
            EmptyList::Refused => SyntaxError::new(after_ws, Reason::EmptyOptionList).fail(),
        };
    }
    let mut options = Vec::new();
    let mut seen = SeenKeys::new(keys);
    let (rest, ()) = comma_list(i, ')', |i| {
        let key_at = skip_ws(i);
        let (rest, key) = match string_literal(i) {
            Ok(ok) => ok,
            Err(nom::Err::Error(_)) => return SyntaxError::expected(key_at, "a quoted option key").fail(),
            Err(e) => return Err(e),
        };
        if !seen.insert(&key, &options) {
            return SyntaxError::new(key_at, Reason::DuplicateKey { key }).fail();
        }
        let (rest, ()) = nom::combinator::cut(punct("=")).parse(rest)?;
        let (rest, value) = option_value(rest)?;
        options.push(SqlOption::new(key, value));
        Ok((rest, ()))
    })?;
    Ok((rest, OptionList(options)))
}

/// An option's value: a string literal, joined with the literals right after it, except that a
/// literal followed by `=` is the next option's key. `'a' = 'x' 'b' = 'y'` is a missing comma,
/// reported at `'b'`, rather than the value `xb` followed by a stray `=`.
fn option_value(i: Input<'_>) -> PResult<'_, String> {
    let value_at = skip_ws(i);
    let (mut rest, first) = match single_string(i) {
        Ok(ok) => ok,
        Err(nom::Err::Error(_)) => return SyntaxError::expected(value_at, "a quoted option value").fail(),
        Err(e) => return Err(e),
    };
    let mut value = first.into_owned();
    loop {
        let (piece_at, ()) = ws(rest)?;
        if !piece_at.starts_with('\'') {
            return Ok((rest, value));
        }
        let (after, piece) = single_string(piece_at)?;
        if skip_ws(after).starts_with('=') {
            let mut err = SyntaxError::expected(piece_at, "`,`");
            err = nom::error::ParseError::or(err, SyntaxError::expected(piece_at, "`)`"));
            return err.fail();
        }
        value.push_str(&piece);
        rest = after;
    }
}

/// The keys of a list read so far. A short list is scanned where its options are, comparing in
/// place; a long one gets a hash set, so a list of 100,000 options stays linear.
///
/// The scan allocates nothing: the profile of the table corpus had a normalised or copied key
/// allocated per option here, one allocation in six of the whole parse.
struct SeenKeys {
    comparison: KeyComparison,
    index: Option<HashSet<String>>,
}

impl SeenKeys {
    const SCAN_LIMIT: usize = 32;

    fn new(comparison: KeyComparison) -> Self {
        SeenKeys { comparison, index: None }
    }

    /// The form keys are compared in.
    fn comparable(&self, key: &str) -> String {
        match self.comparison {
            KeyComparison::Normalized => normalized_key(key),
            KeyComparison::Exact => key.to_owned(),
        }
    }

    /// True when `a` and `b` are the same key.
    fn same(&self, a: &str, b: &str) -> bool {
        match self.comparison {
            KeyComparison::Exact => a == b,
            KeyComparison::Normalized if a.is_ascii() && b.is_ascii() => eq_normalized_ascii(a, b),
            KeyComparison::Normalized => normalized_key(a) == normalized_key(b),
        }
    }

    /// Records `key`, the key after `earlier` (the options read so far); false when an equal key
    /// was already there.
    fn insert(&mut self, key: &str, earlier: &[SqlOption]) -> bool {
        if self.index.is_none() && earlier.len() >= Self::SCAN_LIMIT {
            self.index = Some(earlier.iter().map(|option| self.comparable(&option.key)).collect());
        }
        if self.index.is_some() {
            let key = self.comparable(key);
            return self.index.as_mut().is_some_and(|index| index.insert(key));
        }
        !earlier.iter().any(|option| self.same(&option.key, key))
    }
}

/// `a` and `b` (both ASCII) are equal compared lower-case, with `_` read as `-`: what equal
/// `normalized_key`s mean for ASCII keys.
fn eq_normalized_ascii(a: &str, b: &str) -> bool {
    let normalize = |c: u8| if c == b'_' { b'-' } else { c.to_ascii_lowercase() };
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| normalize(x) == normalize(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(text: &str, keys: KeyComparison) -> Result<OptionList, SyntaxError<'_>> {
        match option_list(text, keys, EmptyList::Refused) {
            Ok((_, list)) => Ok(list),
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => Err(e),
            Err(nom::Err::Incomplete(_)) => unreachable!(),
        }
    }

    #[test]
    fn keys_and_values_are_kept_as_written() {
        let options = list("( 'TYPE' = 'OpenAI' , 'api_key'='a''b' )", KeyComparison::Normalized).unwrap();
        assert_eq!(options.len(), 2);
        assert_eq!(options.get("TYPE").and_then(OptionValue::as_plain), Some("OpenAI"));
        assert_eq!(options.get("api_key").map(OptionValue::expose_secret), Some("a'b"));
        assert!(options.get("api_key").unwrap().is_secret());
    }

    #[test]
    fn trailing_comma_points_at_the_comma() {
        let text = "('a' = 'b',)";
        let e = list(text, KeyComparison::Exact).unwrap_err();
        assert_eq!((e.at, e.reason), (",)", Reason::TrailingComma { close: "`)`" }));
    }

    #[test]
    fn repeated_key_names_the_key() {
        let e = list("('api-key' = 'x', 'API_KEY' = 'y')", KeyComparison::Normalized).unwrap_err();
        assert_eq!(e.reason, Reason::DuplicateKey { key: "API_KEY".into() });
        assert_eq!(e.at, "'API_KEY' = 'y')");
        assert!(list("('api-key' = 'x', 'API_KEY' = 'y')", KeyComparison::Exact).is_ok());
    }

    #[test]
    fn repeated_keys_are_found_in_short_and_long_lists_alike() {
        for count in [1, 5, 31, 32, 33, 100] {
            for (comparison, first, again) in [
                (KeyComparison::Normalized, "Api_Key", "api-KEY"),
                (KeyComparison::Normalized, "\u{212A}ey", "key"),
                (KeyComparison::Exact, "k", "k"),
            ] {
                let mut text = format!("('{first}' = 'v'");
                for n in 0..count {
                    text.push_str(&format!(", 'k{n}' = 'v'"));
                }
                text.push_str(&format!(", '{again}' = 'v')"));
                let e = list(&text, comparison).unwrap_err();
                assert_eq!(e.reason, Reason::DuplicateKey { key: again.into() }, "{count} {first}");
            }
            let mut text = String::from("('a-b' = 'v'");
            for n in 0..count {
                text.push_str(&format!(", 'k{n}' = 'v'"));
            }
            text.push_str(", 'A_B' = 'v', 'a_b' = 'v')");
            assert!(list(&text, KeyComparison::Exact).is_ok());
            assert_eq!(
                list(&text, KeyComparison::Normalized).unwrap_err().reason,
                Reason::DuplicateKey { key: "A_B".into() }
            );
        }
    }

    #[test]
    fn long_lists_switch_to_a_hash_set() {
        let mut text = String::from("(");
        for n in 0..100 {
            text.push_str(&format!("'k{n}' = 'v',"));
        }
        text.push_str("'k7' = 'v')");
        let e = list(&text, KeyComparison::Exact).unwrap_err();
        assert_eq!(e.reason, Reason::DuplicateKey { key: "k7".into() });
    }

    #[test]
    fn empty_list_is_refused_or_allowed() {
        assert_eq!(list("( )", KeyComparison::Exact).unwrap_err().reason, Reason::EmptyOptionList);
        assert!(option_list("()", KeyComparison::Exact, EmptyList::Allowed).is_ok());
    }

    #[test]
    fn unquoted_keys_and_values_are_refused() {
        let e = list("(type = 'x')", KeyComparison::Exact).unwrap_err();
        assert_eq!(e, SyntaxError::expected("type = 'x')", "a quoted option key"));
        let e = list("('type' = x)", KeyComparison::Exact).unwrap_err();
        assert_eq!(e, SyntaxError::expected("x)", "a quoted option value"));
    }

    #[test]
    fn a_missing_comma_is_reported_at_the_next_key() {
        let text = "('api-key' = 'sk' 'x' 'type' = 'openai')";
        let e = list(text, KeyComparison::Normalized).unwrap_err();
        assert_eq!(e.at, "'type' = 'openai')");
        let ok = list("('api-key' = 'sk' 'x', 'type' = 'openai')", KeyComparison::Normalized).unwrap();
        assert_eq!(ok.get("api-key").map(OptionValue::expose_secret), Some("skx"));
    }

    #[test]
    fn serialize_masks_secrets() {
        let options = OptionList::from_pairs([("type", "openai"), ("api-key", "sk-1")]);
        let json = serde_json::to_string(&options).unwrap();
        assert_eq!(json, r#"[{"key":"type","value":"openai"},{"key":"api-key","value":"<REDACTED>"}]"#);
    }
}
