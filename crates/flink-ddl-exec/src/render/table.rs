//! The human tables (docs/executor.md#outputs), in the shapes the Confluent CLI prints and the seed page
//! shows: the bordered two-column DESCRIBE table, and the borderless SHOW list with a centred
//! header and a `---+---` rule.
//!
//! The CLI prints with Go's `olekukonko/tablewriter`; this is a small renderer of the same
//! layout rather than a table crate, because the shapes depend on that writer's details, which
//! neither `comfy-table` nor `tabled` reproduces: a cell wider than 30 columns is wrapped at
//! spaces with minimum raggedness while a longer word stays whole and widens the column (hence
//! the two-line Creation Date), the header is centred with the extra space on the right, and the
//! rule under the header runs one dash past the last column. Lines carry no trailing blanks,
//! as in the seed.
//!
//! Widths are display columns (`unicode-width`): a CJK character or an emoji takes two, a
//! combining mark none, so tables with such names stay aligned on a terminal. Control
//! characters in a cell (ESC, CR, other C0 and C1 codes, bidi overrides) never reach the
//! terminal: [`escape_controls`] shows each as `\u{1b}`.

use std::borrow::Cow;
use std::{fmt, io};

/// A cell wider than this is wrapped (tablewriter's `MaxColWidth`).
const MAX_CELL_WIDTH: usize = 30;

/// A cell's lines, and the width it asks of its column: a wrapped cell asks for the full 30
/// columns even when its lines are shorter, as tablewriter does (the seed's date column is 30
/// wide for a 26-character first line).
struct Cell {
    lines: Vec<String>,
    width: usize,
}

impl Cell {
    fn new(text: &str) -> Self {
        let (lines, width) = wrap_cell_with_width(&escape_controls(text, &['\n']));
        Cell { lines, width }
    }

    /// A cell never wrapped at spaces whatever its width (an option `'key' = 'value'` must not be
    /// cut between key and value, which would read as two options); only its own line breaks
    /// start new lines.
    fn unwrapped(text: &str) -> Self {
        // Escaped line by line: one copy of the text, not two.
        let lines: Vec<String> = text.split('\n').map(|line| escape_controls(line, &[])).collect();
        Cell { width: lines.iter().map(|l| width(l)).max().unwrap_or(0), lines }
    }

    fn line(&self, n: usize) -> &str {
        self.lines.get(n).map_or("", String::as_str)
    }
}

/// The bordered two-column table with no header: one `(label, value)` row per pair.
///
/// ```text
/// +---------------+----------------------------+
/// | Creation Date | 2025-08-13 22:04:57.972969 |
/// |               | +0000 UTC                  |
/// | Name          | azure-openai_connection    |
/// +---------------+----------------------------+
/// ```
pub(crate) fn key_value_table(rows: &[(&str, String)]) -> String {
    let mut out = String::new();
    bordered(&mut out, || rows.iter().map(|(label, value)| [Cell::new(label), Cell::new(value)]));
    out
}

/// Writes to `out` the [`key_value_table`] of the rows `rows()` yields, each saying whether its
/// value may wrap, as it is made. The rows are asked for twice (widths, then lines) and never all
/// kept: a table with a million options holds one row's cells at a time.
pub(crate) fn write_key_value_table_with<'r, I>(out: &mut impl io::Write, rows: impl Fn() -> I) -> io::Result<()>
where
    I: Iterator<Item = (&'r str, Cow<'r, str>, Wrap)>,
{
    let cells = || {
        rows().map(|(label, value, wrap)| {
            let value = match wrap {
                Wrap::Words => Cell::new(&value),
                Wrap::Never => Cell::unwrapped(&value),
            };
            [Cell::new(label), value]
        })
    };
    let mut widths = vec![0; 2];
    for row in cells() {
        for (w, cell) in widths.iter_mut().zip(&row) {
            *w = (*w).max(cell.width);
        }
    }
    write_border(out, &widths)?;
    for row in cells() {
        write_bordered_row(out, &row, &widths)?;
    }
    write_border(out, &widths)
}

