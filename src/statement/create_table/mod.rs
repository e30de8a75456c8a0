//! CREATE TABLE: physical, metadata and computed columns, the watermark, the primary key, and the
//! table clauses `COMMENT`, `DISTRIBUTED`, `PARTITIONED BY`, `WITH`, `LIKE` and `AS query`.
//!
//! This file reads the statement clause by clause (`create_table`). Each part has a file of its
//! own, with its types (their doc gives the syntax), their printing and their parsers:
//! `definition.rs` ([`CreateTable`] itself), `column.rs`, `constraint.rs` (primary keys),
//! `watermark.rs`, `distribution.rs` (`DISTRIBUTED BY`, `PARTITIONED BY`), `like.rs`, `query.rs`
//! (`AS query`), `column_list.rs` (the `( col, ... )` lists of those clauses) and `elements.rs`
//! (the parenthesised list of columns and constraints).
//!
//! The parser reads what was written into a `Draft` (`draft.rs`), which also keeps every primary
//! key and watermark (a table may have one of each) and the positions of the names the checks
//! talk about; `validate.rs` checks the draft and turns it into a `CreateTable`, so the AST holds
//! no positions and compares equal after a round trip. Types and expressions live in
//! `crate::data_type` and `crate::expr`.

mod column;
mod column_list;
mod constraint;
mod definition;
mod distribution;
mod draft;
mod elements;
mod like;
mod query;
mod validate;
mod watermark;

use nom::combinator::cut;
use nom::error::context;
use nom::Parser;

pub use column::{Column, ColumnKind};
// The column grammar, shared with the INPUT and OUTPUT lists of CREATE MODEL.
pub(crate) use column::column as table_column;
pub use constraint::{InlinePrimaryKey, PrimaryKey};
pub use definition::CreateTable;
pub use distribution::Distribution;
pub use like::{LikeFeature, LikeOption, MergingStrategy, TableLike};
pub use watermark::Watermark;

use super::phrase::{comment, if_not_exists};
use crate::lexical::keyword::{kw, peek_keyword, peek_kw, Keyword};
use crate::lexical::{skip_ws, Depth, Input, PResult, Reason, SyntaxError};
use crate::name::object_name;
use crate::options::{option_list, EmptyList, KeyComparison};
use distribution::{distribution, partitioned_by};
use draft::Draft;
use elements::element_list;
use like::table_like;
use query::as_query;

/// Which statement [`create_table`] reads the rest of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Creation {
    /// `CREATE TABLE`
    Create,
    /// `CREATE OR REPLACE TABLE`
    CreateOrReplace,
    /// `REPLACE TABLE` (Flink's replace-table-as-select): needs `AS query`.
    Replace,
}

