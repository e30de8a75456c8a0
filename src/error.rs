//! `ParseError`: where a statement is wrong (byte offset, line, column), what was expected and
//! what was found, and the offending line with a caret under the position.
//!
//! The "found" part names the kind of token (a string literal, a name, a keyword), never its
//! text, which may be a password. The line is shown after masking credentials (the text
//! redactor, in the mode that also catches broken pairs), so the message never carries a
//! secret; the caret moves with the masking while the column stays that of the real text.

use std::fmt;
use std::ops::Range;

use crate::lexical::keyword::flink_keyword;
use crate::lexical::span::{floor_char_boundary, line_end_after, line_start_before, offset_in, Location};
use crate::lexical::{Reason, SyntaxError};
use crate::redaction::{broken_sql_ranges_one_pass, REDACTED};

/// What kind of mistake a [`ParseError`] reports, for programs that react to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// Something else was expected here.
    Syntax,
    /// A comma with nothing after it before the list's closing bracket.
    TrailingComma,
    /// An unquoted name containing `-`.
    HyphenatedName,
    /// A reserved word where a name belongs.
    ReservedWord,
    /// The same option key twice in one list.
    DuplicateOption,
    /// Two clauses that exclude each other.
    ConflictingClauses,
    /// A clause that exists upstream but not in this dialect.
    Unsupported,
    /// An option list that must not be empty is.
    EmptyOptionList,
    /// A string literal without its closing quote.
    UnterminatedString,
    /// A quoted name without its closing backtick.
    UnterminatedQuotedName,
    /// A block comment without its closing `*/`.
    UnterminatedComment,
    /// A quoted name with nothing inside.
    EmptyQuotedName,
    /// A name with too many dot-separated parts.
    TooManyNameParts,
    /// Nesting deeper than the configured limit.
    TooDeep,
    /// Input longer than the configured limit.
    InputTooLarge,
    /// A statement whose syntax tree would outgrow its text by more than the configured
    /// allowance (a list of millions of short items).
    TreeTooLarge,
    /// A number or type parameter outside its range.
    OutOfRange,
    /// A statement that is well-formed but breaks a rule checked after parsing.
    Invalid,
}

/// A statement that could not be parsed: where, and why.
///
/// ```
/// let err = flink_ddl::parse_statement("CREATE CONNECTION c WITH ('type' = 'x',)").unwrap_err();
/// assert_eq!((err.line(), err.column(), err.offset()), (1, 39, 38));
/// assert_eq!(
///     err.to_string(),
///     "trailing comma: remove the `,` before `)` (line 1, column 39)\n\
///      CREATE CONNECTION c WITH ('type' = 'x',)\n\
///     \x20                                     ^"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (line {line}, column {column})\n{snippet}", line = self.location.line, column = self.location.column)]
pub struct ParseError {
    kind: ParseErrorKind,
    message: String,
    offset: usize,
    location: Location,
    snippet: Snippet,
}

impl ParseError {
    /// 1-based line of the problem.
    pub fn line(&self) -> usize {
        self.location.line
    }

    /// 1-based column of the problem, in characters.
    pub fn column(&self) -> usize {
        self.location.column
    }

    /// Byte offset of the problem in the parsed text.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The kind of mistake.
    pub fn kind(&self) -> ParseErrorKind {
        self.kind
    }

    /// The message alone: what was expected and what was found, without position or source line.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The offending source line as shown (credentials masked, long lines cut around the caret).
    pub fn source_line(&self) -> &str {
        &self.snippet.line
    }

    /// The same error with its offset moved by `base` bytes and its line and column computed
    /// in `source`, the larger text the parsed text was cut from (the binary parses statement by
    /// statement and reports positions in the whole file).
    pub fn relocated(&self, source: &str, base: usize) -> ParseError {
        let offset = base + self.offset;
        ParseError::in_statement(source, base, offset, self.kind, self.message.clone())
    }

    /// A parser failure, positioned in `source` (which `err.at` is a suffix of).
    pub(crate) fn from_syntax(source: &str, statement: usize, err: SyntaxError<'_>) -> ParseError {
        // At the end of the input, the caret goes right after the last text, not on a blank line
        // below it: that is where the missing piece belongs.
        let offset = if err.at.is_empty() { source.trim_end().len() } else { offset_in(source, err.at) };
        let (kind, message) = describe(&err);
        ParseError::in_statement(source, statement, offset, kind, message)
    }