/// Whether a cell may be wrapped at spaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wrap {
    /// At spaces, past 30 columns (the CLI's writer).
    Words,
    /// Never.
    Never,
}

/// A bordered table with a header row, a rule under it, and no wrapping (DESCRIBE of a table's
/// columns, `connection types`).
///
/// ```text
/// +-------------+-----------+
/// | Column Name | Data Type |
/// +-------------+-----------+
/// | id          | BIGINT    |
/// +-------------+-----------+
/// ```
pub(crate) fn header_table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = Vec::new();
    // Writing to a vector cannot fail, and only whole strings are written.
    let _ = write_header_table(&mut out, header, rows);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Writes the [`header_table`] to `out` as it is made: a cell may be as wide as a model's
/// million options, and the borders and the header as wide again, so the table is several times
/// its cells; it is never held whole.
pub(crate) fn write_header_table(out: &mut impl io::Write, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let head: Vec<Cell> = header.iter().map(|h| Cell::unwrapped(h)).collect();
    let body: Vec<Vec<Cell>> = rows.iter().map(|row| row.iter().map(|c| Cell::unwrapped(c)).collect()).collect();
    let mut all = vec![head];
    all.extend(body);
    let widths = column_widths(&all, header.len());
    write_border(out, &widths)?;
    for (n, row) in all.iter().enumerate() {
        write_bordered_row(out, row, &widths)?;
        if n == 0 {
            write_border(out, &widths)?;
        }
    }
    write_border(out, &widths)
}

/// `+---+----+` and a line break, written in pieces.
fn write_border(out: &mut impl io::Write, widths: &[usize]) -> io::Result<()> {
    out.write_all(b"+")?;
    for w in widths {
        write_repeated(out, b'-', w + 2)?;
        out.write_all(b"+")?;
    }
    out.write_all(b"\n")
}

