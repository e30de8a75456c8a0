//! `PrintMode`: whether the printer masks credentials, and with which redactor.

use super::Redactor;

/// How `crate::print::SqlWriter` prints option values.
#[derive(Debug, Clone, Copy)]
pub(crate) enum PrintMode<'r> {
    /// Values of sensitive keys (the built-in rule plus the redactor's own keys) print as
    /// `'<REDACTED>'`. The default for every `Display`.
    Redacted(&'r Redactor),
    /// Every value prints as it is: only `unredacted()` asks for this.
    Unredacted,
}
