//! Expressions: the bodies of computed columns (`cost AS price * quantity`) and watermarks
//! (`WATERMARK FOR ts AS ts - INTERVAL '5' SECOND`), parsed with a real grammar rather than kept as
//! text.
//!
//! Where things are:
//! - `ast.rs`: [`Expr`] and the nodes that hold expressions, each with its printing;
//!   `literal.rs`: literals; `operator.rs`: operators and their precedence levels.
//! - `climb.rs`: the precedence climber, the parser's entry point (`expr`); `primary.rs`: the
//!   operands it reads (dispatched on their first token), each form in a file of its own:
//!   `call.rs` (names and calls), `builtin.rs` (`EXTRACT(DAY FROM ts)`, ...), `cast.rs`,
//!   `case.rs`, `constructor.rs` (`ARRAY[...]`, `MAP[...]`, `ROW(...)`).
//! - `operand.rs`: how those forms read the expressions inside them, without importing the
//!   climber that calls them.
//! - `secret_pair.rs`: a `'key' = 'value'` comparison with a sensitive key holds its value as a
//!   secret.

mod ast;
mod builtin;
mod call;
mod case;
mod cast;
mod climb;
mod constructor;
mod literal;
mod operand;
mod operator;
mod primary;
mod secret_pair;
#[cfg(test)]
mod tests;

pub use ast::{
    Between, Case, Cast, DateTimeField, Expr, Function, FunctionArgs, Like, Niladic, Position, TimestampArith, Trim,
    TrimSide,
};
pub(crate) use climb::expr;
pub use literal::{IntervalLiteral, Literal};
pub use operator::{BinaryOp, IsTest, LikeKind, UnaryOp};