/// The rows of [`push_bordered_row`], written in pieces.
fn write_bordered_row(out: &mut impl io::Write, row: &[Cell], widths: &[usize]) -> io::Result<()> {
    let height = row.iter().map(|c| c.lines.len()).max().unwrap_or(1);
    for line in 0..height {
        out.write_all(b"|")?;
        for (n, w) in widths.iter().enumerate() {
            let cell = row.get(n).map_or("", |c| c.line(line));
            out.write_all(b" ")?;
            out.write_all(cell.as_bytes())?;
            write_repeated(out, b' ', w.saturating_sub(width(cell)))?;
            out.write_all(b" |")?;
        }
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// `count` times the byte `byte`, written a block at a time.
fn write_repeated(out: &mut impl io::Write, byte: u8, count: usize) -> io::Result<()> {
    let block = [byte; 256];
    let mut left = count;
    while left > 0 {
        let n = left.min(block.len());
        out.write_all(&block[..n])?;
        left -= n;
    }
    Ok(())
}

fn border_line(widths: &[usize]) -> String {
    let mut line = String::from("+");
    for w in widths {
        line.push_str(&"-".repeat(w + 2));
        line.push('+');
    }
    line
}

fn push_bordered_row(out: &mut String, row: &[Cell], widths: &[usize]) {
    let height = row.iter().map(|c| c.lines.len()).max().unwrap_or(1);
    for line in 0..height {
        out.push('|');
        for (n, w) in widths.iter().enumerate() {
            let cell = row.get(n).map_or("", |c| c.line(line));
            out.push(' ');
            out.push_str(cell);
            out.extend(std::iter::repeat_n(' ', w.saturating_sub(width(cell))));
            out.push_str(" |");
        }
        out.push('\n');
    }
}

/// Appends the two-column bordered table of the rows `rows()` yields. The rows are made twice,
/// once for the widths and once to print them, rather than kept: a table of a million options
/// would otherwise hold every cell's lines at once beside the text.
fn bordered<I: Iterator<Item = [Cell; 2]>>(out: &mut String, rows: impl Fn() -> I) {
    let mut widths = vec![0; 2];
    let mut height = 0;
    for row in rows() {
        for (w, cell) in widths.iter_mut().zip(&row) {
            *w = (*w).max(cell.width);
        }
        height += row.iter().map(|c| c.lines.len()).max().unwrap_or(1);
    }
    let border = border_line(&widths);
    // Every line is as wide as the border (more bytes only for wide characters).
    out.reserve((border.len() + 1) * (height + 2));
    out.push_str(&border);
    out.push('\n');
    for row in rows() {
        push_bordered_row(out, &row, &widths);
    }
    out.push_str(&border);
    out.push('\n');
}

/// The borderless list: a centred header, a `---+---` rule, then one row per item.
///
/// ```text
///   Name  | Type
/// --------+---------
///   crm   | MONGODB
/// ```
pub(crate) fn list_table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut cells: Vec<Vec<Cell>> = vec![header.iter().map(|h| Cell::new(h)).collect()];
    cells.extend(rows.iter().map(|row| row.iter().map(|c| Cell::new(c)).collect()));
    let widths = column_widths(&cells, header.len());
    let last = widths.len().saturating_sub(1);

    let mut out = String::new();
    let emit = |row: &[Cell], center: bool, out: &mut String| {
        let height = row.iter().map(|c| c.lines.len()).max().unwrap_or(1);
        for line in 0..height {
            let mut text = String::from(" ");
            for (n, w) in widths.iter().enumerate() {
                let cell = row.get(n).map_or("", |c| c.line(line));
                text.push(' ');
                text.push_str(&if center { pad_center(cell, *w) } else { pad_right(cell, *w) });
                text.push(' ');
                text.push(if n == last { ' ' } else { '|' });
            }
            out.push_str(text.trim_end());
            out.push('\n');
        }
    };
    emit(&cells[0], true, &mut out);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(w + 2)).collect();
    out.push('-');
    out.push_str(&rule.join("+"));
    out.push_str("-\n");
    for row in &cells[1..] {
        emit(row, false, &mut out);
    }
    out
}

/// Each column's width: the widest its cells ask for.
fn column_widths(cells: &[Vec<Cell>], columns: usize) -> Vec<usize> {
    (0..columns).map(|n| cells.iter().filter_map(|row| row.get(n)).map(|c| c.width).max().unwrap_or(0)).collect()
}

/// Display columns on a terminal.
fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// `text` with every control character shown as `\u{..}` (hexadecimal, as Rust writes it),
/// except those in `keep`, for text bound for a terminal: C0 and C1 controls, DEL, the bidi controls (U+061C, U+200E, U+200F,
/// U+202A to U+202E, U+2066 to U+2069) and the line and paragraph separators. A name or a
/// comment can then neither move the cursor, clear the screen, nor reorder what follows.
///
/// ```
/// assert_eq!(flink_ddl_exec::escape_controls("a\u{1b}[2J\nb", &['\n']), "a\\u{1b}[2J\nb");
/// ```
pub fn escape_controls(text: &str, keep: &[char]) -> String {
    escape_controls_cow(text, keep).into_owned()
}

/// [`escape_controls`], borrowing the text when there is nothing to escape (the usual case): a
/// statement of a million options is then written without a copy.
pub(crate) fn escape_controls_cow<'t>(text: &'t str, keep: &[char]) -> Cow<'t, str> {
    if !text.chars().any(|c| is_terminal_control(c) && !keep.contains(&c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_terminal_control(c) && !keep.contains(&c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A `fmt::Write` that passes what is written to it on to `out` with its control characters
/// escaped (as [`escape_controls`], but those in `keep`): a statement printed as it is written
/// reaches the terminal escaped without being made into one text first.
pub(crate) struct EscapingWriter<'k, W> {
    out: W,
    keep: &'k [char],
    error: Option<io::Error>,
}

impl<'k, W: io::Write> EscapingWriter<'k, W> {
    pub(crate) fn new(out: W, keep: &'k [char]) -> Self {
        EscapingWriter { out, keep, error: None }
    }

    /// The I/O result of writing: `formatted` is what `write!` to this writer returned.
    pub(crate) fn finish(self, formatted: fmt::Result) -> io::Result<()> {
        match (formatted, self.error) {
            (Ok(()), _) => Ok(()),
            (Err(_), Some(error)) => Err(error),
            (Err(_), None) => Err(io::Error::other("a statement could not be formatted")),
        }
    }
}

impl<W: io::Write> fmt::Write for EscapingWriter<'_, W> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.out.write_all(escape_controls_cow(text, self.keep).as_bytes()).map_err(|error| {
            self.error.get_or_insert(error);
            fmt::Error
        })
    }
}

