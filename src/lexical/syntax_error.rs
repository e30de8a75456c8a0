//! `SyntaxError`, the error type of every nom parser in the crate, with the parsers' `Input` and
//! `PResult`.
//!
//! It is cheap to build (no allocation for the common "expected X" case) because parsers build and
//! throw away many of them while trying alternatives. It holds the input at the point of failure;
//! `crate::error::ParseError` turns that into an offset, a line and a column, and the message.
//! No variant holds a piece of the input text: the input may contain a credential.

use nom::error::{ContextError, ErrorKind, ParseError as NomParseError};

use super::blank::skip_ws;

/// The parsers' input: the rest of the source text. Positions are recovered at the top level as
/// `source.len() - rest.len()`, which costs nothing while parsing.
pub(crate) type Input<'a> = &'a str;

/// What every parser of the crate returns.
pub(crate) type PResult<'a, O> = nom::IResult<Input<'a>, O, SyntaxError<'a>>;

/// Why a parser failed. Every variant becomes one sentence of the public error message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reason {
    /// The input did not start with any of these (labels such as "`WITH`" or "a name").
    Expected(ExpectedSet),
    /// `'k' = 'v',)`: a comma with nothing after it in a list; `close` labels the list's closing
    /// bracket ("`)`", "`]`", "`>`").
    TrailingComma { close: &'static str },
    /// `my-conn` unquoted; holds the whole hyphenated name, to suggest the quoted form.
    HyphenatedName { name: String },
    /// A reserved word used unquoted where a name belongs.
    ReservedWord { word: &'static str },
    /// The same option key twice in one list (the key, never the value).
    DuplicateKey { key: String },
    /// Two clauses that cannot be used together, e.g. "`OR REPLACE` and `IF NOT EXISTS`".
    Conflict { first: &'static str, second: &'static str },
    /// A clause this dialect does not have, with a hint about what it has instead.
    Unsupported { what: &'static str, hint: &'static str },
    /// `WITH ()` where at least one option is required.
    EmptyOptionList,
    /// A `'...` with no closing quote.
    UnterminatedString,
    /// A `` `... `` with no closing backtick.
    UnterminatedQuotedName,
    /// A `/* ...` with no closing `*/`.
    UnterminatedComment,
    /// `` `` ``: a quoted name with nothing inside.
    EmptyQuotedName,
    /// A name with more parts than the position allows.
    TooManyNameParts { max: usize },
    /// Nesting deeper than the configured limit.
    TooDeep { limit: usize },
    /// A statement whose syntax tree outgrows its text by more than the allowance.
    TreeTooLarge { allowance: usize },
    /// A number or parameter outside its allowed range (the message says which).
    OutOfRange { what: &'static str, min: u64, max: u64 },
    /// Anything else; the text is written by the crate, never copied from the input.
    Message(String),
}

/// A small set of "expected" labels, kept inline: building one never allocates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct ExpectedSet {
    labels: [&'static str; ExpectedSet::CAPACITY],
    len: u8,
}

impl ExpectedSet {
    const CAPACITY: usize = 4;

    pub(crate) fn one(label: &'static str) -> Self {
        let mut set = ExpectedSet::default();
        set.push(label);
        set
    }

    /// Adds a label unless present; beyond the capacity, further labels are dropped (the message
    /// then lists the first four, which is as many as a person reads; the set stays small because every
    /// parser result carries one).
    pub(crate) fn push(&mut self, label: &'static str) {
        if self.iter().any(|l| l == label) || usize::from(self.len) == Self::CAPACITY {
            return;
        }
        self.labels[usize::from(self.len)] = label;
        self.len += 1;
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.labels[..usize::from(self.len)].iter().copied()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// A parser's failure: where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError<'a> {
    /// The rest of the input where the problem is (after blanks).
    pub(crate) at: Input<'a>,
    pub(crate) reason: Reason,
}

impl<'a> SyntaxError<'a> {
    pub(crate) fn new(at: Input<'a>, reason: Reason) -> Self {
        SyntaxError { at, reason }
    }

    /// "expected `label`" at `at`.
    pub(crate) fn expected(at: Input<'a>, label: &'static str) -> Self {
        SyntaxError { at, reason: Reason::Expected(ExpectedSet::one(label)) }
    }

    /// A recoverable error: an enclosing `alt` may try something else.
    pub(crate) fn backtrack<T>(self) -> Result<T, nom::Err<Self>> {
        Err(nom::Err::Error(self))
    }

    /// An error no enclosing `alt` may replace: the statement is wrong here.
    pub(crate) fn fail<T>(self) -> Result<T, nom::Err<Self>> {
        Err(nom::Err::Failure(self))
    }
}

impl<'a> NomParseError<Input<'a>> for SyntaxError<'a> {
    fn from_error_kind(input: Input<'a>, kind: ErrorKind) -> Self {
        // Only nom's own combinators get here (`eof`, `many*` guards, ...). Their kinds are not
        // words a person should read, so the error says what it can: something else was expected.
        let label = match kind {
            ErrorKind::Eof => "end of input",
            _ => "something else",
        };
        SyntaxError::expected(skip_ws(input), label)
    }

    fn append(_input: Input<'a>, _kind: ErrorKind, other: Self) -> Self {
        other
    }

    /// Keeps the error that got further; at the same position, unites what was expected.
    fn or(self, other: Self) -> Self {
        match self.at.len().cmp(&other.at.len()) {
            std::cmp::Ordering::Less => self,
            std::cmp::Ordering::Greater => other,
            std::cmp::Ordering::Equal => match (self.reason, other.reason) {
                (Reason::Expected(mut a), Reason::Expected(b)) => {
                    for label in b.iter() {
                        a.push(label);
                    }
                    SyntaxError { at: self.at, reason: Reason::Expected(a) }
                }
                // A specific reason says more than a list of expectations.
                (Reason::Expected(_), specific) | (specific, _) => SyntaxError { at: self.at, reason: specific },
            },
        }
    }
}

impl<'a> ContextError<Input<'a>> for SyntaxError<'a> {
    /// A context label replaces the inner expectations when the inner parser failed on the very
    /// first token of the context ("expected a connection name" rather than "expected a name or a
    /// quoted name"); when it got further, the inner error is more precise and is kept.
    fn add_context(input: Input<'a>, ctx: &'static str, other: Self) -> Self {
        match other.reason {
            Reason::Expected(_) if other.at.len() >= skip_ws(input).len() => SyntaxError::expected(other.at, ctx),
            _ => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn or_unites_expectations_at_the_same_position() {
        let text = "x";
        let merged = SyntaxError::expected(text, "`,`").or(SyntaxError::expected(text, "`)`"));
        let Reason::Expected(set) = merged.reason else { panic!() };
        assert_eq!(set.iter().collect::<Vec<_>>(), ["`,`", "`)`"]);
    }

    #[test]
    fn or_keeps_the_error_that_got_further() {
        let text = "abc";
        let near = SyntaxError::expected(text, "near");
        let far = SyntaxError::expected(&text[2..], "far");
        assert_eq!(near.clone().or(far.clone()), far);
        assert_eq!(far.clone().or(near), far);
    }

    #[test]
    fn context_replaces_only_a_first_token_failure() {
        let text = "  foo.";
        let first = SyntaxError::expected(&text[2..], "a name");
        let deeper = SyntaxError::expected(&text[6..], "a name");
        let Reason::Expected(set) = SyntaxError::add_context(text, "a connection name", first).reason else { panic!() };
        assert_eq!(set.iter().collect::<Vec<_>>(), ["a connection name"]);
        assert_eq!(SyntaxError::add_context(text, "a connection name", deeper.clone()), deeper);
    }

    #[test]
    fn expected_set_ignores_duplicates_and_overflow() {
        let mut set = ExpectedSet::default();
        for label in ["a", "b", "a", "c", "d", "e", "f"] {
            set.push(label);
        }
        assert_eq!(set.iter().count(), ExpectedSet::CAPACITY);
        assert_eq!(set.iter().filter(|l| *l == "a").count(), 1);
    }
}
