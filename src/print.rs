//! The one SQL printer: `ToSql`, implemented by every AST node right below its type, and
//! `SqlWriter`, which carries the print mode.
//!
//! Masking is a mode of this printer, not a second printer: a node prints an option value
//! through `SqlWriter::option_value`, which decides from the mode whether the value is shown.
//! So the masked `Display` and `unredacted()` run the same code and cannot drift apart.
//!
//! Canonical form: keywords upper case, single spaces, names quoted only where needed, string
//! literals with `''` escapes, and everything on one line.

use std::fmt::{self, Write};

use crate::lexical::keyword::Keyword;
use crate::redaction::Redactor;

/// How [`SqlWriter`] prints option values.
#[derive(Debug, Clone, Copy)]
pub(crate) enum PrintMode<'r> {
    /// Values of sensitive keys (the built-in rule plus the redactor's own keys) print as
    /// `'<REDACTED>'`. The default for every `Display`.
    Redacted(&'r Redactor),
    /// Every value prints as it is: only `unredacted()` asks for this.
    Unredacted,
}

/// An AST node that can print itself as SQL.
pub(crate) trait ToSql {
    /// Writes the node's canonical SQL.
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result;
}

/// Where SQL is printed, and in which mode.
pub(crate) struct SqlWriter<'w> {
    out: &'w mut dyn Write,
    mode: PrintMode<'w>,
}

impl<'w> SqlWriter<'w> {
    pub(crate) fn new(out: &'w mut dyn Write, mode: PrintMode<'w>) -> Self {
        SqlWriter { out, mode }
    }

    /// The mode this writer prints in.
    pub(crate) fn mode(&self) -> PrintMode<'w> {
        self.mode
    }

    /// Writes raw text (punctuation, a printed number).
    pub(crate) fn write_str(&mut self, s: &str) -> fmt::Result {
        self.out.write_str(s)
    }

    /// Writes a keyword.
    pub(crate) fn keyword(&mut self, k: Keyword) -> fmt::Result {
        self.out.write_str(k.as_str())
    }

    /// Writes a space then a keyword.
    pub(crate) fn space_keyword(&mut self, k: Keyword) -> fmt::Result {
        self.out.write_char(' ')?;
        self.out.write_str(k.as_str())
    }

    /// Writes a string literal that holds no secret (a comment, a pattern, an option key).
    pub(crate) fn string_literal(&mut self, value: &str) -> fmt::Result {
        crate::lexical::string::write_string_literal(self.out, value)
    }

    /// Writes `item, item, ...`.
    pub(crate) fn comma_separated<T: ToSql>(&mut self, items: &[T]) -> fmt::Result {
        for (n, item) in items.iter().enumerate() {
            if n > 0 {
                self.out.write_str(", ")?;
            }
            item.write_sql(self)?;
        }
        Ok(())
    }

    /// Writes `( item, item, ... )` without inner padding.
    pub(crate) fn parenthesized<T: ToSql>(&mut self, items: &[T]) -> fmt::Result {
        self.out.write_char('(')?;
        self.comma_separated(items)?;
        self.out.write_char(')')
    }
}

impl fmt::Write for SqlWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.out.write_str(s)
    }
}

/// Prints `node` masked with the built-in redactor: the body of every AST node's `Display`.
pub(crate) fn display<T: ToSql + ?Sized>(node: &T, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    node.write_sql(&mut SqlWriter::new(f, PrintMode::Redacted(Redactor::builtin())))
}

/// A node and a mode, printable with `Display`: what `unredacted()` and the redactor hand out.
pub(crate) struct Printed<'a, T: ?Sized> {
    pub(crate) node: &'a T,
    pub(crate) mode: PrintMode<'a>,
}

impl<T: ToSql + ?Sized> fmt::Display for Printed<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.node.write_sql(&mut SqlWriter::new(f, self.mode))
    }
}

impl<T: ?Sized> fmt::Debug for Printed<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the SQL itself: in Unredacted mode it holds secrets.
        f.write_str("Printed { .. }")
    }
}
