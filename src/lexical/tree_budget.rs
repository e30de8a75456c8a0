//! The tree budget: how much larger than its text one statement's syntax tree may grow.
//!
//! Nesting is bounded by [`super::Depth`], so everything long in a statement is a list: columns,
//! options, arguments, the operands of a chain. Most text costs less as a tree than as text
//! (names and values are copied once), but short tokens do not: `c INT, ` is 7 bytes of text and
//! a 120-byte column. Each place where a list grows charges the node it adds; a statement whose
//! charges exceed the text read so far by more than the allowance
//! ([`crate::ParseOptions::max_tree_overhead_bytes`]) fails there with `TreeTooLarge`, so a
//! statement's tree stays within its text plus the allowance, whatever its density.
//!
//! The budget lives in a thread-local set for the duration of one statement's parse
//! ([`TreeBudget::arm`]), not in a parameter: the places that charge are the list combinators
//! and the operator chain, far below where the budget is set, and every parser between them
//! would otherwise carry it. Parsing never hands work to another thread. Where no statement is
//! being parsed (a unit test calling a sub-parser), nothing is charged.

use std::cell::Cell;

use super::syntax_error::{Input, Reason, SyntaxError};

/// The default allowance: 16 MiB of syntax tree beyond the statement's text.
pub const DEFAULT_MAX_TREE_OVERHEAD_BYTES: usize = 16 * 1024 * 1024;

thread_local! {
    static BUDGET: TreeBudget = const {
        TreeBudget { spent: Cell::new(0), ceiling: Cell::new(usize::MAX), allowance: Cell::new(0) }
    };
}

/// The budget of the statement being parsed on this thread. Two numbers are checked at each
/// charge: the tree is within budget while `spent + rest ≤ ceiling`, where `rest` is the length
/// of the input at the charge and `ceiling` the length at the statement's start plus the
/// allowance (the text read so far being `start - rest`). Unarmed, the ceiling is `usize::MAX`.
#[derive(Debug)]
pub(crate) struct TreeBudget {
    /// Bytes of tree charged so far.
    spent: Cell<usize>,
    ceiling: Cell<usize>,
    /// For the error's message.
    allowance: Cell<usize>,
}

/// Restores the budget that was in place before [`TreeBudget::arm`] when dropped (also on unwind).
#[must_use = "the budget is disarmed when the guard is dropped"]
pub(crate) struct Armed {
    previous: (usize, usize, usize),
}

impl Drop for Armed {
    fn drop(&mut self) {
        let (spent, ceiling, allowance) = self.previous;
        BUDGET.with(|budget| {
            budget.spent.set(spent);
            budget.ceiling.set(ceiling);
            budget.allowance.set(allowance);
        });
    }
}

impl TreeBudget {
    /// Arms a budget for the statement starting at `statement`, until the guard is dropped.
    pub(crate) fn arm(statement: Input<'_>, allowance: usize) -> Armed {
        BUDGET.with(|budget| {
            let previous = (
                budget.spent.replace(0),
                budget.ceiling.replace(statement.len().saturating_add(allowance)),
                budget.allowance.replace(allowance),
            );
            Armed { previous }
        })
    }

    /// Charges `bytes` of tree for a node added at `at`; a `Failure` when the statement's tree
    /// would outgrow its text read so far by more than the allowance. A `Failure`, like
    /// `TooDeep`, so that no `alt` retries the statement another way.
    #[inline]
    pub(crate) fn charge(at: Input<'_>, bytes: usize) -> Result<(), nom::Err<SyntaxError<'_>>> {
        BUDGET.with(|budget| {
            let spent = budget.spent.get().saturating_add(bytes);
            budget.spent.set(spent);
            if spent.saturating_add(at.len()) > budget.ceiling.get() {
                return Err(Self::spent(at, budget.allowance.get()));
            }
            Ok(())
        })
    }

    /// Whether `bytes` more of tree, for nodes whose text ends at `at`, would be within budget:
    /// what a list sized ahead of reading may reserve.
    #[inline]
    pub(crate) fn affords(at: Input<'_>, bytes: usize) -> bool {
        BUDGET.with(|budget| budget.spent.get().saturating_add(bytes).saturating_add(at.len()) <= budget.ceiling.get())
    }

    #[cold]
    fn spent(at: Input<'_>, allowance: usize) -> nom::Err<SyntaxError<'_>> {
        nom::Err::Failure(SyntaxError::new(at, Reason::TreeTooLarge { allowance }))
    }

    /// What an item of type `T` in a list costs: twice its size (a list's vector doubles as it
    /// grows, so it may hold room for as many items again), and 16 bytes for what a list keeps
    /// beside its items (where each is, hashes of names to find repeats).
    pub(crate) const fn item<T>() -> usize {
        2 * std::mem::size_of::<T>() + 16
    }

    /// What an item of type `T` costs in a list whose vector is sized once, from a count of the
    /// items ahead (an option list's): its size and 16 bytes.
    pub(crate) const fn item_in_exact_list<T>() -> usize {
        std::mem::size_of::<T>() + 16
    }

    /// Charges an item of type `T` added at `at`; see [`TreeBudget::charge`].
    #[inline]
    pub(crate) fn charge_item<T>(at: Input<'_>) -> Result<(), nom::Err<SyntaxError<'_>>> {
        Self::charge(at, Self::item::<T>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charges_beyond_the_text_and_the_allowance_fail_where_they_are_made() {
        let text = "0123456789";
        let _armed = TreeBudget::arm(text, 4);
        // 5 bytes read, 9 allowed: 9 pass, the 10th fails.
        assert!(TreeBudget::charge(&text[5..], 9).is_ok());
        let Err(nom::Err::Failure(e)) = TreeBudget::charge(&text[5..], 1) else { panic!("should fail") };
        assert_eq!(e.reason, Reason::TreeTooLarge { allowance: 4 });
        assert_eq!(e.at, &text[5..]);
    }

    #[test]
    fn text_read_buys_tree() {
        let text = "0123456789";
        let _armed = TreeBudget::arm(text, 0);
        assert!(TreeBudget::affords(&text[3..], 3) && !TreeBudget::affords(&text[3..], 4));
        assert!(TreeBudget::charge(&text[3..], 3).is_ok());
        assert!(TreeBudget::charge(&text[10..], 7).is_ok());
        assert!(TreeBudget::charge(&text[10..], 1).is_err());
    }

    #[test]
    fn nothing_is_charged_without_a_statement_and_the_guard_restores_the_outer_budget() {
        assert!(TreeBudget::charge("", usize::MAX).is_ok());
        let outer = "abc";
        let _outer = TreeBudget::arm(outer, 0);
        {
            let _inner = TreeBudget::arm("", usize::MAX);
            assert!(TreeBudget::charge("", usize::MAX - 1).is_ok());
        }
        assert!(TreeBudget::charge(&outer[3..], 3).is_ok());
        assert!(TreeBudget::charge(&outer[3..], 1).is_err());
    }
}
