//! Option lists: `( 'key' = 'value' [, ...] )`, the `WITH` of CREATE CONNECTION and CREATE TABLE and
//! the `SET` of ALTER CONNECTION.
//!
//! Keys and values are string literals, kept exactly as written (whether two keys are the same key
//! is `crate::option_key`'s rule).
//! A value whose key is sensitive is held as a [`Secret`] from the moment it is parsed. The list
//! parser refuses a trailing comma and a repeated key, naming the key and never the value.

use std::borrow::Cow;
use std::collections::hash_map::RandomState;
use std::collections::HashSet;
use std::fmt;
use std::hash::BuildHasher;
use std::sync::Arc;

use compact_str::CompactString;
use nom::Parser;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::combinator::comma_list;
use crate::lexical::scan::{scan_quoted, QuotedScan};
use crate::lexical::string::single_string;
use crate::lexical::{punct, skip_ws, ws, Input, PResult, Reason, SyntaxError, TreeBudget};
use crate::option_key::{canonical_option_key, option_key_eq};
use crate::print::{PrintMode, SqlWriter, ToSql};
use crate::redaction::{is_sensitive_key, Secret, REDACTED};

/// An option's value: plain text, or a credential held as a [`Secret`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptionValue {
    /// A value that may be shown (inline up to 24 bytes: most values are short, and a list has
    /// many of them).
    Plain(CompactString),
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
    // Inline up to 24 bytes, as names are: option keys are short.
    key: CompactString,
    value: OptionValue,
}

impl SqlOption {
    /// A pair; the value becomes a [`Secret`] when [`is_sensitive_key`] says so.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        let key = key.into();
        let value = value.into();
        let value = if is_sensitive_key(&key) {
            OptionValue::Secret(Secret::new(value))
        } else {
            OptionValue::Plain(CompactString::from(value))
        };
        SqlOption { key: CompactString::from(key), value }
    }

    /// A pair as the parser reads it: key and value inline when short, so that a typical option
    /// costs no allocation.
    fn parsed(key: CompactString, value: CompactString) -> Self {
        let value = if may_be_sensitive(&key) && is_sensitive_key(&key) {
            OptionValue::Secret(Secret::new(String::from(value)))
        } else {
            OptionValue::Plain(value)
        };
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
///
/// A clone shares the options: a stored table's list of a million options and the outcome
/// showing it are one list in memory. The list is one block of its exact length (the parser
/// makes it in one allocation, and an empty list allocates nothing; a list of thousands it reads
/// into a vector sized from a count of the text), so [`OptionList::push`] copies it: build a long
/// list with [`OptionList::from_pairs`] or from a `Vec`.
#[derive(Clone, Default)]
pub struct OptionList(Block);

/// Where a list's options are.
#[derive(Clone)]
enum Block {
    /// One block of the list's exact length, the options right after the counts.
    Exact(Arc<[SqlOption]>),
    /// A long list the parser read straight into a vector sized from a count of the text
    /// (`Options`): moving it into an `Arc<[_]>` would hold the options twice at the peak.
    Long(Arc<Vec<SqlOption>>),
}

impl Default for Block {
    fn default() -> Self {
        Block::Exact(Arc::default())
    }
}

impl OptionList {
    /// An empty list.
    pub fn new() -> Self {
        OptionList::default()
    }

    /// A list of `(key, value)` pairs, in order (sensitive values become secrets).
    pub fn from_pairs<K: Into<String>, V: Into<String>>(pairs: impl IntoIterator<Item = (K, V)>) -> Self {
        OptionList(Block::Exact(pairs.into_iter().map(|(k, v)| SqlOption::new(k, v)).collect()))
    }

    /// Appends an option: a new list, the others copied into it (clones sharing the old list
    /// keep it).
    pub fn push(&mut self, option: SqlOption) {
        let mut options = Vec::with_capacity(self.len() + 1);
        options.extend_from_slice(self.as_slice());
        options.push(option);
        self.0 = Block::Exact(Arc::from(options));
    }

    /// The options, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, SqlOption> {
        self.as_slice().iter()
    }

    /// The options as a slice.
    pub fn as_slice(&self) -> &[SqlOption] {
        match &self.0 {
            Block::Exact(options) => options,
            Block::Long(options) => options,
        }
    }

    /// Number of options.
    pub fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.as_slice().is_empty()
    }

    /// The value of the option whose key is exactly `key`.
    pub fn get(&self, key: &str) -> Option<&OptionValue> {
        self.iter().find(|o| o.key == key).map(|o| &o.value)
    }
}