/// After `CREATE [OR REPLACE] TABLE` or `REPLACE TABLE`. Everything is committed: `CREATE TABLE`
/// is never anything else.
///
/// The table is boxed from the start, as the statement holds it: it is built in place and never
/// moved (it is several hundred bytes).
pub(crate) fn create_table(i: Input<'_>, depth: Depth, creation: Creation) -> PResult<'_, Box<CreateTable>> {
    let if_at = skip_ws(i);
    let (i, if_not_exists) = if_not_exists(i)?;
    if if_not_exists && creation != Creation::Create {
        // Replacing and keeping an existing table contradict each other; the same decision as
        // for connections (docs/dialect.md). Flink accepts the pair and drops IF NOT EXISTS.
        let first = if creation == Creation::Replace { "REPLACE TABLE" } else { "OR REPLACE" };
        return SyntaxError::new(if_at, Reason::Conflict { first, second: "IF NOT EXISTS" }).fail();
    }
    let (i, name) = cut(context("a table name", object_name)).parse(i)?;
    let mut draft = Draft {
        table: Box::new(CreateTable {
            or_replace: creation == Creation::CreateOrReplace,
            if_not_exists,
            // Read into the thread's scratch vector, which kept its room from the tables
            // before: no regrowth while columns (120 bytes each) are read; `validate` copies
            // them into a vector of the exact size and gives the scratch back.
            columns: validate::take_column_scratch(),
            ..CreateTable::new(name)
        }),
        source: i,
        column_at: validate::take_position_scratch(),
        keys: Vec::new(),
        watermarks: Vec::new(),
        partition_at: Vec::new(),
        distribution_at: Vec::new(),
        like_option_at: Vec::new(),
    };
    let elements_at = skip_ws(i);
    let has_elements = elements_at.starts_with('(');
    let i = if has_elements { element_list(i, depth, &mut draft)?.0 } else { i };
    let (i, table_comment) = comment(i)?;
    draft.table.comment = table_comment;
    let (i, distribution) = distribution(i, &mut draft.distribution_at)?;
    draft.table.distribution = distribution;
    let (i, partitioned_by) = partitioned_by(i, &mut draft.partition_at)?;
    draft.table.partitioned_by = partitioned_by;
    let i = if peek_kw(i, Keyword::With) {
        let (i, ()) = kw(Keyword::With).parse(i)?;
        let (i, options) = option_list(i, KeyComparison::Exact, EmptyList::Allowed)?;
        draft.table.options = options;
        i
    } else {
        i
    };
    let i = match peek_keyword(i) {
        // Flink's REPLACE TABLE takes a query, never LIKE; without either, the check below says so.
        Some(Keyword::Like) if creation == Creation::Replace => {
            return SyntaxError::expected(skip_ws(i), "`AS` and a query (REPLACE TABLE ... AS SELECT ...)").fail();
        }
        Some(Keyword::Like) => {
            let (i, like) = table_like(i, &mut draft.like_option_at)?;
            draft.table.like = Some(like);
            i
        }
        Some(Keyword::As) => {
            let (i, ()) = kw(Keyword::As).parse(i)?;
            let (i, query) = as_query(i)?;
            draft.table.as_query = Some(query);
            i
        }
        _ => i,
    };
    clause_out_of_place(i)?;
    if creation == Creation::Replace && draft.table.as_query.is_none() {
        return SyntaxError::expected(skip_ws(i), "`AS` and a query (REPLACE TABLE ... AS SELECT ...)").fail();
    }
    if !draft.table.column_names.is_empty() && draft.table.as_query.is_none() {
        let message = "a column list without types names the columns of the query: it needs `AS query` \
                       (CREATE TABLE t (a, b) AS SELECT ...); otherwise give each column a type"
            .to_owned();
        return SyntaxError::new(elements_at, Reason::Message(message)).fail();
    }
    if !has_elements && draft.table.like.is_none() && draft.table.as_query.is_none() {
        // Either clauses follow the name (then the list is missing) or nothing this grammar
        // reads does: a stray word or quote where the list belongs. Stray text after the
        // clauses comes first, as in Flink (whose parser takes a table without columns).
        if skip_ws(i).len() != elements_at.len() {
            trailing_word(i)?;
        }
        if skip_ws(i).len() != elements_at.len() || at_statement_end(elements_at) {
            let message = "expected a column list `( ... )`: only `CREATE TABLE ... LIKE` and `CREATE TABLE ... AS` \
                           may leave it out"
                .to_owned();
            return SyntaxError::new(elements_at, Reason::Message(message)).fail();
        }
        return SyntaxError::expected(elements_at, "a column list `( ... )`").fail();
    }
    trailing_word(i)?;
    let table = validate::create_table(draft)?;
    Ok((i, table))
}

/// At the end of a statement: `;` or the end of the input.
fn at_statement_end(at: Input<'_>) -> bool {
    at.is_empty() || at.starts_with(';')
}

/// After a complete CREATE TABLE, anything but the end of the statement is an error, reported
/// before the checks of `validate.rs` as Flink reports a syntax error before its `validate()`. A
/// word that is no clause names the clauses it could have been (a misspelled `WITH` gets "did you
/// mean `WITH`?"); anything else gets the script's "expected `;` or end of input".
fn trailing_word(i: Input<'_>) -> Result<(), nom::Err<SyntaxError<'_>>> {
    let at = skip_ws(i);
    // A comment that skip_ws left is unterminated: the script's reader reports it.
    if at_statement_end(at) || at.starts_with("/*") || at.starts_with("--") {
        return Ok(());
    }
    let mut err = if at.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '$' || c == '`') {
        SyntaxError::expected(at, "a clause (`COMMENT`, `DISTRIBUTED BY`, `PARTITIONED BY`, `WITH`, `LIKE` or `AS`)")
    } else {
        SyntaxError::expected(at, "`;`")
    };
    for label in ["`;`", "end of input"] {
        err = nom::error::ParseError::or(err, SyntaxError::expected(at, label));
    }
    err.fail()
}

/// After the last clause: a clause keyword here is out of order or repeated (or upstream's `USING
/// CONNECTION`), which deserves a better message than "expected `;`".
fn clause_out_of_place(i: Input<'_>) -> Result<(), nom::Err<SyntaxError<'_>>> {
    let at = skip_ws(i);
    let clause = match peek_keyword(at) {
        Some(Keyword::Using) => {
            let what = "`USING CONNECTION` in CREATE TABLE";
            let hint = "name the connection with the `'<connector>.connection'` option in WITH, \
                        e.g. 'mongodb.connection' = 'my_connection'";
            return SyntaxError::new(at, Reason::Unsupported { what, hint }).fail();
        }
        Some(Keyword::Comment) => "COMMENT",
        Some(Keyword::Distributed) => "DISTRIBUTED",
        Some(Keyword::Partitioned) => "PARTITIONED BY",
        Some(Keyword::With) => "WITH",
        Some(Keyword::Like) => "LIKE",
        Some(Keyword::As) => "AS",
        _ => return Ok(()),
    };
    let message = format!(
        "`{clause}` is out of place: CREATE TABLE takes at most one of each clause, in the order COMMENT, \
         DISTRIBUTED, PARTITIONED BY, WITH, then LIKE or AS"
    );
    SyntaxError::new(at, Reason::Message(message)).fail()
}
