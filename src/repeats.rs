//! Finding an item given twice in a list as the list is read, in linear time: column names, key
//! and partition columns, reset keys, the tools of an agent. Lists people write are short, but
//! hostile text is not: a pairwise check took hours on a CTAS column list of two million names.
//! (Option lists have their own, `options::SeenKeys`, sized from a count of the text ahead.)

use std::collections::hash_map::RandomState;
use std::collections::HashSet;
use std::hash::{BuildHasher, Hash};

/// The items of a list read so far, for finding a repeat. A short list is scanned where its items
/// are (no allocation, no hashing); past [`Repeats::SCAN_LIMIT`] items a set of their keys'
/// hashes is kept (8 bytes an item, not a copy of it; per-process random keys, so that crafted
/// text cannot make them collide). An equal hash is confirmed by a scan, which is rare but for a
/// repeat, an error that ends the list.
#[derive(Debug, Default)]
pub(crate) struct Repeats {
    hashes: Option<(RandomState, HashSet<u64>)>,
}

impl Repeats {
    /// The longest list scanned pairwise.
    const SCAN_LIMIT: usize = 32;

    pub(crate) fn new() -> Self {
        Repeats::default()
    }

    /// True when an item of `earlier` (the list so far) has `key` as its key, `key_of` giving an
    /// item's key. Otherwise `key` is remembered: the caller then adds its item to the list.
    pub(crate) fn repeats<'k, T, K: Hash + Eq>(
        &mut self,
        earlier: &'k [T],
        key: K,
        key_of: impl Fn(&'k T) -> K,
    ) -> bool {
        if self.hashes.is_none() {
            if earlier.len() < Self::SCAN_LIMIT {
                return earlier.iter().any(|item| key_of(item) == key);
            }
            let state = RandomState::new();
            let hashes = earlier.iter().map(|item| state.hash_one(key_of(item))).collect();
            self.hashes = Some((state, hashes));
        }
        let Some((state, hashes)) = &mut self.hashes else { unreachable!("made above") };
        !hashes.insert(state.hash_one(&key)) && earlier.iter().any(|item| key_of(item) == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first position whose item repeats an earlier one, as a list reader finds it.
    fn first_repeat(items: &[String]) -> Option<usize> {
        let mut repeats = Repeats::new();
        (0..items.len()).find(|&n| repeats.repeats(&items[..n], items[n].as_str(), String::as_str))
    }

    #[test]
    fn a_repeat_is_found_in_short_and_long_lists() {
        for len in [0usize, 1, 2, 31, 32, 33, 100, 5000] {
            let distinct: Vec<String> = (0..len).map(|n| format!("c{n}")).collect();
            assert_eq!(first_repeat(&distinct), None, "{len}");
            for at in [0, len / 2, len.saturating_sub(1)].into_iter().filter(|_| len > 0) {
                let mut repeated = distinct.clone();
                repeated.push(distinct[at].clone());
                repeated.push("after".to_owned());
                assert_eq!(first_repeat(&repeated), Some(len), "{len} repeating {at}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn the_first_repeat_is_the_pairwise_one(items in proptest::collection::vec("[ab]{0,6}", 0..80)) {
            let pairwise = (0..items.len()).find(|&n| items[..n].contains(&items[n]));
            proptest::prop_assert_eq!(first_repeat(&items), pairwise);
        }
    }
}
