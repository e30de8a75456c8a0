//! The element list of CREATE TABLE: `( element, ... )`, each a column, a watermark or a table
//! constraint; or, before `AS query`, `( name, ... )`, the query's columns in the table's order.

use nom::combinator::cut;
use nom::error::context;
use nom::Parser;

use super::column::{column, column_after_name, Column};
use super::constraint::{table_constraint, unique, KeyKind, KeySite};
use super::draft::Draft;
use super::watermark::watermark;
use crate::combinator::comma_list;
use crate::lexical::{punct, skip_ws, Depth, Input, PResult, Reason, SyntaxError, TreeBudget};
use crate::name::{first_word, name_part, FirstWord, Ident};
use crate::repeats::Repeats;

/// `( element {, element} )` or `( name {, name} )`, at the `(`. A first element that is a bare
/// name (a name followed by `,` or `)`) makes the list one of bare names, the column order of a
/// CTAS (`create_table` checks that a query follows).
#[inline]
pub(crate) fn element_list<'a>(i: Input<'a>, depth: Depth, draft: &mut Draft<'a>) -> PResult<'a, ()> {
    let (i, ()) = punct("(").parse(i)?;
    // The first word is read once: it tells a list of bare names from one of elements, and
    // then starts the first element.
    let mut first = Some(first_word(skip_ws(i)));
    let bare = match &first {
        Some(FirstWord::Name(rest, _)) => matches!(skip_ws(rest).as_bytes().first(), Some(b',' | b')')),
        Some(FirstWord::Reserved(_)) | None => false,
        Some(FirstWord::Other) => bare_name(i).is_some(),
    };
    if bare {
        let mut repeats = Repeats::new();
        return comma_list(i, ')', TreeBudget::item::<Ident>(), |i| query_column_name(i, draft, &mut repeats));
    }
    // An element is mostly a column, and its position.
    comma_list(i, ')', TreeBudget::item::<(Column, usize)>(), |i| {
        let at = skip_ws(i);
        let word = first.take().unwrap_or_else(|| first_word(at));
        element(i, at, word, depth, draft)
    })
}

/// A name followed by `,` or `)`: the name and what follows it. Only names that cannot start
/// another element qualify (`WATERMARK`, `PRIMARY` and `CONSTRAINT` are reserved words).
fn bare_name(i: Input<'_>) -> Option<(Input<'_>, Ident)> {
    let (rest, name) = name_part(i).ok()?;
    let after = skip_ws(rest);
    (after.starts_with(',') || after.starts_with(')')).then_some((rest, name))
}

/// One name of `( name {, name} )`: the columns of a CTAS query, in the table's order. A column
/// with a type among them is an error at the type.
fn query_column_name<'a>(i: Input<'a>, draft: &mut Draft<'a>, repeats: &mut Repeats) -> PResult<'a, ()> {
    let at = skip_ws(i);
    let Some((rest, name)) = bare_name(i) else {
        // A name that runs on into a type, `AS`, or anything else.
        let (rest, _) = cut(context("a column name", name_part)).parse(i)?;
        let after = skip_ws(rest);
        let message = "a column list without types names the query's columns in order; it cannot also \
                       define columns: write every column with its type, or none"
            .to_owned();
        return SyntaxError::new(after, Reason::Message(message)).fail();
    };
    if repeats.repeats(&draft.table.column_names, name.as_str(), Ident::as_str) {
        return SyntaxError::new(at, Reason::Message(format!("column `{}` is named twice", name.as_str()))).fail();
    }
    draft.table.column_names.push(name);
    Ok((rest, ()))
}

/// One element: a column, a watermark or a table constraint, told apart by the first word
/// (`WATERMARK`, `CONSTRAINT` and `PRIMARY` are reserved, so no column is called that unquoted).
/// `at` is `skip_ws(i)` and `word` its `first_word`.
#[inline]
fn element<'a>(
    i: Input<'a>,
    at: Input<'a>,
    word: FirstWord<'a>,
    depth: Depth,
    draft: &mut Draft<'a>,
) -> PResult<'a, ()> {
    // The first word is read once: a plain name starts a column and is that column's name.
    let (i, at) = match word {
        FirstWord::Reserved("WATERMARK") => {
            let (i, site) = watermark(i, depth)?;
            draft.watermarks.push(site);
            return Ok((i, ()));
        }
        FirstWord::Reserved("CONSTRAINT" | "PRIMARY") => {
            let (i, site) = table_constraint(i)?;
            draft.keys.push(site);
            return Ok((i, ()));
        }
        FirstWord::Reserved("UNIQUE") => return unique(at),
        FirstWord::Name(rest, name) => column_after_name(at, rest, name, depth, &mut draft.table.columns)?,
        FirstWord::Reserved(_) | FirstWord::Other => column(i, depth, &mut draft.table.columns)?,
    };
    if let Some((key_at, enforcement)) = at.primary_key {
        draft.keys.push(KeySite { at: key_at, kind: KeyKind::Inline, enforcement });
    }
    draft.column_at.push(Draft::offset(at.name));
    Ok((i, ()))
}