    /// An error at byte `offset` of `source`.
    pub(crate) fn at(source: &str, offset: usize, kind: ParseErrorKind, message: String) -> ParseError {
        ParseError::in_statement(source, 0, offset, kind, message)
    }

    /// An error at byte `offset` of `source`, in the statement that starts at byte `statement`:
    /// its line is masked from what the redactor reads from there, not from the start of the text
    /// (an error at the end of a long script does not read the whole script again).
    pub(crate) fn in_statement(
        source: &str,
        statement: usize,
        offset: usize,
        kind: ParseErrorKind,
        message: String,
    ) -> ParseError {
        let offset = floor_char_boundary(source, offset.min(source.len()));
        ParseError {
            kind,
            message,
            offset,
            location: Location::of(source, offset),
            snippet: Snippet::of(source, statement, offset),
        }
    }

    /// Input over the size limit; reported at the first byte past the limit.
    pub(crate) fn too_large(source: &str, limit: usize) -> ParseError {
        let message = format!(
            "the input is {} bytes, more than the limit of {limit} bytes (raise it with ParseOptions::max_input_bytes)",
            source.len()
        );
        // Only the text within the limit is read, for the line and its masking: the rest is what
        // was refused (an open literal at the limit is masked to its end).
        let within = &source[..floor_char_boundary(source, limit.min(source.len()))];
        ParseError::at(within, within.len(), ParseErrorKind::InputTooLarge, message)
    }
}

/// The kind and message for a parser failure.
fn describe(err: &SyntaxError<'_>) -> (ParseErrorKind, String) {
    use ParseErrorKind as K;
    let found = found(err.at);
    match &err.reason {
        Reason::Expected(set) if set.is_empty() => (K::Syntax, format!("unexpected {found}")),
        Reason::Expected(set) => {
            let labels: Vec<&str> = set.iter().collect();
            let list = match labels.as_slice() {
                [one] => (*one).to_owned(),
                [init @ .., last] => format!("{} or {last}", init.join(", ")),
                [] => unreachable!("checked above"),
            };
            // With one keyword expected, "expected `ENFORCED`" already says it.
            let hint = did_you_mean(err.at, set.iter())
                .filter(|k| !matches!(labels.as_slice(), [only] if only.trim_matches('`') == *k))
                .map(|k| format!("; did you mean `{k}`?"))
                .unwrap_or_default();
            let hint = if hint.is_empty() { quoting_hint(err.at, &labels) } else { hint };
            (K::Syntax, format!("expected {list}, found {found}{hint}"))
        }
        Reason::TrailingComma { close } => (K::TrailingComma, format!("trailing comma: remove the `,` before {close}")),
        Reason::HyphenatedName { name } => {
            (K::HyphenatedName, format!("`-` cannot appear in an unquoted name; write the name in backticks: `{name}`"))
        }
        Reason::ReservedWord { word } => (
            K::ReservedWord,
            format!("expected a name, found the reserved word `{word}`; write it in backticks to use it as a name"),
        ),
        Reason::DuplicateKey { key } => {
            let mut quoted = String::new();
            let _ = crate::lexical::string::write_string_literal(&mut quoted, key);
            (K::DuplicateOption, format!("option {quoted} is given more than once"))
        }
        Reason::Conflict { first, second } => {
            (K::ConflictingClauses, format!("`{first}` and `{second}` cannot be used together"))
        }
        Reason::Unsupported { what, hint } => {
            (K::Unsupported, format!("{what}: not supported in this dialect; {hint}"))
        }
        Reason::EmptyOptionList => {
            (K::EmptyOptionList, "the option list is empty: give at least one 'key' = 'value' option".into())
        }
        Reason::UnterminatedString => (K::UnterminatedString, "unterminated string literal: no closing `'`".into()),
        Reason::UnterminatedQuotedName => {
            (K::UnterminatedQuotedName, "unterminated quoted name: no closing backtick".into())
        }
        Reason::UnterminatedComment => (K::UnterminatedComment, "unterminated comment: no closing `*/`".into()),
        Reason::EmptyQuotedName => (K::EmptyQuotedName, "a quoted name cannot be empty".into()),
        Reason::TooManyNameParts { max } => {
            (K::TooManyNameParts, format!("a name has at most {max} parts (`catalog.database.name`), found more"))
        }
        Reason::TooDeep { limit } => (
            K::TooDeep,
            format!("nesting is deeper than the limit of {limit} levels (raise it with ParseOptions::max_depth)"),
        ),
        Reason::TreeTooLarge { allowance } => (
            K::TreeTooLarge,
            format!(
                "this statement's lists are too long: its syntax tree would outgrow its text by more than \
                 {allowance} bytes (split it into smaller statements; a program using the library can raise \
                 ParseOptions::max_tree_overhead_bytes)"
            ),
        ),
        Reason::OutOfRange { what, min, max } => (K::OutOfRange, format!("{what} must be between {min} and {max}")),
        Reason::Message(message) => (K::Invalid, message.clone()),
    }
}

