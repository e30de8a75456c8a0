//! Positions in the source: `Span` (a byte range) and `Location` (line and column).
//!
//! Lines break at `\n`, `\r\n` and a lone `\r` (as Flink's lexer counts them); columns count
//! characters, not bytes, so a caret lines up under non-ASCII text. Both are 1-based.

use serde::Serialize;

/// A byte range `start..end` in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// The span of `part`, a sub-slice of `source`.
    #[allow(dead_code)] // For statement spans inside larger texts.
    pub(crate) fn of(source: &str, part: &str) -> Span {
        let start = offset_in(source, part);
        Span { start, end: start + part.len() }
    }

    /// Line and column of the first byte in `source`.
    pub fn location(&self, source: &str) -> Location {
        Location::of(source, self.start)
    }
}

/// Byte offset of `rest`, a suffix (or sub-slice) of `source`.
pub(crate) fn offset_in(source: &str, rest: &str) -> usize {
    (rest.as_ptr() as usize).saturating_sub(source.as_ptr() as usize).min(source.len())
}

/// A 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Location {
    /// Line number, from 1.
    pub line: usize,
    /// Column number, from 1, in characters.
    pub column: usize,
}

impl Location {
    /// The location of byte `offset` in `source` (an offset inside a character counts as that
    /// character; one past the end is the column after the last character).
    pub fn of(source: &str, offset: usize) -> Location {
        let offset = floor_char_boundary(source, offset.min(source.len()));
        let bytes = source.as_bytes();
        // A position on the `\n` of a `\r\n` is still on the line that the `\r` ends.
        if offset > 0 && bytes[offset - 1] == b'\r' && bytes.get(offset) == Some(&b'\n') {
            let at_cr = Location::of(source, offset - 1);
            return Location { line: at_cr.line, column: at_cr.column + 1 };
        }
        let before = &bytes[..offset];
        let mut line = 1;
        let mut k = 0;
        while let Some(at) = before[k..].iter().position(|&c| c == b'\n' || c == b'\r') {
            let brk = k + at;
            line += 1;
            k = if before[brk] == b'\r' && before.get(brk + 1) == Some(&b'\n') { brk + 2 } else { brk + 1 };
        }
        let line_start = line_start_before(source, offset);
        let column = source[line_start..offset].chars().count() + 1;
        Location { line, column }
    }
}

/// Byte offset where the line holding byte `offset` starts.
pub(crate) fn line_start_before(source: &str, offset: usize) -> usize {
    source.as_bytes()[..offset].iter().rposition(|&c| c == b'\n' || c == b'\r').map_or(0, |at| at + 1)
}

/// Byte offset of the line break (or the end of the input) that ends the line holding `offset`.
pub(crate) fn line_end_after(source: &str, offset: usize) -> usize {
    source.as_bytes()[offset..].iter().position(|&c| c == b'\n' || c == b'\r').map_or(source.len(), |at| offset + at)
}

/// The largest char boundary at or below `offset`.
pub(crate) fn floor_char_boundary(source: &str, mut offset: usize) -> usize {
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_character_is_line_one_column_one() {
        assert_eq!(Location::of("abc", 0), Location { line: 1, column: 1 });
    }

    #[test]
    fn every_line_break_style_counts_once() {
        let text = "a\nb\r\nc\rd";
        assert_eq!(Location::of(text, 2), Location { line: 2, column: 1 });
        assert_eq!(Location::of(text, 5), Location { line: 3, column: 1 });
        assert_eq!(Location::of(text, 7), Location { line: 4, column: 1 });
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(Location::of("'é' x", 5), Location { line: 1, column: 5 });
    }

    #[test]
    fn end_of_input_is_one_past_the_last_column() {
        assert_eq!(Location::of("ab\ncd", 5), Location { line: 2, column: 3 });
    }

    #[test]
    fn offset_at_the_newline_of_crlf_stays_on_its_line() {
        assert_eq!(Location::of("ab\r\ncd", 3), Location { line: 1, column: 4 });
        assert_eq!(Location::of("ab\r\ncd", 2), Location { line: 1, column: 3 });
    }

    #[test]
    fn line_bounds() {
        let text = "one\ntwo\nthree";
        assert_eq!(line_start_before(text, 5), 4);
        assert_eq!(line_end_after(text, 5), 7);
        assert_eq!(line_end_after(text, 9), text.len());
    }
}
