//! Scripts: `;`-separated statements, parsed one at a time, and the limits that keep hostile
//! input from exhausting the process (`ParseOptions`).
//!
//! [`Parser::statements`] yields each statement as soon as it is parsed, with its span, so a
//! program can execute a script statement by statement and hold one AST at a time.

use crate::error::{ParseError, ParseErrorKind};
use crate::lexical::span::{offset_in, Span};
use crate::lexical::{ws, Depth, Input, TreeBudget};
use crate::statement::{statement, Statement};

pub use crate::lexical::depth::DEFAULT_MAX_DEPTH;
pub use crate::lexical::tree_budget::DEFAULT_MAX_TREE_OVERHEAD_BYTES;

/// The default input size limit: 256 MiB.
pub const DEFAULT_MAX_INPUT_BYTES: usize = 256 * 1024 * 1024;

/// Limits applied while parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseOptions {
    /// Longest input accepted, in bytes; longer input is an error before any parsing.
    pub max_input_bytes: usize,
    /// Deepest nesting of types and expressions accepted. The outermost type or expression is
    /// one level, and so is each type inside a type, each parenthesis, call, `CAST`, `CASE`, prefix
    /// or postfix operator and operator of a different precedence: with the default of 128,
    /// `ARRAY<` or `(` nest 127 times in a column. A chain of operators of one precedence
    /// (`1 + 2 + ... + n`) is one level however long. Deeper input is a `TooDeep` error.
    pub max_depth: usize,
    /// How many bytes one statement's syntax tree may take beyond the size of its text. The tree
    /// is charged as it is built (each column, option, list item and operand of a chain costs
    /// about twice its node's size, for the room a growing vector keeps) and checked against the
    /// text read so far, so a statement of short tokens in the millions (`f(1, 1, ...)`,
    /// `c INT, c INT, ...`), whose tree would be 20 times its text, is a `TreeTooLarge` error
    /// early instead, and a statement's tree stays within its text plus this allowance.
    /// Text-heavy statements (options, literals, comments, queries) buy their tree with their
    /// text: a `WITH` list of 262,144 options of 60 bytes uses 3 MiB of the allowance. The
    /// default, 16 MiB, admits about 65,000 columns like `c0000000 INT`, or 150,000 arguments
    /// of `f(1, 1, ...)`.
    pub max_tree_overhead_bytes: usize,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
            max_depth: DEFAULT_MAX_DEPTH,
            max_tree_overhead_bytes: DEFAULT_MAX_TREE_OVERHEAD_BYTES,
        }
    }
}

/// A parser with its limits. The free functions [`crate::parse`] and [`crate::parse_statement`]
/// use `Parser::default()`.
///
/// ```
/// use flink_ddl::{ParseErrorKind, Parser};
/// let parser = Parser::new().with_max_input_bytes(16);
/// let err = parser.parse("SHOW CONNECTIONS LIKE 'a%'").unwrap_err();
/// assert_eq!(err.kind(), ParseErrorKind::InputTooLarge);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Parser {
    options: ParseOptions,
}

impl Parser {
    /// A parser with the default limits.
    pub fn new() -> Self {
        Parser::default()
    }

    /// A parser with these limits.
    pub fn with_options(options: ParseOptions) -> Self {
        Parser { options }
    }

    /// Sets the input size limit, in bytes.
    #[must_use]
    pub fn with_max_input_bytes(mut self, max_input_bytes: usize) -> Self {
        self.options.max_input_bytes = max_input_bytes;
        self
    }

    /// Sets the nesting limit.
    #[must_use]
    pub fn with_max_depth(mut self, max_depth: usize) -> Self {
        self.options.max_depth = max_depth;
        self
    }

    /// Sets how many bytes a statement's syntax tree may take beyond its text.
    ///
    /// ```
    /// use flink_ddl::{ParseErrorKind, Parser};
    /// let sql = format!("CREATE TABLE t (x AS f(1{}))", ", 1".repeat(1000));
    /// assert!(Parser::new().parse(&sql).is_ok());
    /// let err = Parser::new().with_max_tree_overhead_bytes(4096).parse(&sql).unwrap_err();
    /// assert_eq!(err.kind(), ParseErrorKind::TreeTooLarge);
    /// ```
    #[must_use]
    pub fn with_max_tree_overhead_bytes(mut self, max_tree_overhead_bytes: usize) -> Self {
        self.options.max_tree_overhead_bytes = max_tree_overhead_bytes;
        self
    }

    /// The limits in use.
    pub fn options(&self) -> ParseOptions {
        self.options
    }

    /// Parses a script; see [`crate::parse`].
    pub fn parse(&self, sql: &str) -> Result<Vec<Statement>, ParseError> {
        // A plain loop: the adapters of `map(..).collect::<Result<_, _>>()` move each statement
        // (hundreds of bytes) several times on its way into the vector.
        let mut parsed = Vec::new();
        for item in self.statements(sql) {
            let (statement, _) = item?;
            parsed.push(statement);
        }
        Ok(parsed)
    }

