//! `LIKE` / `ILIKE` patterns for `SHOW CONNECTIONS` and `SHOW TABLES`: `%` is any run of
//! characters, `_` exactly one, and `\` makes the next character literal (as Confluent's SHOW page
//! says for SHOW TABLES).
//!
//! Matching simulates the pattern as a small automaton over the name (one set of states per
//! character read), so its cost is bounded by `len(name) × len(pattern)` whatever the pattern:
//! there is no backtracking that `'%a%a%a%a%b'` could blow up. A pattern's literal prefix
//! (`'crm_%'` has none, `'crm%'` has `crm`) lets an ordered catalog scan a range of names.

use serde::Serialize;

/// One element of a compiled pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    /// This character (case folded when the pattern ignores case).
    Literal(char),
    /// `_`: any one character.
    AnyOne,
    /// `%`: any run of characters, possibly empty.
    AnyRun,
}

/// A compiled `[NOT] LIKE | ILIKE` filter on object names.
///
/// ```
/// use flink_ddl_exec::NameFilter;
/// let filter = NameFilter::like(r"crm\_%", false, false);
/// assert!(filter.matches("crm_pg") && !filter.matches("crmpg"));
/// assert!(NameFilter::like("OPEN%", true, false).matches("openai_conn"));
/// assert!(NameFilter::like("tmp%", false, true).matches("prod"));
/// assert_eq!(NameFilter::like("crm%", false, false).range_prefix(), Some("crm"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameFilter {
    /// The pattern as written.
    pattern: String,
    /// `NOT` was given: keep the names that do not match.
    negated: bool,
    /// `ILIKE`: compare ignoring case.
    case_insensitive: bool,
    #[serde(skip)]
    tokens: Vec<Token>,
    /// The literal characters before the first wildcard (as written, not case folded).
    #[serde(skip)]
    prefix: String,
}

impl NameFilter {
    /// Compiles `pattern`. A `\` at the very end escapes nothing and stands for itself.
    pub fn like(pattern: &str, case_insensitive: bool, negated: bool) -> Self {
        let mut tokens = Vec::with_capacity(pattern.len());
        let mut prefix = String::new();
        let mut in_prefix = true;
        let mut chars = pattern.chars();
        while let Some(c) = chars.next() {
            let token = match c {
                '%' => Token::AnyRun,
                '_' => Token::AnyOne,
                '\\' => Token::Literal(chars.next().unwrap_or('\\')),
                other => Token::Literal(other),
            };
            match token {
                Token::Literal(lit) if in_prefix => prefix.push(lit),
                Token::Literal(_) => {}
                Token::AnyOne | Token::AnyRun => in_prefix = false,
            }
            // `%%` is the same as `%`: keeping one keeps the state set small.
            if token == Token::AnyRun && tokens.last() == Some(&Token::AnyRun) {
                continue;
            }
            tokens.push(match token {
                Token::Literal(lit) if case_insensitive => Token::Literal(fold(lit)),
                other => other,
            });
        }
        NameFilter { pattern: pattern.to_owned(), negated, case_insensitive, tokens, prefix }
    }

    /// The pattern as written.
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// `NOT` was given.
    pub fn is_negated(&self) -> bool {
        self.negated
    }

    /// `ILIKE` rather than `LIKE`.
    pub fn is_case_insensitive(&self) -> bool {
        self.case_insensitive
    }

    /// True when `name` passes the filter (matches, or does not match under `NOT`).
    pub fn matches(&self, name: &str) -> bool {
        self.pattern_matches(name) != self.negated
    }

    /// When every passing name starts with a fixed, case-sensitive text (a non-negated `LIKE`
    /// whose pattern starts with literal characters), that text: the names to look at are one
    /// range of an ordered index. `None` when a full scan is needed.
    pub fn range_prefix(&self) -> Option<&str> {
        (!self.negated && !self.case_insensitive && !self.prefix.is_empty()).then_some(self.prefix.as_str())
    }

    /// The pattern alone, without `NOT`: a simulation of the automaton whose state `i` means
    /// "the first `i` tokens have matched". `%` may match nothing, so a state before a `%` also
    /// holds the state after it (the closure below).
    fn pattern_matches(&self, name: &str) -> bool {
        if self.tokens.len() < 64 {
            self.pattern_matches_in_a_word(name)
        } else {
            self.pattern_matches_in_vectors(name)
        }
    }

    /// The automaton with one `bool` per state, for patterns of any length.
    fn pattern_matches_in_vectors(&self, name: &str) -> bool {
        let tokens = &self.tokens;
        let states = tokens.len() + 1;
        let mut current = vec![false; states];
        let mut next = vec![false; states];
        current[0] = true;
        close(tokens, &mut current);
        for c in name.chars() {
            let c = if self.case_insensitive { fold(c) } else { c };
            next.iter_mut().for_each(|s| *s = false);
            let mut any = false;
            for (i, token) in tokens.iter().enumerate() {
                if !current[i] {
                    continue;
                }
                match *token {
                    Token::AnyRun => next[i] = true,
                    Token::AnyOne => next[i + 1] = true,
                    Token::Literal(lit) if lit == c => next[i + 1] = true,
                    Token::Literal(_) => continue,
                }
                any = true;
            }
            if !any {
                return false;
            }
            close(tokens, &mut next);
            std::mem::swap(&mut current, &mut next);
        }
        current[tokens.len()]
    }
}

