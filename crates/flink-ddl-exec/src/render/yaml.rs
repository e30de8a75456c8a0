//! YAML of a document that ends with a statement (a table's CREATE or DESCRIBE, a SHOW CREATE),
//! without the serialiser's copy of the statement. serde_yaml_ng hands each scalar to libyaml,
//! which copies it into its event: for the statement of a table of a million options, one more
//! copy of the whole statement. When the statement's YAML form is simple to write (its text as a
//! plain scalar on one line, or its lines as a literal block: [`ScalarForm::of`]), the document
//! is serialised with a short stand-in in its place, and the statement is written instead of the
//! stand-in's line as the output passes ([`StatementInPlace`]): byte for byte what the serialiser
//! gives for the statement itself, which the tests check.

use std::fmt;
use std::io;

/// What the document carries in place of the statement: a plain scalar, as the statement is.
pub(super) const STAND_IN: &str = "CREATE statement";

/// The stand-in's line. `statement` is the document's last top-level key, and a top-level key's
/// line is the only one that starts at column 0 with `statement:` (nested keys, list items and
/// block scalars are indented; quoted scalars are never broken, the serialiser's width being
/// unlimited), so the first such line is the stand-in's.
const STAND_IN_LINE: &[u8] = b"\nstatement: CREATE statement\n";

/// How the YAML serialiser writes a statement as a top-level mapping's value, when it is one of
/// the two simple forms. Decided conservatively, after serde_yaml_ng's choice of style (a literal
/// block for a text with a line break, else plain unless it would read as a null, a boolean or a
/// number) and libyaml's `yaml_emitter_analyze_scalar` and `yaml_emitter_select_scalar_style`;
/// any other text takes the serialiser's own path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ScalarForm {
    /// `statement: <text>`: printable ASCII (no tab), starting with a letter (no indicator, no
    /// `---`, no leading space) and holding a space (so not a null, a boolean or a number), with
    /// no `: `, no ` #`, and no trailing space or `:`.
    Plain,
    /// `statement: |-` and each line indented by two spaces (an empty line left empty): printable
    /// ASCII and `\n` only, not starting with a space or a line break (no indentation hint), not
    /// ending with a line break (the `-` chomping) or a space, and no space before a line break.
    Literal,
}

impl ScalarForm {
    /// The form of `text`, if it is one of the two.
    #[cfg(test)]
    pub(super) fn of(text: &str) -> Option<ScalarForm> {
        ScalarForm::of_display(&text)
    }

    /// The form of what `statement` prints, if it is one of the two; read as it prints, without
    /// being made into a text (a table's statement may be written from its parts).
    pub(super) fn of_display(statement: &impl fmt::Display) -> Option<ScalarForm> {
        let mut scan = Scan { printable: true, ..Scan::default() };
        // The scan stops at the first byte neither form allows.
        if fmt::write(&mut scan, format_args!("{statement}")).is_err() || !scan.printable {
            return None;
        }
        let (first, last) = (scan.first?, scan.prev?);
        if matches!(last, b' ' | b'\n') {
            return None;
        }
        if scan.line_break {
            let simple = !matches!(first, b' ' | b'\n') && !scan.space_before_line_break;
            return simple.then_some(ScalarForm::Literal);
        }
        let plain = first.is_ascii_alphabetic() && last != b':' && scan.space && !scan.comment_or_key;
        plain.then_some(ScalarForm::Plain)
    }

    /// Writes `statement`'s line (or lines) in this form, as the serialiser does.
    fn write(self, out: &mut impl io::Write, statement: &impl fmt::Display) -> io::Result<()> {
        match self {
            ScalarForm::Plain => {
                out.write_all(b"\nstatement: ")?;
                write_display(&mut *out, statement, false)?;
            }
            ScalarForm::Literal => {
                out.write_all(b"\nstatement: |-")?;
                write_display(&mut *out, statement, true)?;
            }
        }
        out.write_all(b"\n")
    }
}

/// What [`ScalarForm::of_display`] needs to know of a text, gathered byte by byte.
#[derive(Debug, Default)]
struct Scan {
    first: Option<u8>,
    /// The byte before the next one: the last one at the end.
    prev: Option<u8>,
    printable: bool,
    line_break: bool,
    space: bool,
    /// `: ` or ` #`.
    comment_or_key: bool,
    space_before_line_break: bool,
}