    /// Parses exactly one statement; see [`crate::parse_statement`].
    pub fn parse_statement(&self, sql: &str) -> Result<Statement, ParseError> {
        let mut statements = self.statements(sql);
        let Some(first) = statements.next() else {
            let end = offset_in(sql, skip_blanks(sql));
            return Err(ParseError::at(
                sql,
                end,
                ParseErrorKind::Syntax,
                "expected a statement (CREATE, ALTER, DROP, DESCRIBE or SHOW), found end of input".into(),
            ));
        };
        let (statement, _) = first?;
        let rest = skip_blanks(statements.rest);
        if !rest.is_empty() {
            let message = "expected end of input: only one statement is allowed here".into();
            return Err(ParseError::at(sql, offset_in(sql, rest), ParseErrorKind::Syntax, message));
        }
        Ok(statement)
    }

    /// The statements of a script, one at a time, each with its span (from its first keyword to
    /// its last token, without the `;`). After an error the iterator ends.
    ///
    /// ```
    /// let sql = "SHOW CONNECTIONS; DROP CONNECTION c;";
    /// let spans: Vec<_> = flink_ddl::Parser::new()
    ///     .statements(sql)
    ///     .map(|item| item.map(|(_, span)| &sql[span.start..span.end]))
    ///     .collect::<Result<_, _>>()?;
    /// assert_eq!(spans, ["SHOW CONNECTIONS", "DROP CONNECTION c"]);
    /// # Ok::<(), flink_ddl::ParseError>(())
    /// ```
    pub fn statements<'a>(&self, sql: &'a str) -> Statements<'a> {
        let too_large = (sql.len() > self.options.max_input_bytes)
            .then(|| ParseError::too_large(sql, self.options.max_input_bytes));
        Statements {
            source: sql,
            rest: sql,
            depth: Depth::new(self.options.max_depth),
            tree_allowance: self.options.max_tree_overhead_bytes,
            pending_error: too_large,
            done: false,
        }
    }
}

/// True when `text` ends a statement: it has a `;` outside string literals, quoted names and
/// comments, and after the last such `;` come only blanks and complete comments. An interactive
/// shell reads lines until this holds, then runs the text; it uses the lexer's rules, so a `;`
/// inside `'a;b'`, `` `a;b` ``, `-- a;` or `/* ; */` does not end anything, and an unterminated
/// string or block comment keeps the statement open. Whether the text *parses* is not checked.
///
/// ```
/// use flink_ddl::ends_statement;
/// assert!(ends_statement("SHOW CONNECTIONS;"));
/// assert!(ends_statement("DROP CONNECTION c; -- done"));
/// assert!(!ends_statement("CREATE CONNECTION c WITH ('api-key' = 'a;b'"));
/// assert!(!ends_statement("ALTER CONNECTION c SET ('password' = 'still open;"));
/// assert!(!ends_statement("SHOW CONNECTIONS; SHOW"));
/// ```
pub fn ends_statement(text: &str) -> bool {
    let bytes = text.as_bytes();
    let find = |from: usize, needle: &[u8]| -> Option<usize> {
        bytes.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|at| from + at)
    };
    let mut ended = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            // A doubled quote inside a literal closes it and opens the next one at once, so
            // scanning quote to quote reads `'it''s'` correctly.
            quote @ (b'\'' | b'`') => match find(i + 1, &[quote]) {
                Some(close) => {
                    i = close + 1;
                    ended = false;
                }
                None => return false,
            },
            b'-' if bytes.get(i + 1) == Some(&b'-') => i = find(i + 2, b"\n").unwrap_or(bytes.len()),
            b'/' if bytes.get(i + 1) == Some(&b'*') => match find(i + 2, b"*/") {
                Some(close) => i = close + 2,
                None => return false,
            },
            b';' => {
                ended = true;
                i += 1;
            }
            blank if blank.is_ascii_whitespace() => i += 1,
            _ => {
                ended = false;
                i += 1;
            }
        }
    }
    ended
}

/// Skips blanks, comments and empty statements (`;`); an unterminated comment stays.
fn skip_blanks(mut i: Input<'_>) -> Input<'_> {
    loop {
        let next = crate::lexical::skip_ws(i);
        match next.strip_prefix(';') {
            Some(rest) => i = rest,
            None => return next,
        }
    }
}

/// The iterator returned by [`Parser::statements`].
#[derive(Debug)]
pub struct Statements<'a> {
    source: &'a str,
    rest: &'a str,
    depth: Depth,
    tree_allowance: usize,
    pending_error: Option<ParseError>,
    done: bool,
}

impl<'a> Statements<'a> {
    /// The text not parsed yet.
    pub fn remaining(&self) -> &'a str {
        self.rest
    }

    /// Ends the iteration with `err`, in the statement (or the blanks before one) at `statement`.
    fn fail(
        &mut self,
        statement: Input<'a>,
        err: crate::lexical::SyntaxError<'a>,
    ) -> Option<Result<(Statement, Span), ParseError>> {
        self.done = true;
        Some(Err(ParseError::from_syntax(self.source, offset_in(self.source, statement), err)))
    }
}