impl fmt::Debug for OptionList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("OptionList").field(&self.as_slice()).finish()
    }
}

impl PartialEq for OptionList {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for OptionList {}

impl From<Vec<SqlOption>> for OptionList {
    /// A long list keeps the vector's block: moved into one of its exact length, its options
    /// would be held twice at that moment (a table's million options read back from a store).
    fn from(options: Vec<SqlOption>) -> Self {
        if options.len() >= LONG_LIST {
            OptionList(Block::Long(Arc::new(options)))
        } else {
            OptionList(Block::Exact(Arc::from(options)))
        }
    }
}

/// From this many options, a list given as a vector keeps the vector.
const LONG_LIST: usize = 64;

impl<'a> IntoIterator for &'a OptionList {
    type Item = &'a SqlOption;
    type IntoIter = std::slice::Iter<'a, SqlOption>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl Serialize for OptionList {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.as_slice().serialize(s)
    }
}

impl ToSql for OptionList {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.parenthesized(self.as_slice())
    }
}

impl fmt::Display for OptionList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::print::display(self, f)
    }
}

/// How keys are compared when looking for a repeated one (docs/dialect.md#option-lists).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyComparison {
    /// Connection options: the one key rule, [`option_key_eq`] (`'api-key'` and `'API_KEY'`
    /// collide).
    Normalized,
    /// Table options: exactly as written, as Flink compares a connector's options.
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
    let mut options = Options::from_scratch();
    let mut seen = SeenKeys::new(keys);
    let (rest, ()) = comma_list(i, ')', TreeBudget::item_in_exact_list::<SqlOption>(), |i| {
        let key_at = skip_ws(i);
        let (rest, key) = match joined_literal(i) {
            Ok(ok) => ok,
            Err(nom::Err::Error(_)) => return SyntaxError::expected(key_at, "a quoted option key").fail(),
            Err(e) => return Err(e),
        };
        if !seen.insert(&key, &options) {
            return SyntaxError::new(key_at, Reason::DuplicateKey { key: key.into() }).fail();
        }
        let (rest, ()) = nom::combinator::cut(punct("=")).parse(rest)?;
        let (rest, value) = option_value(rest)?;
        options.push(SqlOption::parsed(key, value), rest);
        Ok((rest, ()))
    })?;
    drop(seen);
    Ok((rest, options.into_list()))
}

/// The options of a list being read, into the thread's scratch vector (`OPTION_SCRATCH`): a short
/// list neither allocates nor regrows once a list as long was read, and is then moved into one
/// block of its exact length (the statements of a script are all kept, so no unused room is).
/// A list longer than the scratch goes on in a vector sized from a count of the options the rest
/// of the text holds (`options_ahead`), which becomes the list itself: no option is held twice,
/// neither by a vector's growth (old and new blocks) nor by a move into another block.
struct Options {
    current: Vec<SqlOption>,
    long: Option<Vec<SqlOption>>,
}

impl Options {
    /// The longest list read into the scratch, so also the longest scratch kept: a freak list of
    /// thousands of options is not held by the thread for good.
    const CHUNK: usize = 1024;

    fn from_scratch() -> Self {
        Options { current: OPTION_SCRATCH.take(), long: None }
    }