impl fmt::Write for Scan {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        for &byte in text.as_bytes() {
            if !((b' '..=b'~').contains(&byte) || byte == b'\n') {
                self.printable = false;
                return Err(fmt::Error);
            }
            self.first.get_or_insert(byte);
            self.line_break |= byte == b'\n';
            self.space |= byte == b' ';
            if let Some(prev) = self.prev {
                self.comment_or_key |= matches!((prev, byte), (b':', b' ') | (b' ', b'#'));
                self.space_before_line_break |= (prev, byte) == (b' ', b'\n');
            }
            self.prev = Some(byte);
        }
        Ok(())
    }
}

/// Writes what `statement` prints to `out` as it prints; with `literal`, as the lines of a
/// literal block (each line after a line break and two spaces, an empty line left empty).
fn write_display(out: &mut impl io::Write, statement: &impl fmt::Display, literal: bool) -> io::Result<()> {
    struct Lines<'o, W: io::Write> {
        out: &'o mut W,
        literal: bool,
        at_line_start: bool,
        error: Option<io::Error>,
    }
    impl<W: io::Write> Lines<'_, W> {
        fn put(&mut self, text: &str) -> io::Result<()> {
            if !self.literal {
                return self.out.write_all(text.as_bytes());
            }
            for (n, line) in text.split('\n').enumerate() {
                if n > 0 {
                    // A line break ends the line before: an empty one is written as it ends.
                    if self.at_line_start {
                        self.out.write_all(b"\n")?;
                    }
                    self.at_line_start = true;
                }
                if !line.is_empty() {
                    if self.at_line_start {
                        self.out.write_all(b"\n  ")?;
                        self.at_line_start = false;
                    }
                    self.out.write_all(line.as_bytes())?;
                }
            }
            Ok(())
        }
    }
    impl<W: io::Write> fmt::Write for Lines<'_, W> {
        fn write_str(&mut self, text: &str) -> fmt::Result {
            self.put(text).map_err(|e| {
                self.error = Some(e);
                fmt::Error
            })
        }
    }
    let mut lines = Lines { out, literal, at_line_start: true, error: None };
    if fmt::write(&mut lines, format_args!("{statement}")).is_err() {
        return Err(lines.error.unwrap_or_else(|| io::Error::other("the statement could not be written")));
    }
    if literal && lines.at_line_start {
        // The text ended with a line break (or was empty): its last line is empty.
        lines.out.write_all(b"\n")?;
    }
    Ok(())
}

/// A writer that passes the serialiser's output on, writing `statement`'s line instead of the
/// stand-in's ([`STAND_IN_LINE`]); call [`StatementInPlace::finish`] at the end.
pub(super) struct StatementInPlace<S: fmt::Display, W: io::Write> {
    out: W,
    statement: S,
    form: ScalarForm,
    /// How many bytes of the stand-in's line the output ends with (held back, not yet written).
    matched: usize,
    placed: bool,
}

impl<S: fmt::Display, W: io::Write> StatementInPlace<S, W> {
    pub(super) fn new(out: W, statement: S, form: ScalarForm) -> Self {
        StatementInPlace { out, statement, form, matched: 0, placed: false }
    }

    /// Writes what was held back; an error if the stand-in never came (the output would lack the
    /// statement).
    pub(super) fn finish(mut self) -> io::Result<()> {
        self.out.write_all(&STAND_IN_LINE[..self.matched])?;
        if !self.placed {
            return Err(io::Error::other("the YAML document's statement was not written"));
        }
        Ok(())
    }
}