/// The keyword a misspelled word at `at` was probably meant to be, among those the error expected:
/// the backticked words of the labels (`TABLE` in "`CONNECTION`", `WITH` in "a clause (... `WITH`
/// ...)"), the type names for "a data type" and the units for "a time unit". Only the keyword
/// is shown, never the word, which may be anything the user typed.
fn did_you_mean(at: &str, labels: impl Iterator<Item = &'static str>) -> Option<&'static str> {
    if !at.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        return None;
    }
    let word = crate::lexical::peek_word(at).to_ascii_uppercase();
    let mut candidates: Vec<&'static str> = Vec::new();
    for label in labels {
        if label == "a data type" {
            candidates.extend_from_slice(crate::data_type::TYPE_NAMES);
        } else if label.starts_with("a time unit") {
            candidates.extend_from_slice(&["YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"]);
        }
        // The first word of each backticked part: `PRIMARY KEY` offers PRIMARY.
        for quoted in label.split('`').skip(1).step_by(2) {
            let first = quoted.split(' ').next().unwrap_or_default();
            if first.len() >= 3 && first.bytes().all(|b| b.is_ascii_uppercase() || b == b'_') {
                candidates.push(first);
            }
        }
    }
    crate::lexical::likely_meant(&word, candidates)
}

/// What the input holds at an error, named by kind: never the text of a literal or a name. A
/// keyword is shown as it was typed (`type`, not `TYPE`): it is a word of the language.
fn found(at: &str) -> String {
    let Some(first) = at.chars().next() else { return "end of input".into() };
    match first {
        '\'' => "a string literal".into(),
        '"' => "a double-quoted text".into(),
        '`' => "a quoted name".into(),
        '0'..='9' => "a number".into(),
        c if c.is_ascii_alphabetic() || c == '_' || c == '$' => {
            let word = crate::lexical::peek_word(at);
            match flink_keyword(word) {
                Some(_) => format!("`{word}`"),
                None => "a name".into(),
            }
        }
        c if c.is_ascii_punctuation() => format!("`{c}`"),
        c if c.is_alphabetic() => "a letter outside A-Z".into(),
        _ => "a character that is not allowed here".into(),
    }
}

/// Hints for the quoting mistakes a newcomer makes, by what was found and what was expected.
/// None shows the text found, only its kind.
fn quoting_hint(at: &str, expected: &[&str]) -> String {
    let Some(first) = at.chars().next() else { return String::new() };
    let expects = |label: &str| expected.iter().any(|e| e.contains(label));
    if first == '"' {
        return "; strings are written in single quotes ('...'), double quotes are not string quotes here".into();
    }
    if expects("a quoted option key") && (first.is_alphabetic() || first == '_' || first == '`') {
        return "; option keys are string literals: write the key in single quotes, e.g. 'type' = 'openai'".into();
    }
    // Also inside a name that goes on with such a letter (`café`: the error is at `é`).
    if !first.is_ascii() && first.is_alphabetic() {
        return "; an unquoted name has only the letters A-Z, digits, `_` and `$`: write this name in backticks, e.g. `café`"
            .into();
    }
    String::new()
}

/// The offending line, masked and cut to a readable width, and where the caret goes.
///
/// Only the window around the caret is copied, never the line: a hostile line of 100 MB costs
/// the window's few hundred bytes (and the masked ranges the redactor finds before it).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Snippet {
    line: String,
    /// The text before the caret (blanks and tabs kept, so the caret lines up).
    caret_prefix: String,
}