    /// Appends `option`, which the text `rest` follows.
    #[inline]
    fn push(&mut self, option: SqlOption, rest: Input<'_>) {
        if let Some(long) = &mut self.long {
            long.push(option);
        } else if self.current.len() < Self::CHUNK {
            self.current.push(option);
        } else {
            let mut long = Vec::with_capacity(Self::CHUNK + 1 + options_ahead(rest));
            long.append(&mut self.current);
            long.push(option);
            self.long = Some(long);
        }
    }

    /// Every option read so far, in order.
    #[inline]
    fn as_slice(&self) -> &[SqlOption] {
        self.long.as_deref().unwrap_or(&self.current)
    }

    /// How many options the list is expected to hold: a long list's count, else what is read.
    #[inline]
    fn room(&self) -> usize {
        self.long.as_ref().map_or(self.current.len(), Vec::capacity)
    }

    fn into_list(self) -> OptionList {
        let Options { mut current, long } = self;
        let list = match long {
            Some(mut long) => {
                // The count is of the text's shape, and the list matched it; a list that did
                // not (never in well-formed text) gives the room back.
                if long.capacity() - long.len() > long.len() / 8 {
                    long.shrink_to_fit();
                }
                OptionList(Block::Long(Arc::new(long)))
            }
            // Moved straight into the list's block: its length is known, so it is the one
            // allocation.
            None => OptionList(Block::Exact(current.drain(..).collect())),
        };
        if current.capacity() <= Self::CHUNK {
            OPTION_SCRATCH.set(current);
        }
        list
    }
}

