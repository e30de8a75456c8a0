//! The lexical pieces every parser of the crate is built from: blanks and comments, keywords,
//! quoted names, string literals, numbers and punctuation, plus the nom error type they report
//! with. Names as AST nodes (`Ident`, `ObjectName`) are in `crate::name`.
//!
//! The parser is scannerless: each token parser skips the blanks and comments before it, then
//! reads its token straight from the `&str` input. There is no token vector, so nothing is
//! allocated per token, and a failing token parser reports the position of the token it saw
//! (after the blanks), which is where a person puts the caret.
//!
//! The same scanning functions (`string::scan_string`, `comment::scan_comment`,
//! `quoted_name::scan_quoted_name`) serve the text redactor, so the crate has one definition of
//! what a string literal, a comment or a quoted name is.
//!
//! From the bottom up: `scan` (bytes and word characters), `comment`, `blank` (skipping blanks
//! and comments), `syntax_error` (the error type, `Input`, `PResult`), `token` (`ws`, `punct`),
//! then the tokens: `keyword`, `string`, `number`, `quoted_name`; and `depth` (the nesting
//! budget), `tree_budget` (the size budget), `span` (positions). This file only names them and
//! re-exports what every parser uses.

pub(crate) mod blank;
pub(crate) mod comment;
pub(crate) mod depth;
mod flink_keywords;
pub(crate) mod keyword;
pub(crate) mod number;
pub(crate) mod quoted_name;
pub(crate) mod scan;
pub(crate) mod span;
pub(crate) mod string;
pub(crate) mod syntax_error;
pub(crate) mod token;
pub(crate) mod tree_budget;

pub(crate) use crate::spelling::{likely_meant, misspelling_distance};
pub(crate) use blank::skip_ws;
pub(crate) use depth::Depth;
pub(crate) use scan::{find_any, is_word_char, is_word_start, peek_word};
pub(crate) use syntax_error::{Input, PResult, Reason, SyntaxError};
pub(crate) use token::{punct, ws};
pub(crate) use tree_budget::TreeBudget;