/// A piece of the line as shown: text of the source, or a masked range of it.
#[derive(Debug, Clone, Copy)]
enum Piece {
    /// `source[from..to]`, shown as it is.
    Text { from: usize, to: usize },
    /// The source up to `to`, shown as the mask, or as nothing when `mask` is false (the later
    /// pieces of a value made of joined literals).
    Hidden { to: usize, mask: bool },
}

/// The pieces of the line `start..end`, from the masked ranges of the text read from `context`
/// (computed again for each pass rather than kept: a line may hold millions of them).
struct Pieces<'r> {
    ranges: std::slice::Iter<'r, (Range<usize>, bool)>,
    context: usize,
    start: usize,
    end: usize,
    copied: usize,
    hidden: Option<Piece>,
    done: bool,
}

impl<'r> Pieces<'r> {
    fn new(ranges: &'r [(Range<usize>, bool)], context: usize, start: usize, end: usize) -> Self {
        Pieces { ranges: ranges.iter(), context, start, end, copied: start, hidden: None, done: false }
    }
}

impl Iterator for Pieces<'_> {
    type Item = Piece;

    fn next(&mut self) -> Option<Piece> {
        if let Some(hidden) = self.hidden.take() {
            return Some(hidden);
        }
        for (range, placeholder) in self.ranges.by_ref() {
            let (range_start, range_end) = (range.start + self.context, range.end + self.context);
            if range_end <= self.start || range_start >= self.end {
                continue;
            }
            // Ranges come sorted and disjoint; clamping to `copied` keeps this safe regardless.
            let (from, to) = (range_start.max(self.start).max(self.copied), range_end.min(self.end));
            if to <= from {
                continue;
            }
            // A range cut by the line's start (a value opened on an earlier line) shows the mask.
            self.hidden = Some(Piece::Hidden { to, mask: *placeholder || from != range_start });
            let text = Piece::Text { from: self.copied, to: from };
            self.copied = to;
            return Some(text);
        }
        if self.done {
            return None;
        }
        self.done = true;
        Some(Piece::Text { from: self.copied, to: self.end })
    }
}

impl Snippet {
    /// Characters shown before and after the caret when a line is too long to show whole.
    const BEFORE: usize = 80;
    const AFTER: usize = 60;

    /// The line holding `offset`, masked. `context` is where the redactor starts reading: the
    /// start of the statement, so that a literal opened on an earlier line of it is known for
    /// what it is (0 reads the whole text before).
    fn of(source: &str, context: usize, offset: usize) -> Snippet {
        let start = line_start_before(source, offset);
        let end = line_end_after(source, offset).max(offset);
        let context = context.min(offset);
        // When the line starts before the statement, the earlier statements on it are read from the
        // start of the text, unless only blanks come before the statement.
        let context = match context.cmp(&start) {
            std::cmp::Ordering::Greater if !source[start..context].bytes().all(|b| b == b' ' || b == b'\t') => 0,
            _ => context.min(start),
        };
        let ranges = broken_sql_ranges_one_pass(&source[context..end]);
        let caret = Self::caret(source, Pieces::new(&ranges, context, start, end), offset);
        Self::window(source, Pieces::new(&ranges, context, start, end), caret)
    }

    /// Where the caret goes, in characters of the line as shown.
    fn caret(source: &str, pieces: Pieces<'_>, offset: usize) -> usize {
        let mut shown = 0;
        for piece in pieces {
            match piece {
                Piece::Text { from, to } if offset < to => {
                    return shown + source[from..offset.max(from)].chars().count()
                }
                Piece::Text { from, to } => shown += source[from..to].chars().count(),
                // Inside a masked range the caret points at the mask.
                Piece::Hidden { to, .. } if offset < to => return shown,
                Piece::Hidden { mask, .. } => shown += if mask { REDACTED.len() } else { 0 },
            }
        }
        shown
    }