/// How many options the rest of a list holds: the `, 'key' = 'value'` items (adjacent literals
/// on either side, blanks and comments between tokens) before its `)`. The count stops at the
/// first text of another shape, where the parser stops too, so it never sizes a vector for more
/// options than the text can make, nor than the tree budget admits: hostile text gets no more
/// room than its options take.
fn options_ahead(mut rest: Input<'_>) -> usize {
    /// The text after one or more adjacent string literals at the start of `i`.
    fn literals(i: Input<'_>) -> Option<Input<'_>> {
        let mut i = i;
        let mut any = false;
        while let QuotedScan::Quoted { len, .. } = scan_quoted::<b'\''>(i) {
            i = skip_ws(&i[len..]);
            any = true;
        }
        any.then_some(i)
    }
    let mut count = 0;
    loop {
        let Some(after_comma) = skip_ws(rest).strip_prefix(',') else { return count };
        let Some(after_key) = literals(skip_ws(after_comma)) else { return count };
        let Some(after_equals) = after_key.strip_prefix('=') else { return count };
        let Some(after_value) = literals(skip_ws(after_equals)) else { return count };
        count += 1;
        rest = after_value;
        // Room for no more options than the tree budget admits (`'1'='',` is 7 bytes of text
        // and a 56-byte option).
        if !TreeBudget::affords(rest, count * TreeBudget::item_in_exact_list::<SqlOption>()) {
            return count;
        }
    }
}

thread_local! {
    /// The vector an option list is read into (`Options`), kept from one list to the next. A list
    /// being read while another is (none of the grammar's lists nests) or one that failed takes a
    /// new vector.
    static OPTION_SCRATCH: std::cell::Cell<Vec<SqlOption>> = const { std::cell::Cell::new(Vec::new()) };
}

/// A literal's value as a `CompactString`: a borrowed one (no `''` in it, the usual case) through
/// the inlined constructor, not the generic conversion of a `Cow`.
#[inline]
fn compact(value: Cow<'_, str>) -> CompactString {
    match value {
        Cow::Borrowed(text) => CompactString::new(text),
        Cow::Owned(text) => CompactString::from(text),
    }
}

/// An option's value: a string literal, joined with the literals right after it, except that a
/// literal followed by `=` is the next option's key. `'a' = 'x' 'b' = 'y'` is a missing comma,
/// reported at `'b'`, rather than the value `xb` followed by a stray `=`.
fn option_value(i: Input<'_>) -> PResult<'_, CompactString> {
    let value_at = skip_ws(i);
    let (mut rest, first) = match single_string(i) {
        Ok(ok) => ok,
        Err(nom::Err::Error(_)) => return SyntaxError::expected(value_at, "a quoted option value").fail(),
        Err(e) => return Err(e),
    };
    let mut value = compact(first);
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

/// A string literal joined with the literals right after it (as `string_literal`), inline when
/// short.
fn joined_literal(i: Input<'_>) -> PResult<'_, CompactString> {
    let (mut i, first) = single_string(i)?;
    let mut value = compact(first);
    loop {
        let (after_ws, ()) = ws(i)?;
        if !after_ws.starts_with('\'') {
            return Ok((i, value));
        }
        let (rest, next) = single_string(after_ws)?;
        value.push_str(&next);
        i = rest;
    }
}

/// False for a key the sensitive-key rule cannot match, decided in one pass over its bytes: each
/// way the rule matches needs all the letters of a word (`key`, `token`, `password`, `secret`,
/// `auth`, `jaas`, `http`), and most keys (`connector`, `format`, `topic`) lack every one. The
/// full rule then runs on the few keys left. Non-ASCII keys always go to the full rule (its case
/// folding is Unicode's).
#[inline]
fn may_be_sensitive(key: &str) -> bool {
    const fn letters(word: &str) -> u32 {
        let bytes = word.as_bytes();
        let mut set = 0;
        let mut i = 0;
        while i < bytes.len() {
            set |= 1 << (bytes[i] & 31);
            i += 1;
        }
        set
    }
    const NEEDED: [u32; 7] = [
        letters("key"),
        letters("token"),
        letters("password"),
        letters("secret"),
        letters("auth"),
        letters("jaas"),
        letters("http"),
    ];
    let mut set = 0u32;
    let mut ascii = true;
    for &b in key.as_bytes() {
        // `& 31` maps a letter of either case to one bit; other bytes set some bit too, which
        // can only let a key through to the full rule.
        set |= 1 << (b & 31);
        ascii &= b.is_ascii();
    }
    if !ascii {
        return true;
    }
    NEEDED.iter().any(|needed| needed & !set == 0) && has_needed_trigram(key.as_bytes())
}

/// The second, finer test of `may_be_sensitive`, for the keys that have the letters (`key.format`,
/// `kafka.retention.time`): whether the key holds, in any case, the first three letters of a
/// word the rule needs in one piece (`tok`, `pas`, `sec`, `aut`, `jaa`, `htt`), or `key` after
/// the first byte (every credential key and substring with `key` has something before it:
/// `api-key`, `apikey`, `fs.azure.account.key`).
fn has_needed_trigram(key: &[u8]) -> bool {
    const fn trigram(word: &[u8; 3]) -> u32 {
        (word[0] as u32) << 16 | (word[1] as u32) << 8 | word[2] as u32
    }
    const STARTS: [u32; 6] =
        [trigram(b"tok"), trigram(b"pas"), trigram(b"sec"), trigram(b"aut"), trigram(b"jaa"), trigram(b"htt")];
    // The last letters of the trigrams (`& 31`, as in `may_be_sensitive`): the window is
    // compared only after one of them.
    const LAST: u32 =
        1 << (b'k' & 31) | 1 << (b's' & 31) | 1 << (b'c' & 31) | 1 << (b't' & 31) | 1 << (b'a' & 31) | 1 << (b'y' & 31);
    let mut window = 0u32;
    for (at, &b) in key.iter().enumerate() {
        // `| 0x20` lower-cases a letter and turns no other byte into a lower-case letter.
        window = window << 8 | u32::from(b | 0x20);
        if LAST & 1 << (b & 31) != 0 && at >= 2 {
            let three = window & 0x00FF_FFFF;
            if STARTS.contains(&three) || (at >= 3 && three == trigram(b"key")) {
                return true;
            }
        }
    }
    false
}

/// The keys of a list read so far. A short list is scanned where its options are, comparing in
/// place, so it allocates nothing per option; a long one gets a hash set of the keys' hashes (8
/// bytes a key, not a copy of it), so a list of 100,000 options stays linear. Two keys with the
/// same hash are compared by a scan of the list, which is rare but for a repeated key (an error).
struct SeenKeys {
    comparison: KeyComparison,
    hasher: RandomState,
    index: Option<HashSet<u64>>,
}

impl SeenKeys {
    const SCAN_LIMIT: usize = 32;

    fn new(comparison: KeyComparison) -> Self {
        SeenKeys { comparison, hasher: RandomState::new(), index: None }
    }

    /// The hash of the form keys are compared in.
    fn hash(&self, key: &str) -> u64 {
        match self.comparison {
            KeyComparison::Normalized => self.hasher.hash_one(canonical_option_key(key).as_ref()),
            KeyComparison::Exact => self.hasher.hash_one(key),
        }
    }

    /// True when `a` and `b` are the same key.
    fn same(&self, a: &str, b: &str) -> bool {
        match self.comparison {
            KeyComparison::Exact => a == b,
            KeyComparison::Normalized => option_key_eq(a, b),
        }
    }

    /// Records `key`, the key after `earlier` (the options read so far); false when an equal key
    /// was already there.
    fn insert(&mut self, key: &str, earlier: &Options) -> bool {
        let room = earlier.room();
        let earlier = earlier.as_slice();
        if self.index.is_none() && earlier.len() >= Self::SCAN_LIMIT {
            self.index = Some(earlier.iter().map(|option| self.hash(&option.key)).collect());
        }
        // Sized once for a long list's count, not grown by doubling (old and new tables).
        if let Some(index) = self.index.as_mut().filter(|index| index.capacity() < room) {
            index.reserve(room - index.len());
        }
        if self.index.is_some() {
            let hash = self.hash(key);
            if self.index.as_mut().is_some_and(|index| index.insert(hash)) {
                return true;
            }
        }
        !earlier.iter().any(|option| self.same(&option.key, key))
    }
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
        for count in [1, 5, 31, 32, 33, 100, 1022, 1023, 1024, 1500] {
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
    fn a_long_list_reads_as_a_short_one_whatever_its_count_says() {
        // Past `Options::CHUNK` the list goes on in a vector sized from a count of the text
        // (literals joined, comments and line breaks between tokens): the same list.
        let item = |n: usize| match n % 4 {
            0 => format!("'k{n}' = 'v{n}'"),
            1 => format!("'k{n}' /* , 'x' = 'y' */ = 'v' 'joined'"),
            2 => format!("'k' '{n}' = 'v' '{n}'"),
            _ => format!("'k{n}'\n  = 'a,b)c'"),
        };
        for count in [1023, 1024, 1025, 1026, 3000] {
            let text = format!("({})", (0..count).map(item).collect::<Vec<_>>().join(", "));
            let parsed = list(&text, KeyComparison::Normalized).unwrap();
            assert_eq!(parsed.len(), count);
            let keys: Vec<&str> = parsed.iter().map(SqlOption::key).collect();
            let expected: Vec<String> = (0..count).map(|n| format!("k{n}")).collect();
            assert_eq!(keys, expected);
            assert_eq!(parsed.get("k3").and_then(OptionValue::as_plain), Some("a,b)c"));
            assert_eq!(parsed.get("k1021").and_then(OptionValue::as_plain), Some("vjoined"));
            let last = count - 1;
            let value = parsed.as_slice()[last].value().as_plain().map(str::to_owned);
            assert_eq!(value, item(last).rsplit_once(" = ").map(|(_, v)| v.replace("' '", "").replace('\'', "")));
            // What a long list prints parses back to the same list, and compares equal to one
            // built from its pairs.
            let printed = parsed.to_string();
            assert_eq!(list(&printed, KeyComparison::Normalized).unwrap(), parsed);
            let built = OptionList::from_pairs(
                parsed.iter().map(|o| (o.key().to_owned(), o.value().as_plain().unwrap().to_owned())),
            );
            assert_eq!(built, parsed);
            assert_eq!(format!("{built:?}"), format!("{parsed:?}"));
        }
        // The count stops where the parser does, at text of another shape, so a broken list is
        // reported as one.
        for count in [1100, 3000] {
            let mut text = format!("({}", (0..count).map(item).collect::<Vec<_>>().join(", "));
            text.push_str(", 'x' = N'y', 'z' = 'w')");
            let e = list(&text, KeyComparison::Normalized).unwrap_err();
            assert!(e.at.starts_with("N'y'"), "{count}");
            let text = format!("({}, 'k7' = 'again')", (0..count).map(item).collect::<Vec<_>>().join(", "));
            let e = list(&text, KeyComparison::Normalized).unwrap_err();
            assert_eq!(e.reason, Reason::DuplicateKey { key: "k7".into() });
        }
        assert_eq!(options_ahead(", 'a' = 'b', 'c' 'd' = 'e' 'f' -- c\n, 'g' = 'h')"), 3);
        assert_eq!(options_ahead(", 'a' = 'b', N'c' = 'd', 'e' = 'f')"), 1);
        assert_eq!(options_ahead(",,,,,,,,,,"), 0);
        assert_eq!(options_ahead(", 'a' = 'b' 'c' = 'd'"), 1);
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
    fn the_prefilter_lets_every_sensitive_key_through() {
        let mut keys: Vec<String> = Vec::new();
        for word in crate::redaction::CREDENTIAL_KEYS.iter().chain(&crate::redaction::SENSITIVE_SUBSTRINGS) {
            for spelling in [word.to_string(), word.to_ascii_uppercase(), word.replace('-', "_")] {
                keys.push(spelling.clone());
                keys.push(format!("openai.{spelling}"));
                keys.push(format!("x{spelling}.y"));
            }
        }
        for key in ["Api_Key", "PASSWÖRD.password", "\u{212A}ey", "basic_AUTH", "a.JAAS.config"] {
            keys.push(key.to_owned());
        }
        for key in &keys {
            assert!(!is_sensitive_key(key) || may_be_sensitive(key), "{key}");
        }
        for key in ["connector", "format", "topic", "scan.startup.mode", "value.format", "endpoint", "type"] {
            assert!(!is_sensitive_key(key));
        }
        assert!(!may_be_sensitive("connector") && !may_be_sensitive("format") && !may_be_sensitive("type"));
        for key in ["key.format", "kafka.retention.time", "kafka.cleanup-policy", "KEY.FIELDS"] {
            assert!(!may_be_sensitive(key), "{key}");
        }
        for key in ["x.KEY", "Token", "a.Http_Headers", "AUTH", "jaas", "my-password", "Secret.x"] {
            assert!(may_be_sensitive(key), "{key}");
        }
    }

    #[test]
    fn a_clone_shares_the_options_until_one_is_pushed_to() {
        let mut text = String::from("(");
        for n in 0..5000 {
            text.push_str(&format!("'k{n}' = 'v{n}',"));
        }
        text.push_str("'last' = 'v')");
        let options = list(&text, KeyComparison::Exact).unwrap();
        assert_eq!(options.len(), 5001);
        assert!(options.iter().enumerate().take(5000).all(|(n, o)| o.key() == format!("k{n}")));
        assert_eq!(options.get("last").and_then(OptionValue::as_plain), Some("v"));
        let shared = options.clone();
        assert_eq!(shared.as_slice().as_ptr(), options.as_slice().as_ptr());
        let mut pushed = shared.clone();
        pushed.push(SqlOption::new("more", "x"));
        assert_eq!((options.len(), shared.len(), pushed.len()), (5001, 5001, 5002));
        assert_eq!(&pushed.as_slice()[..5001], options.as_slice());
    }

    #[test]
    fn serialize_masks_secrets() {
        let options = OptionList::from_pairs([("type", "openai"), ("api-key", "sk-1")]);
        let json = serde_json::to_string(&options).unwrap();
        assert_eq!(json, r#"[{"key":"type","value":"openai"},{"key":"api-key","value":"<REDACTED>"}]"#);
    }
}