impl<S: fmt::Display, W: io::Write> io::Write for StatementInPlace<S, W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        // `bytes[unwritten..]` is not written yet; while `matched` > 0, the bytes since the line's
        // start are held back as `STAND_IN_LINE[..matched]`.
        let mut unwritten = 0;
        for (at, &byte) in bytes.iter().enumerate() {
            if self.placed {
                break;
            }
            if byte == STAND_IN_LINE[self.matched] {
                if self.matched == 0 {
                    self.out.write_all(&bytes[unwritten..at])?;
                }
                self.matched += 1;
                if self.matched == STAND_IN_LINE.len() {
                    self.form.write(&mut self.out, &self.statement)?;
                    self.matched = 0;
                    self.placed = true;
                }
                unwritten = at + 1;
            } else if self.matched > 0 {
                // Not the stand-in: what was held back is written. The line has one `\n`, at its
                // start (and its end), so a match can only start again at this byte.
                self.out.write_all(&STAND_IN_LINE[..self.matched])?;
                self.matched = usize::from(byte == STAND_IN_LINE[0]);
                unwritten = if self.matched == 1 { at + 1 } else { at };
            }
        }
        self.out.write_all(&bytes[unwritten..])?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    /// What the serialiser writes for `text` as the last value of a map.
    fn serialised(text: &str) -> String {
        let map: indexmap::IndexMap<&str, &str> = [("a", "b"), ("statement", text)].into_iter().collect();
        serde_yaml_ng::to_string(&map).unwrap()
    }

    #[test]
    fn each_form_is_written_as_the_serialiser_writes_it() {
        let plain = [
            "CREATE TABLE `t` (`a` INT) WITH ('connector' = 'datagen', 'x' = 'a b')",
            "CREATE x",
            STAND_IN,
            "CREATE TABLE t (a STRING COMMENT 'it''s no#1') WITH ('k' = 'v:w')",
        ];
        let literal = [
            "CREATE TABLE `t` (\n  `a` INT\n) WITH (\n  'connector' = 'datagen'\n)",
            "a\nb",
            "a\n\n\nb",
            "CREATE x\n  - y: z #w\n---\n...\n'q'",
            "a:\n    b",
        ];
        for (form, texts) in [(ScalarForm::Plain, &plain[..]), (ScalarForm::Literal, &literal[..])] {
            for text in texts {
                assert_eq!(ScalarForm::of(text), Some(form), "{text:?}");
                let mut written = b"a: b".to_vec();
                form.write(&mut written, text).unwrap();
                assert_eq!(String::from_utf8(written).unwrap(), serialised(text), "{text:?}");
            }
        }
        for text in [
            "",
            "true",
            "null",
            "12",
            "1.5",
            "x",
            " CREATE x",
            "CREATE x ",
            "CREATE x:",
            "CREATE x: y",
            "CREATE x #y",
            "CREATE\tx",
            "CREATE \u{e9} x",
            "'CREATE' x",
            "--- x",
            "- x",
            " a\nb",
            "\na",
            "a\nb\n",
            "a \nb",
            "a\nb ",
            "a\r\nb",
            "a\n\tb",
            "\u{e9}\nb",
        ] {
            assert_eq!(ScalarForm::of(text), None, "{text:?}");
        }
    }

    proptest::proptest! {
        /// Any text of YAML's awkward characters that is given a form is written in it as the
        /// serialiser writes it.
        #[test]
        fn a_text_given_a_form_is_written_as_the_serialiser_writes_it(text in "[aZ1 \\n:#'\"|>.\\-\t~]{0,12}") {
            if let Some(form) = ScalarForm::of(&text) {
                let mut written = b"a: b".to_vec();
                form.write(&mut written, &text).unwrap();
                proptest::prop_assert_eq!(String::from_utf8(written).unwrap(), serialised(&text));
            }
        }
    }

    #[test]
    fn the_statement_replaces_the_stand_in_wherever_the_output_is_cut() {
        let serialised =
            format!("a: 1\nlist:\n- statement: {STAND_IN}\nx: '\nstatement: {STAND_IN}'\nstatement: {STAND_IN}\n");
        let statement = "CREATE TABLE t (a INT)";
        let expected =
            serialised.replacen(&format!("\nstatement: {STAND_IN}\n"), &format!("\nstatement: {statement}\n"), 1);
        for size in 1..=serialised.len() {
            let mut out = Vec::new();
            let mut placed = StatementInPlace::new(&mut out, statement, ScalarForm::Plain);
            for piece in serialised.as_bytes().chunks(size) {
                placed.write_all(piece).unwrap();
            }
            placed.finish().unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), expected, "pieces of {size}");
        }
        let mut out = Vec::new();
        let mut placed = StatementInPlace::new(&mut out, statement, ScalarForm::Plain);
        placed.write_all(b"a: 1\nstatement: CREATE statemen").unwrap();
        assert!(placed.finish().is_err(), "no stand-in, no document");
        assert_eq!(out, b"a: 1\nstatement: CREATE statemen");
    }
}