    /// The shown line around the caret, cut to `BEFORE` and `AFTER` characters and marked with
    /// `...` where it was cut.
    fn window(source: &str, pieces: Pieces<'_>, caret: usize) -> Snippet {
        let first = caret.saturating_sub(Self::BEFORE);
        let last = caret + Self::AFTER;
        let mut line = String::new();
        let mut caret_prefix = String::new();
        if first > 0 {
            line.push_str("...");
            caret_prefix.push_str("   ");
        }
        let mut n = 0;
        for piece in pieces {
            let text = match piece {
                Piece::Text { from, to } => &source[from..to],
                Piece::Hidden { mask: false, .. } => "",
                // A mask the window's edge cuts is shown whole: a reader sees it for what it is.
                Piece::Hidden { mask: true, .. } if n < last && n + REDACTED.len() > first => {
                    line.push_str(REDACTED);
                    caret_prefix.extend((n..n + REDACTED.len()).filter(|&k| k < caret).map(|_| ' '));
                    n += REDACTED.len();
                    continue;
                }
                Piece::Hidden { mask: true, .. } => REDACTED,
            };
            for c in text.chars() {
                if n >= last {
                    line.push_str("...");
                    return Snippet { line, caret_prefix };
                }
                if n >= first {
                    line.push(c);
                    if n < caret {
                        caret_prefix.push(if c == '\t' { '\t' } else { ' ' });
                    }
                }
                n += 1;
            }
        }
        Snippet { line, caret_prefix }
    }
}