impl Iterator for Statements<'_> {
    type Item = Result<(Statement, Span), ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(err) = self.pending_error.take() {
            self.done = true;
            return Some(Err(err));
        }
        if self.done {
            return None;
        }
        // Blanks, comments and empty statements before the next statement.
        let start = loop {
            match ws(self.rest) {
                Ok((at, ())) => match at.strip_prefix(';') {
                    Some(after) => self.rest = after,
                    None => break at,
                },
                Err(nom::Err::Error(e) | nom::Err::Failure(e)) => return self.fail(self.rest, e),
                Err(nom::Err::Incomplete(_)) => unreachable!("complete input"),
            }
        };
        if start.is_empty() {
            self.done = true;
            self.rest = start;
            return None;
        }
        let armed = TreeBudget::arm(start, self.tree_allowance);
        let parsed = statement(start, self.depth);
        drop(armed);
        let (after, parsed) = match parsed {
            Ok(ok) => ok,
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => return self.fail(start, e),
            Err(nom::Err::Incomplete(_)) => unreachable!("complete input"),
        };
        let span = Span { start: offset_in(self.source, start), end: offset_in(self.source, after) };
        // The statement ends at `;` or at the end of the input.
        let end = match ws(after) {
            Ok((end, ())) => end,
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => return self.fail(start, e),
            Err(nom::Err::Incomplete(_)) => unreachable!("complete input"),
        };
        if let Some(next) = end.strip_prefix(';') {
            self.rest = next;
        } else if end.is_empty() {
            self.rest = end;
        } else {
            let mut err = crate::lexical::SyntaxError::expected(end, "`;`");
            err = nom::error::ParseError::or(err, crate::lexical::SyntaxError::expected(end, "end of input"));
            return self.fail(start, err);
        }
        Some(Ok((parsed, span)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_comment_only_scripts_have_no_statements() {
        for sql in ["", "  \n", "-- nothing\n", "/* nothing */", ";;", " ; -- x\n ;"] {
            assert_eq!(Parser::new().parse(sql), Ok(vec![]), "{sql:?}");
        }
    }

    #[test]
    fn the_last_semicolon_is_optional() {
        assert_eq!(Parser::new().parse("SHOW CONNECTIONS; SHOW CONNECTIONS").unwrap().len(), 2);
        assert_eq!(Parser::new().parse("SHOW CONNECTIONS;\n").unwrap().len(), 1);
    }

    #[test]
    fn statements_need_a_separator() {
        let err = Parser::new().parse("SHOW CONNECTIONS SHOW CONNECTIONS").unwrap_err();
        assert_eq!(err.message(), "expected `;` or end of input, found `SHOW`");
        assert_eq!(err.column(), 18);
    }

    #[test]
    fn parse_statement_takes_exactly_one() {
        assert!(Parser::new().parse_statement("SHOW CONNECTIONS ;").is_ok());
        let err = Parser::new().parse_statement("SHOW CONNECTIONS; DROP CONNECTION c").unwrap_err();
        assert_eq!((err.line(), err.column()), (1, 19));
        let err = Parser::new().parse_statement(" -- only a comment").unwrap_err();
        assert!(err.message().contains("found end of input"));
    }

    #[test]
    fn unterminated_comment_between_statements_is_an_error() {
        let err = Parser::new().parse("SHOW CONNECTIONS; /* open").unwrap_err();
        assert_eq!(err.kind(), ParseErrorKind::UnterminatedComment);
        assert_eq!(err.column(), 19);
    }

    #[test]
    fn ends_statement_follows_the_lexer() {
        for done in [
            ";",
            "SHOW CONNECTIONS;",
            "SHOW CONNECTIONS ;  \n\t",
            "SHOW CONNECTIONS; -- trailing; comment",
            "SHOW CONNECTIONS; /* c */",
            "CREATE CONNECTION `a;b` WITH ('k' = 'it''s;');",
            "SHOW CONNECTIONS LIKE '--';",
            "SHOW CONNECTIONS LIKE '/*';",
            "SHOW CONNECTIONS; SHOW CONNECTIONS;",
            "SHOW CONNECTIONS -- not yet;\n;",
        ] {
            assert!(ends_statement(done), "{done:?}");
        }
        for open in [
            "",
            "   ",
            "SHOW CONNECTIONS",
            "SHOW CONNECTIONS -- ;",
            "SHOW CONNECTIONS /* ; */",
            "SHOW CONNECTIONS /* ; ",
            "CREATE CONNECTION c WITH ('k' = ';",
            "CREATE CONNECTION c WITH ('k' = 'it'';",
            "DESCRIBE CONNECTION `a;",
            "SHOW CONNECTIONS; SHOW",
            "SHOW CONNECTIONS; 'x",
            "; é",
        ] {
            assert!(!ends_statement(open), "{open:?}");
        }
    }

    #[test]
    fn the_iterator_stops_after_an_error() {
        let items: Vec<_> = Parser::new().statements("SHOW CONNECTIONS; BOGUS; SHOW CONNECTIONS").collect();
        assert_eq!(items.len(), 2);
        assert!(items[0].is_ok() && items[1].is_err());
    }
}
