//! Comments: `-- to the end of the line` and `/* a block */` (not nested, as in Flink).
//!
//! `scan_comment` is the one definition of a comment; `ws` and the text redactor both use it.

use super::scan::{find_any, find_byte};

/// What `scan_comment` found at the start of its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CommentScan {
    /// The input does not start with `--` or `/*`.
    NotAComment,
    /// A whole comment of `len` bytes (a line comment includes its line break).
    Comment { len: usize },
    /// A `/*` with no `*/` after it.
    Unterminated,
}

/// Measures the comment at the start of `text`, if any.
pub(crate) fn scan_comment(text: &str) -> CommentScan {
    let bytes = text.as_bytes();
    match bytes {
        [b'-', b'-', ..] => {
            // A line comment ends after `\n`, after a lone `\r`, or at the end of the input.
            // Searched eight bytes at a time, as the end of a block comment.
            let len = find_any(&bytes[2..], [b'\n', b'\r', b'\n', b'\r']).map_or(bytes.len(), |at| {
                let brk = 2 + at;
                if bytes[brk] == b'\r' && bytes.get(brk + 1) == Some(&b'\n') {
                    brk + 2
                } else {
                    brk + 1
                }
            });
            CommentScan::Comment { len }
        }
        [b'/', b'*', ..] => {
            // Each `*` is found eight bytes at a time (`str::find` of "*/" sets up a two-way
            // searcher on every call, which costs more than most comments are long).
            let mut from = 2;
            while let Some(at) = find_byte(&bytes[from..], b'*') {
                let star = from + at;
                if bytes.get(star + 1) == Some(&b'/') {
                    return CommentScan::Comment { len: star + 2 };
                }
                from = star + 1;
            }
            CommentScan::Unterminated
        }
        _ => CommentScan::NotAComment,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_comment_includes_its_line_break() {
        assert_eq!(scan_comment("-- hi\nx"), CommentScan::Comment { len: 6 });
        assert_eq!(scan_comment("-- hi\r\nx"), CommentScan::Comment { len: 7 });
        assert_eq!(scan_comment("-- hi"), CommentScan::Comment { len: 5 });
    }

    #[test]
    fn block_comments_do_not_nest() {
        assert_eq!(scan_comment("/* a /* b */ c */"), CommentScan::Comment { len: 12 });
        assert_eq!(scan_comment("/**/x"), CommentScan::Comment { len: 4 });
        assert_eq!(scan_comment("/*/"), CommentScan::Unterminated);
    }

    #[test]
    fn other_text_is_not_a_comment() {
        assert_eq!(scan_comment("-x"), CommentScan::NotAComment);
        assert_eq!(scan_comment("/x"), CommentScan::NotAComment);
        assert_eq!(scan_comment(""), CommentScan::NotAComment);
    }
}