fn is_terminal_control(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{2028}' | '\u{2029}')
}

fn pad_right(text: &str, w: usize) -> String {
    let mut out = String::from(text);
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(width(text))));
    out
}

/// Centred, the odd space going right (tablewriter's `Pad`).
fn pad_center(text: &str, w: usize) -> String {
    let gap = w.saturating_sub(width(text));
    let left = gap / 2;
    let mut out: String = std::iter::repeat_n(' ', left).collect();
    out.push_str(text);
    out.extend(std::iter::repeat_n(' ', gap - left));
    out
}

#[cfg(test)]
fn wrap_cell(text: &str) -> Vec<String> {
    wrap_cell_with_width(text).0
}

/// A cell's lines, as tablewriter makes them: each paragraph (line of the text) wrapped to the
/// cell's width capped at 30, paragraphs separated by a line holding one space.
/// Gives the lines and the cell's width: the wrapping limit, or a longer line's width.
fn wrap_cell_with_width(text: &str) -> (Vec<String>, usize) {
    let paragraphs: Vec<&str> = text.split('\n').collect();
    let widest = paragraphs.iter().map(|p| width(p)).max().unwrap_or(0);
    let limit = widest.min(MAX_CELL_WIDTH);
    let mut lines = Vec::new();
    for (n, paragraph) in paragraphs.iter().enumerate() {
        if n > 0 {
            lines.push(" ".to_owned());
        }
        lines.extend(wrap_paragraph(paragraph, limit));
    }
    let width = lines.iter().map(|l| width(l)).max().unwrap_or(0).max(limit);
    (lines, width)
}