impl fmt::Display for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n{}^", self.line, self.caret_prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_at(source: &str, offset: usize) -> ParseError {
        ParseError::at(source, offset, ParseErrorKind::Syntax, "boom".into())
    }

    #[test]
    fn caret_under_the_column_on_the_right_line() {
        let err = error_at("SHOW\n  CONNECTIONS x", 19);
        assert_eq!((err.line(), err.column()), (2, 15));
        assert_eq!(err.to_string(), "boom (line 2, column 15)\n  CONNECTIONS x\n              ^");
    }

    #[test]
    fn secrets_on_the_line_are_masked_and_the_caret_follows() {
        let source = "WITH ('api-key' = 'sk-secret-123', 'x' = 1)";
        let err = error_at(source, source.rfind('1').unwrap());
        assert!(!err.to_string().contains("sk-secret"));
        assert_eq!(err.source_line(), "WITH ('api-key' = '<REDACTED>', 'x' = 1)");
        assert_eq!(err.to_string().lines().last().unwrap().len(), "WITH ('api-key' = '<REDACTED>', 'x' = ".len() + 1);
    }

    #[test]
    fn an_error_inside_a_secret_points_at_its_mask() {
        let source = "('password' = 'hunter2";
        let err = error_at(source, 14);
        // The value is left open: what follows the key is masked whole, the caret on the mask.
        assert_eq!(err.source_line(), "('password' <REDACTED>");
        assert!(err.to_string().ends_with("\n            ^"));
    }

    #[test]
    fn a_secret_spanning_lines_is_masked_on_each() {
        let source = "('password' = 'abc\ndef' x";
        let err = error_at(source, source.len() - 1);
        // The word glued after the value may be the rest of it: masked too.
        assert_eq!(err.source_line(), "<REDACTED>' <REDACTED>");
        assert_eq!(err.column(), 6);
    }

    #[test]
    fn tabs_are_kept_before_the_caret() {
        let err = error_at("\tSHOW x", 6);
        assert!(err.to_string().ends_with("\n\t     ^"));
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let source = format!("{}X{}", "a ".repeat(500), "b ".repeat(500));
        let err = error_at(&source, 1000);
        assert!(err.source_line().starts_with("...") && err.source_line().ends_with("..."));
        assert!(err.source_line().len() < 160);
        assert_eq!(err.column(), 1001);
    }

    #[test]
    fn a_line_shared_with_an_earlier_statement_is_masked_whole() {
        let err = crate::parse("ALTER CONNECTION c SET ('password' = 'p1'); DROP CONNECTION x y").unwrap_err();
        assert_eq!(err.source_line(), "ALTER CONNECTION c SET ('password' = '<REDACTED>'); DROP CONNECTION x y");
        assert_eq!(err.column(), 63);
        // A secret spanning lines in an earlier statement, and an error on its last line.
        let err = crate::parse("ALTER CONNECTION c SET ('password' = 'p1\np2'); DROP CONNECTION x y").unwrap_err();
        assert_eq!(err.source_line(), "<REDACTED>'); DROP CONNECTION x y");
    }

    #[test]
    fn the_statement_is_read_from_its_start() {
        // The literal opened on the statement's first line is a secret on the error's line.
        let sql = "SHOW CONNECTIONS;\n  ALTER CONNECTION c SET ('password' = 'p1\np2', 'x' = 1 2)";
        let err = crate::parse(sql).unwrap_err();
        assert_eq!(err.source_line(), "<REDACTED>', 'x' = 1 2)");
        assert_eq!((err.line(), err.column()), (3, 12));
        let err = crate::parse("SHOW CONNECTIONS;\n  ALTER CONNECTION c SET ('password' = 'p1' 2)").unwrap_err();
        assert_eq!(err.source_line(), "  ALTER CONNECTION c SET ('password' = '<REDACTED>' <REDACTED>");
    }

    #[test]
    fn a_window_inside_a_long_line_keeps_masks_and_tabs() {
        let source = format!("{}\t('password' = '{}') x", "a ".repeat(100), "s".repeat(1000));
        let err = error_at(&source, source.len() - 1);
        // 80 characters before the caret, as shown: the mask counts as what it shows.
        assert_eq!(err.source_line(), format!("...{} \t('password' = '<REDACTED>') x", " a".repeat(25)));
        assert!(err.to_string().ends_with(&format!("\n   {}\t{}^", " ".repeat(51), " ".repeat(28))));
    }

    #[test]
    fn a_mask_cut_by_the_window_is_shown_whole() {
        // The mask starts 3 characters before the window's first one.
        let source = format!("('password' = '{}') {}X", "s".repeat(50), "b".repeat(77 - 2));
        let err = error_at(&source, source.len() - 1);
        assert_eq!(err.source_line(), format!("...<REDACTED>') {}X", "b".repeat(75)));
        assert!(err.to_string().ends_with(&format!("\n{}^", " ".repeat(3 + 10 + 3 + 75))));
        // And the window's last one (the mask spans characters 55 to 65; the window ends at 60).
        let source = format!("x{}('password' = '{}')", "a".repeat(39), "s".repeat(50));
        let err = error_at(&source, 0);
        assert_eq!(err.source_line(), format!("x{}('password' = '<REDACTED>...", "a".repeat(39)));
    }

    #[test]
    fn a_misspelled_keyword_gets_the_expected_keyword_it_is_close_to() {
        fn labels<'a>(l: &'a [&'static str]) -> impl Iterator<Item = &'static str> + 'a {
            l.iter().copied()
        }
        assert_eq!(did_you_mean("TABEL t", labels(&["`CONNECTION`", "`TABLE`"])), Some("TABLE"));
        assert_eq!(did_you_mean("enfroced)", labels(&["`ENFORCED`"])), Some("ENFORCED"));
        assert_eq!(did_you_mean("PRIMAY KEY", labels(&["a column, `WATERMARK` or `PRIMARY KEY`"])), Some("PRIMARY"));
        assert_eq!(did_you_mean("VARCAHR(10)", labels(&["a data type"])), Some("VARCHAR"));
        assert_eq!(
            did_you_mean("SECONDS)", labels(&["a time unit (YEAR, MONTH, DAY, HOUR, MINUTE or SECOND)"])),
            Some("SECOND")
        );
        // Nothing close, too short, not a word, or the keyword itself: no suggestion.
        assert_eq!(did_you_mean("orders", labels(&["`TABLE`"])), None);
        assert_eq!(did_you_mean("ab", labels(&["`AS`"])), None);
        assert_eq!(did_you_mean("'TABLE'", labels(&["`TABLE`"])), None);
        assert_eq!(did_you_mean("TABLE", labels(&["`TABLE`"])), None);
        assert_eq!(did_you_mean("TIME_WITHOUT_TIME_ZONE(3)", labels(&["a data type"])), None);
    }

    #[test]
    fn found_never_shows_literal_text_or_names() {
        assert_eq!(found("'sk-123'"), "a string literal");
        assert_eq!(found("sk_live_123"), "a name");
        assert_eq!(found("with x"), "`with`");
        assert_eq!(found("\"sk-1\""), "a double-quoted text");
        assert_eq!(found("é"), "a letter outside A-Z");
        assert_eq!(found(""), "end of input");
        assert_eq!(found(",x"), "`,`");
        assert_eq!(found("123"), "a number");
    }

    #[test]
    fn relocation_recomputes_line_and_column() {
        let whole = "SHOW CONNECTIONS;\nDROP CONNECTION x y";
        let part = &whole[18..];
        let err = error_at(part, 18).relocated(whole, 18);
        assert_eq!((err.offset(), err.line(), err.column()), (36, 2, 19));
    }
}
