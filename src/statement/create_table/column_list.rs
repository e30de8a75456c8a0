//! `( col, ... )`: the column lists of a table's primary key, `DISTRIBUTED BY` and
//! `PARTITIONED BY`, with where each name is, for the errors of the checks after parsing.

use nom::combinator::cut;
use nom::error::context;
use nom::Parser;

use crate::combinator::comma_list;
use crate::lexical::{punct, skip_ws, Input, PResult, TreeBudget};
use crate::name::{name_part, Ident};

/// `( name {, name} )`, committed; records where each name is.
pub(crate) fn column_name_list<'a>(i: Input<'a>, positions: &mut Vec<Input<'a>>) -> PResult<'a, Vec<Ident>> {
    let (i, ()) = cut(punct("(")).parse(i)?;
    let mut names = Vec::new();
    let (rest, ()) = comma_list(i, ')', TreeBudget::item::<(Ident, Input<'a>)>(), |i| {
        positions.push(skip_ws(i));
        let (rest, name) = cut(context("a column name", name_part)).parse(i)?;
        names.push(name);
        Ok((rest, ()))
    })?;
    Ok((rest, names))
}