impl NameFilter {
    /// The same automaton with its states as the bits of one word, for patterns of fewer than
    /// 64 tokens (every pattern in practice): no allocation, a few bit operations per character.
    fn pattern_matches_in_a_word(&self, name: &str) -> bool {
        let (mut runs, mut ones, mut literals) = (0u64, 0u64, 0u64);
        for (i, token) in self.tokens.iter().enumerate() {
            match token {
                Token::AnyRun => runs |= 1 << i,
                Token::AnyOne => ones |= 1 << i,
                Token::Literal(_) => literals |= 1 << i,
            }
        }
        // `%%` was merged into one `%`, so a `%` is never followed by another: one shift closes.
        let close = |states: u64| states | ((states & runs) << 1);
        let mut states = close(1);
        for c in name.chars() {
            let c = if self.case_insensitive { fold(c) } else { c };
            let mut next = (states & runs) | ((states & ones) << 1);
            let mut candidates = states & literals;
            while candidates != 0 {
                let i = candidates.trailing_zeros() as usize;
                candidates &= candidates - 1;
                if self.tokens[i] == Token::Literal(c) {
                    next |= 1 << (i + 1);
                }
            }
            if next == 0 {
                return false;
            }
            states = close(next);
        }
        states & (1 << self.tokens.len()) != 0
    }
}

/// Adds to `states` the states reachable by letting a `%` match nothing.
fn close(tokens: &[Token], states: &mut [bool]) {
    for (i, token) in tokens.iter().enumerate() {
        if states[i] && *token == Token::AnyRun {
            states[i + 1] = true;
        }
    }
}

/// One character's case-insensitive form: its lower case when that is a single character.
fn fold(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn like(pattern: &str, name: &str) -> bool {
        NameFilter::like(pattern, false, false).matches(name)
    }

    #[test]
    fn percent_and_underscore() {
        assert!(like("%", ""));
        assert!(like("%", "anything"));
        assert!(like("a%", "a") && like("a%", "abc") && !like("a%", "ba"));
        assert!(like("%c", "abc") && !like("%c", "abd"));
        assert!(like("a_c", "abc") && !like("a_c", "ac") && !like("a_c", "abbc"));
        assert!(like("%b%", "abc") && like("a%%c", "ac"));
        assert!(like("", "") && !like("", "a"));
        assert!(like("__", "éü") && !like("_", "éü"));
    }

    #[test]
    fn backslash_escapes() {
        assert!(like(r"tmp\_%", "tmp_1") && !like(r"tmp\_%", "tmpx1"));
        assert!(like(r"100\%", "100%") && !like(r"100\%", "1000"));
        assert!(like(r"a\\b", r"a\b"));
        assert!(like(r"end\", r"end\"));
    }

    #[test]
    fn like_is_case_sensitive_ilike_is_not() {
        assert!(!like("CRM%", "crm_pg"));
        assert!(NameFilter::like("CRM%", true, false).matches("crm_pg"));
        assert!(NameFilter::like("straße", true, false).matches("STRAßE"));
    }

    #[test]
    fn not_negates() {
        let filter = NameFilter::like("tmp%", false, true);
        assert!(filter.matches("prod") && !filter.matches("tmp1"));
    }

    #[test]
    fn range_prefix_only_for_plain_like() {
        assert_eq!(NameFilter::like(r"crm\_x%", false, false).range_prefix(), Some("crm_x"));
        assert_eq!(NameFilter::like("%crm", false, false).range_prefix(), None);
        assert_eq!(NameFilter::like("crm%", true, false).range_prefix(), None);
        assert_eq!(NameFilter::like("crm%", false, true).range_prefix(), None);
    }

    #[test]
    fn the_word_and_the_vector_automata_agree() {
        let patterns = ["", "%", "a%", "%a", "a_c", "%a%b_", r"x\%_%", "__%__", "%b%b%"];
        let names = ["", "a", "ab", "abc", "xaybz", "ba", "x%yz", "abcdef", "bbb", "éa"];
        for pattern in patterns {
            for case_insensitive in [false, true] {
                let filter = NameFilter::like(pattern, case_insensitive, false);
                for name in names {
                    let upper = name.to_uppercase();
                    for text in [name, upper.as_str()] {
                        assert_eq!(
                            filter.pattern_matches_in_a_word(text),
                            filter.pattern_matches_in_vectors(text),
                            "{pattern} {text}"
                        );
                    }
                }
            }
        }
        let long = NameFilter::like(&"a_%".repeat(30), false, false);
        assert!(long.tokens.len() >= 64);
        assert!(long.matches(&"ab".repeat(30)) && !long.matches(&"ab".repeat(29)));
    }

    #[test]
    fn many_percents_stay_fast() {
        let pattern = "%a".repeat(500) + "%b";
        let name = "a".repeat(10_000);
        assert!(!like(&pattern, &name));
    }
}
