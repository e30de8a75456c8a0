//! The operators: prefix ([`UnaryOp`]), binary ([`BinaryOp`]), `IS [NOT]` ([`IsTest`]) and the
//! pattern matches ([`LikeKind`]), their precedence levels, and `peek_infix`, which reads the
//! operator ahead for the precedence climber (`climb.rs`).
//!
//! Precedence, from loosest to tightest (as in Calcite, which Flink uses):
//! `OR` < `AND` < `NOT` < `IS [NOT] NULL | TRUE | FALSE | UNKNOWN` < comparisons (`=`, `<>`, `!=`,
//! `<`, `<=`, `>`, `>=`, `IS [NOT] DISTINCT FROM`) < `[NOT] BETWEEN | IN | LIKE | ILIKE | SIMILAR TO`
//! < `+ -` < `* / % ||` < unary `- +` < `.field` and `[index]`. Binary operators are left-associative.

use serde::Serialize;

use crate::lexical::keyword::{peek_keyword, Keyword};
use crate::lexical::{peek_word, skip_ws, Input};

/// Precedence levels, loosest first.
pub(crate) mod prec {
    pub(crate) const OR: u8 = 1;
    pub(crate) const AND: u8 = 2;
    pub(crate) const NOT: u8 = 3;
    pub(crate) const IS: u8 = 4;
    pub(crate) const COMPARISON: u8 = 5;
    pub(crate) const PREDICATE: u8 = 6;
    pub(crate) const ADDITIVE: u8 = 7;
    pub(crate) const MULTIPLICATIVE: u8 = 8;
    pub(crate) const UNARY: u8 = 9;
    pub(crate) const POSTFIX: u8 = 10;
    pub(crate) const ATOM: u8 = 11;
}

/// Which pattern match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum LikeKind {
    /// `LIKE` (case-sensitive, `%` and `_`).
    Like,
    /// `ILIKE` (case-insensitive).
    Ilike,
    /// `SIMILAR TO` (SQL regular expressions).
    SimilarTo,
}

/// What `IS [NOT]` tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum IsTest {
    /// `IS NULL`
    Null,
    /// `IS TRUE`
    True,
    /// `IS FALSE`
    False,
    /// `IS UNKNOWN`
    Unknown,
}

impl IsTest {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            IsTest::Null => "NULL",
            IsTest::True => "TRUE",
            IsTest::False => "FALSE",
            IsTest::Unknown => "UNKNOWN",
        }
    }
}

/// A prefix operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum UnaryOp {
    /// `NOT`
    Not,
    /// `-`
    Minus,
    /// `+`
    Plus,
}

impl UnaryOp {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            UnaryOp::Not => "NOT ",
            UnaryOp::Minus => "-",
            UnaryOp::Plus => "+",
        }
    }
}

/// A binary operator. `!=` is read as `<>` and printed so (Flink's default conformance refuses `!=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum BinaryOp {
    /// `OR`
    Or,
    /// `AND`
    And,
    /// `=`
    Eq,
    /// `<>` (or `!=`)
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    LtEq,
    /// `>`
    Gt,
    /// `>=`
    GtEq,
    /// `IS DISTINCT FROM`
    IsDistinctFrom,
    /// `IS NOT DISTINCT FROM`
    IsNotDistinctFrom,
    /// `+`
    Plus,
    /// `-`
    Minus,
    /// `*`
    Multiply,
    /// `/`
    Divide,
    /// `%`
    Modulo,
    /// `||` (string concatenation; as tight as `*`, as in Calcite)
    Concat,
}

impl BinaryOp {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            BinaryOp::Or => "OR",
            BinaryOp::And => "AND",
            BinaryOp::Eq => "=",
            BinaryOp::NotEq => "<>",
            BinaryOp::Lt => "<",
            BinaryOp::LtEq => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::GtEq => ">=",
            BinaryOp::IsDistinctFrom => "IS DISTINCT FROM",
            BinaryOp::IsNotDistinctFrom => "IS NOT DISTINCT FROM",
            BinaryOp::Plus => "+",
            BinaryOp::Minus => "-",
            BinaryOp::Multiply => "*",
            BinaryOp::Divide => "/",
            BinaryOp::Modulo => "%",
            BinaryOp::Concat => "||",
        }
    }

    pub(crate) fn precedence(self) -> u8 {
        match self {
            BinaryOp::Or => prec::OR,
            BinaryOp::And => prec::AND,
            BinaryOp::Eq
            | BinaryOp::NotEq
            | BinaryOp::Lt
            | BinaryOp::LtEq
            | BinaryOp::Gt
            | BinaryOp::GtEq
            | BinaryOp::IsDistinctFrom
            | BinaryOp::IsNotDistinctFrom => prec::COMPARISON,
            BinaryOp::Plus | BinaryOp::Minus => prec::ADDITIVE,
            BinaryOp::Multiply | BinaryOp::Divide | BinaryOp::Modulo | BinaryOp::Concat => prec::MULTIPLICATIVE,
        }
    }
}

