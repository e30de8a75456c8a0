//! Backtick-quoted names: `` `my-conn` ``, a backtick inside written twice. `scan_quoted_name`
//! is the one definition of a quoted name; the name parser (`crate::name`) and the text
//! redactor both use it.

use super::scan::{scan_quoted, QuotedScan};

/// Measures the backtick-quoted name at the start of `text`, if any.
#[inline]
pub(crate) fn scan_quoted_name(text: &str) -> QuotedScan {
    scan_quoted::<b'`'>(text)
}
