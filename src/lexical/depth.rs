//! `Depth`, the nesting budget threaded through every recursive parser (types, expressions).
//!
//! Recursion in a parser is recursion on the machine stack; without a budget, 100,000 opening
//! parentheses overflow it and abort the process. Each recursive production calls `enter` and
//! passes the returned value down; returning from a level gives the budget back for free.

use super::syntax_error::{Input, Reason, SyntaxError};

/// The default number of nesting levels (types inside types, expressions inside expressions).
/// 128 is far above anything a person writes, and small enough to stay within a 2 MiB thread stack
/// in a debug build.
pub const DEFAULT_MAX_DEPTH: usize = 128;

/// How many more levels of nesting the parser may enter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Depth {
    left: usize,
    limit: usize,
}

impl Depth {
    pub(crate) fn new(limit: usize) -> Self {
        Depth { left: limit, limit }
    }

    /// One level deeper, or a `Failure` at `at` when the budget is spent. A `Failure`, not an
    /// `Error`, so that no `alt` hides it behind another branch's message or retries the branch.
    pub(crate) fn enter<'a>(self, at: Input<'a>) -> Result<Depth, nom::Err<SyntaxError<'a>>> {
        match self.left.checked_sub(1) {
            Some(left) => Ok(Depth { left, limit: self.limit }),
            None => Err(nom::Err::Failure(SyntaxError::new(at, Reason::TooDeep { limit: self.limit }))),
        }
    }
}

impl Default for Depth {
    fn default() -> Self {
        Depth::new(DEFAULT_MAX_DEPTH)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_runs_out_after_limit_levels() {
        let mut depth = Depth::new(3);
        for _ in 0..3 {
            depth = depth.enter("x").unwrap();
        }
        assert!(matches!(
            depth.enter("x"),
            Err(nom::Err::Failure(SyntaxError { reason: Reason::TooDeep { limit: 3 }, .. }))
        ));
    }
}
