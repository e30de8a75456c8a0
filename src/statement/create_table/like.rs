//! `LIKE source [( option ... )]`: a table that starts from another's definition.

use std::fmt;

use nom::combinator::cut;
use nom::error::context;
use nom::Parser;
use serde::Serialize;

use crate::lexical::keyword::{kw, peek_keyword, Keyword};
use crate::lexical::{peek_word, punct, skip_ws, Input, PResult, Reason, SyntaxError, TreeBudget};
use crate::name::{object_name, ObjectName};
use crate::print::{SqlWriter, ToSql};

/// `LIKE source [( option ... )]`: the new table starts from `source`'s definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableLike {
    /// The table copied from.
    pub source: ObjectName,
    /// The merging options, space-separated in the SQL (none means Flink's default,
    /// `INCLUDING ALL OVERWRITING OPTIONS`).
    pub options: Vec<LikeOption>,
}

impl ToSql for TableLike {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("LIKE ")?;
        self.source.write_sql(w)?;
        if !self.options.is_empty() {
            w.write_str(" (")?;
            for (n, option) in self.options.iter().enumerate() {
                if n > 0 {
                    w.write_str(" ")?;
                }
                option.write_sql(w)?;
            }
            w.write_str(")")?;
        }
        Ok(())
    }
}

/// One `LIKE` option: `INCLUDING ALL`, `EXCLUDING PARTITIONS`, `OVERWRITING OPTIONS`, ...
/// `OVERWRITING` applies to `GENERATED`, `OPTIONS`, `WATERMARKS` and `METADATA` only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LikeOption {
    /// How the source's feature is merged.
    pub strategy: MergingStrategy,
    /// Which feature of the source.
    pub feature: LikeFeature,
}

impl ToSql for LikeOption {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str(match self.strategy {
            MergingStrategy::Including => "INCLUDING ",
            MergingStrategy::Excluding => "EXCLUDING ",
            MergingStrategy::Overwriting => "OVERWRITING ",
        })?;
        w.write_str(self.feature.as_str())
    }
}

/// How a `LIKE` option merges a feature of the source table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MergingStrategy {
    /// `INCLUDING`: take the source's, fail on a conflict.
    Including,
    /// `EXCLUDING`: leave the source's out.
    Excluding,
    /// `OVERWRITING`: take the source's, the new table's win on a conflict.
    Overwriting,
}

/// The feature of the source table a `LIKE` option is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum LikeFeature {
    /// `ALL`
    All,
    /// `CONSTRAINTS`
    Constraints,
    /// `PARTITIONS`
    Partitions,
    /// `DISTRIBUTION`
    Distribution,
    /// `GENERATED` (computed columns)
    Generated,
    /// `OPTIONS`
    Options,
    /// `WATERMARKS`
    Watermarks,
    /// `METADATA`
    Metadata,
}

impl LikeFeature {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            LikeFeature::All => "ALL",
            LikeFeature::Constraints => "CONSTRAINTS",
            LikeFeature::Partitions => "PARTITIONS",
            LikeFeature::Distribution => "DISTRIBUTION",
            LikeFeature::Generated => "GENERATED",
            LikeFeature::Options => "OPTIONS",
            LikeFeature::Watermarks => "WATERMARKS",
            LikeFeature::Metadata => "METADATA",
        }
    }
}

/// `LIKE source [( option {option} )]`.
pub(crate) fn table_like<'a>(i: Input<'a>, positions: &mut Vec<Input<'a>>) -> PResult<'a, TableLike> {
    let (i, ()) = kw(Keyword::Like).parse(i)?;
    let (i, source) = cut(context("a table name", object_name)).parse(i)?;
    let Ok((mut i, ())) = punct("(").parse(i) else { return Ok((i, TableLike { source, options: Vec::new() })) };
    let mut options = Vec::new();
    loop {
        let at = skip_ws(i);
        // At least one option: `LIKE t ()` is an error, as in Flink.
        if !options.is_empty() {
            if let Some(rest) = at.strip_prefix(')') {
                return Ok((rest, TableLike { source, options }));
            }
        }
        TreeBudget::charge_item::<(LikeOption, Input<'_>)>(at)?;
        let (rest, option) = like_option(i, !options.is_empty())?;
        positions.push(at);
        options.push(option);
        i = rest;
    }
}

/// `{INCLUDING | EXCLUDING} {ALL | CONSTRAINTS | PARTITIONS | DISTRIBUTION}` or
/// `{INCLUDING | EXCLUDING | OVERWRITING} {GENERATED | OPTIONS | WATERMARKS | METADATA}`.
/// `or_close`: a `)` may come instead (after the first option).
fn like_option(i: Input<'_>, or_close: bool) -> PResult<'_, LikeOption> {
    let at = skip_ws(i);
    let strategy = match peek_keyword(at) {
        Some(Keyword::Including) => MergingStrategy::Including,
        Some(Keyword::Excluding) => MergingStrategy::Excluding,
        Some(Keyword::Overwriting) => MergingStrategy::Overwriting,
        _ => {
            let mut err = SyntaxError::expected(at, "`INCLUDING`");
            for label in ["`EXCLUDING`", "`OVERWRITING`"] {
                err = nom::error::ParseError::or(err, SyntaxError::expected(at, label));
            }
            if or_close {
                err = nom::error::ParseError::or(err, SyntaxError::expected(at, "`)`"));
            }
            return err.fail();
        }
    };
    let rest = &at[peek_word(at).len()..];
    let feature_at = skip_ws(rest);
    let feature = match peek_keyword(feature_at) {
        Some(Keyword::All) => LikeFeature::All,
        Some(Keyword::Constraints) => LikeFeature::Constraints,
        Some(Keyword::Partitions) => LikeFeature::Partitions,
        Some(Keyword::Distribution) => LikeFeature::Distribution,
        Some(Keyword::Generated) => LikeFeature::Generated,
        Some(Keyword::Options) => LikeFeature::Options,
        Some(Keyword::Watermarks) => LikeFeature::Watermarks,
        Some(Keyword::Metadata) => LikeFeature::Metadata,
        _ => {
            let label = "a LIKE feature (ALL, CONSTRAINTS, PARTITIONS, DISTRIBUTION, GENERATED, OPTIONS, WATERMARKS \
                         or METADATA)";
            return SyntaxError::expected(feature_at, label).fail();
        }
    };
    let overwritable = matches!(
        feature,
        LikeFeature::Generated | LikeFeature::Options | LikeFeature::Watermarks | LikeFeature::Metadata
    );
    if strategy == MergingStrategy::Overwriting && !overwritable {
        let message = format!(
            "`OVERWRITING {}` is not a LIKE option: OVERWRITING applies to GENERATED, OPTIONS, WATERMARKS or METADATA",
            feature.as_str()
        );
        return SyntaxError::new(feature_at, Reason::Message(message)).fail();
    }
    Ok((&feature_at[peek_word(feature_at).len()..], LikeOption { strategy, feature }))
}
