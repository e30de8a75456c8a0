//! Byte-level scanning shared by the tokens and the text redactor: finding a byte (or one of
//! four) eight bytes at a time, measuring a quoted token, and the characters of unquoted words.

/// The position of the first `needle` in `bytes`, looking at eight bytes at a time.
///
/// String literals, quoted names and the text redactor's skipping all search for one byte, most
/// often a few bytes away: `str::find(char)` sets up a searcher on every call.
pub(crate) fn find_byte(bytes: &[u8], needle: u8) -> Option<usize> {
    let pattern = ONES * u64::from(needle);
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let Ok(chunk) = <[u8; 8]>::try_from(chunk) else { break };
        let found = zero_bytes(u64::from_le_bytes(chunk) ^ pattern);
        if found != 0 {
            return Some(offset + (found.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    chunks.remainder().iter().position(|&b| b == needle).map(|at| offset + at)
}

const ONES: u64 = 0x0101_0101_0101_0101;

const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of the first zero byte of `x` is set (bits above it may be set by the borrow,
/// never bits below): so the lowest bit set marks the first zero byte.
#[inline]
fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The position of the first byte of `bytes` that is one of `needles`, eight bytes at a time.
pub(crate) fn find_any(bytes: &[u8], needles: [u8; 4]) -> Option<usize> {
    // A byte of `word ^ pattern` is zero exactly where the text has that needle, so the lowest
    // bit set over the four needles marks the first match.
    let zero = zero_bytes;
    let patterns = needles.map(|n| ONES * u64::from(n));
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let Ok(chunk) = <[u8; 8]>::try_from(chunk) else { break };
        let word = u64::from_le_bytes(chunk);
        let found = patterns.iter().fold(0, |found, &p| found | zero(word ^ p));
        if found != 0 {
            return Some(offset + (found.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    chunks.remainder().iter().position(|b| needles.contains(b)).map(|at| offset + at)
}

/// What [`scan_quoted`] found at the start of its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QuotedScan {
    /// The input does not start with the quote.
    NotQuoted,
    /// A whole quoted token of `len` bytes, quotes included; `escaped` when it holds a doubled
    /// quote.
    Quoted { len: usize, escaped: bool },
    /// An opening quote with no closing one.
    Unterminated,
}

/// Measures the token between `QUOTE`s at the start of `text`, where the quote written twice
/// stands for one: a string literal (`'`, see `string::scan_string`) or a quoted name (a
/// backtick, `quoted_name::scan_quoted_name`).
#[inline]
pub(crate) fn scan_quoted<const QUOTE: u8>(text: &str) -> QuotedScan {
    let bytes = text.as_bytes();
    if bytes.first() != Some(&QUOTE) {
        return QuotedScan::NotQuoted;
    }
    let mut escaped = false;
    let mut i = 1;
    loop {
        match find_byte(&bytes[i..], QUOTE) {
            None => return QuotedScan::Unterminated,
            Some(at) => {
                let quote = i + at;
                if bytes.get(quote + 1) == Some(&QUOTE) {
                    escaped = true;
                    i = quote + 2;
                } else {
                    return QuotedScan::Quoted { len: quote + 1, escaped };
                }
            }
        }
    }
}

/// True for the characters an unquoted name may continue with.
#[inline]
pub(crate) fn is_word_char(c: u8) -> bool {
    // A table: one load per byte of every word the parser and the redactor read.
    const WORD_CHARS: [bool; 256] = {
        let mut table = [false; 256];
        let mut c = 0;
        while c < 256 {
            let b = c as u8;
            table[c] = b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
            c += 1;
        }
        table
    };
    WORD_CHARS[usize::from(c)]
}

/// True for the characters an unquoted name may start with.
pub(crate) fn is_word_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c == b'$'
}

/// The unquoted word at the start of `i` (no blanks skipped), possibly empty. It includes
/// digits, so `1abc` is not a word but `abc1` is; numbers are lexed elsewhere.
pub(crate) fn peek_word(i: &str) -> &str {
    let bytes = i.as_bytes();
    if bytes.first().is_none_or(|&c| !is_word_start(c)) {
        return "";
    }
    let len = bytes.iter().position(|&c| !is_word_char(c)).unwrap_or(bytes.len());
    &i[..len]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_any_finds_the_first_needle_at_any_position() {
        for len in 0..40 {
            for at in 0..len {
                let mut text = vec![b'a'; len];
                text[at] = b'\'';
                if at + 3 < len {
                    text[at + 3] = b'`';
                }
                assert_eq!(find_byte(&text, b'\''), Some(at));
                assert_eq!(find_any(&text, [b'`', b'\'', b'-', b'/']), Some(at));
                assert_eq!(find_byte(&text, b'`'), (at + 3 < len).then_some(at + 3));
            }
            assert_eq!(find_byte(&vec![0x80u8; len], b'\''), None);
            assert_eq!(find_any(&vec![b'\'' + 0x80; len], [b'\'', b'`', b'-', b'/']), None);
        }
        assert_eq!(find_byte("é'".as_bytes(), b'\''), Some(2));
    }

    #[test]
    fn peek_word_reads_name_characters_only() {
        assert_eq!(peek_word("$rowtime+1"), "$rowtime");
        assert_eq!(peek_word("my-conn"), "my");
        assert_eq!(peek_word("1abc"), "");
        assert_eq!(peek_word("élan"), "");
    }
}
