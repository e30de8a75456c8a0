//! `Draft`: what the parser read of a CREATE TABLE, before the checks of `validate.rs`.

use super::constraint::KeySite;
use super::definition::CreateTable;
use super::watermark::WatermarkSite;
use crate::lexical::Input;

/// What the parser read, before `validate.rs` checks it and turns it into a `CreateTable`: every
/// primary key and watermark written (the AST holds at most one of each), and the positions of
/// the names the checks report at.
pub(crate) struct Draft<'a> {
    /// The table, with `primary_key` and `watermark` not filled in yet (boxed, as the statement
    /// holds it).
    pub(crate) table: Box<CreateTable>,
    /// The statement's text from the table name on: every position below is in it.
    pub(crate) source: Input<'a>,
    /// Where each column's name is, in the order of `table.columns`, as the length of `source`
    /// from there (see `Draft::at`): plain numbers, so the vector is the thread's scratch, reused
    /// from table to table (see `validate::take_column_scratch`).
    pub(crate) column_at: Vec<usize>,
    /// Each primary key written, inline or table-level, in source order.
    pub(crate) keys: Vec<KeySite<'a>>,
    /// Each watermark written, in source order.
    pub(crate) watermarks: Vec<WatermarkSite<'a>>,
    /// Where each `PARTITIONED BY` column is.
    pub(crate) partition_at: Vec<Input<'a>>,
    /// Where each `DISTRIBUTED BY` column is.
    pub(crate) distribution_at: Vec<Input<'a>>,
    /// Where each `LIKE` option is.
    pub(crate) like_option_at: Vec<Input<'a>>,
}

impl<'a> Draft<'a> {
    /// The position `at` (a suffix of `source`) as `column_at` records it.
    pub(crate) fn offset(at: Input<'a>) -> usize {
        at.len()
    }

    /// The position recorded as `len` by `offset`.
    pub(crate) fn at(source: Input<'a>, len: usize) -> Input<'a> {
        &source[source.len() - len..]
    }
}