/// Splits `text` at single spaces into lines of at most `limit` columns (raised to the longest
/// word), minimising the sum of squared trailing gaps over every line but the last: tablewriter's
/// `WrapString`. Only lines that fit are considered, so the work is O(words × limit).
fn wrap_paragraph(text: &str, limit: usize) -> Vec<String> {
    let words: Vec<&str> = text.split(' ').collect();
    let limit = words.iter().map(|w| width(w)).max().unwrap_or(0).max(limit);
    let n = words.len();
    // prefix[i] = width of words[..i] plus one space after each.
    let mut prefix = vec![0usize; n + 1];
    for (i, w) in words.iter().enumerate() {
        prefix[i + 1] = prefix[i] + width(w) + 1;
    }
    let line_width = |i: usize, j: usize| prefix[j] - prefix[i] - 1; // words[i..j], j > i
    let mut cost = vec![u64::MAX; n + 1];
    let mut next = vec![n; n + 1];
    cost[n] = 0;
    for i in (0..n).rev() {
        if line_width(i, n) <= limit {
            cost[i] = 0;
            next[i] = n;
            continue;
        }
        let mut j = i + 1;
        while j < n && line_width(i, j) <= limit {
            let gap = (limit - line_width(i, j)) as u64;
            let c = gap.saturating_mul(gap).saturating_add(cost[j]);
            if c < cost[i] {
                cost[i] = c;
                next[i] = j;
            }
            j += 1;
        }
    }
    let mut lines = Vec::new();
    let mut i = 0;
    while i < n {
        let j = next[i].max(i + 1);
        lines.push(words[i..j].join(" "));
        i = j;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_escaping_writer_escapes_as_escape_controls_and_keeps_the_io_error() {
        let text = "CREATE TABLE `a\u{1b}[2J` (\n\t`b` INT COMMENT 'x\ry\u{202e}'\n)";
        let mut out = Vec::new();
        let mut escaping = EscapingWriter::new(&mut out, &['\n', '\t']);
        let formatted = fmt::Write::write_fmt(&mut escaping, format_args!("{}{}", &text[..20], &text[20..]));
        escaping.finish(formatted).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), escape_controls(text, &['\n', '\t']));

        let mut full = [0u8; 4];
        let mut escaping = EscapingWriter::new(&mut full[..], &[]);
        let formatted = fmt::Write::write_str(&mut escaping, "more than four bytes");
        assert_eq!(escaping.finish(formatted).unwrap_err().kind(), io::ErrorKind::WriteZero);
    }

    #[test]
    fn the_date_wraps_as_in_the_seed() {
        assert_eq!(wrap_cell("2025-08-13 22:04:57.972969 +0000 UTC"), ["2025-08-13 22:04:57.972969", "+0000 UTC"]);
        assert_eq!(wrap_cell("short"), ["short"]);
        assert_eq!(wrap_cell(""), [""]);
    }

    #[test]
    fn long_words_stay_whole() {
        let url = "https://example.com/a/very/long/path/that/has/no/spaces";
        assert_eq!(wrap_cell(url), [url]);
        assert_eq!(wrap_cell(&format!("see {url} now")), ["see", url, "now"]);
    }

    #[test]
    fn minimum_raggedness_not_greedy() {
        // Greedy would fill the first line ("aaaa bbbb cccc dddd eeee ffff" is 29) and leave "gg";
        // the writer balances the non-final lines instead, as tablewriter's WrapWords does.
        let lines = wrap_paragraph("aaaa bbbb cccc dddd eeee ffff gg hhhhhhhhhhhhhhhhhhhhhhhhhhhh", 30);
        assert!(lines.iter().all(|l| l.chars().count() <= 30));
        assert_eq!(lines.concat().replace(' ', ""), "aaaabbbbccccddddeeeeffffgghhhhhhhhhhhhhhhhhhhhhhhhhhhh");
    }

    #[test]
    fn paragraphs_are_separated_by_a_blank_line() {
        assert_eq!(wrap_cell("a\nb"), ["a", " ", "b"]);
    }

    #[test]
    fn list_table_matches_the_seed_layout() {
        let out = list_table(&["Name", "Region", "Status Detail"], &[vec!["a".into(), "us-west-2".into(), "".into()]]);
        assert_eq!(
            out,
            "  Name |  Region   | Status Detail\n\
             -------+-----------+----------------\n\
             \x20 a    | us-west-2 |\n"
        );
    }

    #[test]
    fn wide_characters_count_two_columns() {
        assert_eq!(width("名前"), 4);
        assert_eq!(width("🚀x"), 3);
        let out = key_value_table(&[("Name", "名前".to_owned()), ("Type", "OPENAI".to_owned())]);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.iter().all(|l| width(l) == width(lines[0])), "{out}");
    }

    #[test]
    fn controls_are_escaped_and_newlines_kept_where_asked() {
        assert_eq!(escape_controls("a\u{1b}[2Jb", &[]), "a\\u{1b}[2Jb");
        assert_eq!(escape_controls("x\ry", &[]), "x\\u{d}y");
        assert_eq!(escape_controls("a\nb", &['\n']), "a\nb");
        assert_eq!(escape_controls("\u{202e}abc\u{85}", &[]), "\\u{202e}abc\\u{85}");
        assert_eq!(escape_controls("plain ünïcode 名", &[]), "plain ünïcode 名");
    }

    #[test]
    fn huge_cells_stay_linear() {
        let text = "word ".repeat(100_000);
        assert!(wrap_cell(&text).len() > 10_000);
    }
}