/// An infix or postfix operator seen ahead, with the input after it.
pub(crate) enum Infix {
    Binary(BinaryOp),
    Is { negated: bool },
    Between { negated: bool },
    In { negated: bool },
    Like { negated: bool, kind: LikeKind },
}

impl Infix {
    pub(crate) fn precedence(&self) -> u8 {
        match self {
            Infix::Binary(op) => op.precedence(),
            Infix::Is { .. } => prec::IS,
            Infix::Between { .. } | Infix::In { .. } | Infix::Like { .. } => prec::PREDICATE,
        }
    }
}

/// The operator at `at` (blanks already skipped) and the input after it; consumes nothing when
/// there is none, so the caller may stop there.
#[inline]
pub(crate) fn peek_infix(at: Input<'_>) -> Option<(Infix, Input<'_>)> {
    let symbol = |len: usize, op: BinaryOp| Some((Infix::Binary(op), &at[len..]));
    match at.as_bytes() {
        [b'<', b'=', ..] => return symbol(2, BinaryOp::LtEq),
        [b'<', b'>', ..] => return symbol(2, BinaryOp::NotEq),
        [b'>', b'=', ..] => return symbol(2, BinaryOp::GtEq),
        [b'!', b'=', ..] => return symbol(2, BinaryOp::NotEq),
        [b'|', b'|', ..] => return symbol(2, BinaryOp::Concat),
        [b'<', ..] => return symbol(1, BinaryOp::Lt),
        [b'>', ..] => return symbol(1, BinaryOp::Gt),
        [b'=', ..] => return symbol(1, BinaryOp::Eq),
        [b'+', ..] => return symbol(1, BinaryOp::Plus),
        [b'-', ..] => return symbol(1, BinaryOp::Minus),
        [b'*', ..] => return symbol(1, BinaryOp::Multiply),
        [b'/', ..] => return symbol(1, BinaryOp::Divide),
        [b'%', ..] => return symbol(1, BinaryOp::Modulo),
        _ => {}
    }
    let word = peek_word(at);
    let keyword = Keyword::of_word(word)?;
    let after = &at[word.len()..];
    let next = |i: Input<'_>| peek_keyword(i);
    match keyword {
        Keyword::Or => Some((Infix::Binary(BinaryOp::Or), after)),
        Keyword::And => Some((Infix::Binary(BinaryOp::And), after)),
        Keyword::Is => {
            let (negated, rest) =
                if next(after) == Some(Keyword::Not) { (true, skip_word(after)) } else { (false, after) };
            if next(rest) == Some(Keyword::Distinct) {
                let op = if negated { BinaryOp::IsNotDistinctFrom } else { BinaryOp::IsDistinctFrom };
                // `FROM` is checked by the caller, which commits after `IS [NOT] DISTINCT`.
                return Some((Infix::Binary(op), skip_word(rest)));
            }
            Some((Infix::Is { negated }, rest))
        }
        Keyword::Not => match next(after)? {
            Keyword::Between | Keyword::In | Keyword::Like | Keyword::Ilike | Keyword::Similar => {
                predicate(next(after)?, true, skip_word(after))
            }
            _ => None,
        },
        Keyword::Between | Keyword::In | Keyword::Like | Keyword::Ilike | Keyword::Similar => {
            predicate(keyword, false, after)
        }
        _ => None,
    }
}

/// The input after the next word.
fn skip_word(i: Input<'_>) -> Input<'_> {
    let i = skip_ws(i);
    &i[peek_word(i).len()..]
}

/// `BETWEEN`, `IN`, `LIKE`, `ILIKE` or `SIMILAR` (its `TO` is read by the caller).
fn predicate(keyword: Keyword, negated: bool, after: Input<'_>) -> Option<(Infix, Input<'_>)> {
    let infix = match keyword {
        Keyword::Between => Infix::Between { negated },
        Keyword::In => Infix::In { negated },
        Keyword::Like => Infix::Like { negated, kind: LikeKind::Like },
        Keyword::Ilike => Infix::Like { negated, kind: LikeKind::Ilike },
        _ => Infix::Like { negated, kind: LikeKind::SimilarTo },
    };
    Some((infix, after))
}
