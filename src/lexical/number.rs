//! Numbers: the unsigned integers of type parameters and bucket counts (`VARCHAR(10)`,
//! `INTO 4 BUCKETS`), and the numeric literals of expressions (`42`, `1.5`, `.5`, `1e-3`).
//!
//! `scan_number` is the one definition of a numeric literal. A sign is never part of a number:
//! `-1` is the unary minus applied to `1`, as in Calcite.

use nom::Parser;

use super::syntax_error::{Input, PResult, Reason, SyntaxError};
use super::token::ws;

/// The length of the numeric literal at the start of `text` (no blanks skipped), or `None`:
/// `digits [ . digits* ] [ e [+-] digits ]` or `. digits [ e [+-] digits ]`. An `e` not followed
/// by digits is not part of the number.
pub(crate) fn scan_number(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let digits_from = |from: usize| bytes[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let int_len = digits_from(0);
    let mut len = int_len;
    if bytes.get(len) == Some(&b'.') {
        let frac_len = digits_from(len + 1);
        if int_len == 0 && frac_len == 0 {
            return None;
        }
        len += 1 + frac_len;
    } else if int_len == 0 {
        return None;
    }
    if matches!(bytes.get(len), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(bytes.get(len + 1), Some(b'+' | b'-')));
        let exp_len = digits_from(len + 1 + sign);
        if exp_len > 0 {
            len += 1 + sign + exp_len;
        }
    }
    Some(len)
}

/// An unsigned integer (ASCII digits only) after blanks, with the input at its first digit (where
/// a range error points). The value saturates at `u64::MAX`, which every range check refuses.
pub(crate) fn unsigned_integer(i: Input<'_>) -> PResult<'_, (Input<'_>, u64)> {
    let (i, ()) = ws(i)?;
    let len = i.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 {
        return SyntaxError::expected(i, "an integer").backtrack();
    }
    let value = i.bytes().take(len).fold(0u64, |n, d| n.saturating_mul(10).saturating_add(u64::from(d - b'0')));
    Ok((&i[len..], (i, value)))
}

/// An unsigned integer in `min..=max`; outside it, a `Failure` at the number naming `what` and the
/// range ("the precision of DECIMAL must be between 1 and 38").
pub(crate) fn integer_in_range<'a>(i: Input<'a>, what: &'static str, min: u64, max: u64) -> PResult<'a, u32> {
    let (rest, (at, value)) = nom::combinator::cut(unsigned_integer).parse(i)?;
    match u32::try_from(value) {
        Ok(value) if (min..=max).contains(&u64::from(value)) => Ok((rest, value)),
        _ => SyntaxError::new(at, Reason::OutOfRange { what, min, max }).fail(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_literals() {
        for (text, len) in [("42", 2), ("1.5", 3), (".5", 2), ("1.", 2), ("1e3", 3), ("1E-3x", 4), ("2e+10", 5)] {
            assert_eq!(scan_number(text), Some(len), "{text}");
        }
        assert_eq!(scan_number("1e"), Some(1));
        assert_eq!(scan_number("1ex"), Some(1));
        assert_eq!(scan_number("."), None);
        assert_eq!(scan_number("x1"), None);
        assert_eq!(scan_number(""), None);
        assert_eq!(scan_number("-1"), None);
    }

    #[test]
    fn integers_saturate_and_are_range_checked() {
        assert_eq!(unsigned_integer(" 007)").unwrap(), (")", ("007)", 7)));
        let huge = "99999999999999999999999999";
        assert_eq!(unsigned_integer(huge).unwrap().1 .1, u64::MAX);
        assert_eq!(integer_in_range("38", "p", 1, 38).unwrap().1, 38);
        let Err(nom::Err::Failure(e)) = integer_in_range(" 39", "p", 1, 38) else { panic!() };
        assert_eq!((e.at, e.reason), ("39", Reason::OutOfRange { what: "p", min: 1, max: 38 }));
        assert!(matches!(integer_in_range(huge, "p", 0, 9), Err(nom::Err::Failure(_))));
        assert!(matches!(integer_in_range("x", "p", 0, 9), Err(nom::Err::Failure(_))));
    }
}
