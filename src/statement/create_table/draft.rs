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
    /// Where each column's name is, in the order of `table.columns`.
    pub(crate) column_at: Vec<Input<'a>>,
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
