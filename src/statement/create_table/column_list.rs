//! `( col, ... )`: the column lists of a table's primary key, `DISTRIBUTED BY` and
//! `PARTITIONED BY`, with where each name is, for the errors of the checks after parsing.

use nom::combinator::cut;
use nom::error::context;
use nom::Parser;

use crate::lexical::{punct, skip_ws, ws, Input, PResult, Reason, SyntaxError};
use crate::name::{name_part, Ident};

/// `( name {, name} )`, committed; records where each name is.
pub(crate) fn column_name_list<'a>(i: Input<'a>, positions: &mut Vec<Input<'a>>) -> PResult<'a, Vec<Ident>> {
    let (mut i, ()) = cut(punct("(")).parse(i)?;
    let mut names = Vec::new();
    loop {
        positions.push(skip_ws(i));
        let (rest, name) = cut(context("a column name", name_part)).parse(i)?;
        names.push(name);
        let (rest, ()) = ws(rest)?;
        if let Some(after_comma) = rest.strip_prefix(',') {
            if skip_ws(after_comma).starts_with(')') {
                return SyntaxError::new(rest, Reason::TrailingComma).fail();
            }
            i = after_comma;
        } else if let Some(after) = rest.strip_prefix(')') {
            return Ok((after, names));
        } else {
            let err = SyntaxError::expected(rest, "`,`");
            return nom::error::ParseError::or(err, SyntaxError::expected(rest, "`)`")).fail();
        }
    }
}
