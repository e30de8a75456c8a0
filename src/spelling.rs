//! The one did-you-mean rule: the parser's "did you mean" for keywords and type names, the
//! executor's for option keys, and the fail-closed redactor's near misses of credential keys all
//! ask it, so "did you mean `password`?" and the masking of `passwrd` cannot disagree.
//!
//! A word is probably a misspelling of a candidate when it has at least three bytes, is not the
//! candidate itself, and is within the candidate's allowance by optimal string alignment
//! (insertions, deletions, substitutions and swaps of two neighbours, each one edit): 1 edit for
//! a candidate of up to four letters, 2 for a longer one.
//!
//! The distance is computed only as far as the allowance: the fail-closed redactor asks it of
//! every word of the text it masks (comments included) against every credential key, so an exact
//! distance of two unrelated words is work for nothing.

/// The optimal-string-alignment distance from `word` to `candidate` when `word` is probably a
/// misspelling of it (module docs): at least three bytes, not `candidate` itself, and within 1
/// edit of a candidate of up to four letters or 2 of a longer one. Comparison is exact (case and
/// separators count); callers compare keys in a canonical form first.
///
/// ```
/// use flink_ddl::misspelling_distance;
/// assert_eq!(misspelling_distance("passwrd", "password"), Some(1));
/// assert_eq!(misspelling_distance("pasword1", "password"), Some(2));
/// assert_eq!(misspelling_distance("tokne", "token"), Some(1)); // a swap is one edit
/// assert_eq!(misspelling_distance("typ", "type"), Some(1));
/// assert_eq!(misspelling_distance("tpye2", "type"), None); // over the allowance of a short key
/// assert_eq!(misspelling_distance("password", "password"), None); // no misspelling
/// assert_eq!(misspelling_distance("pw", "pw1"), None); // too short to judge
/// ```
pub fn misspelling_distance(word: &str, candidate: &str) -> Option<usize> {
    if word.len() < 3 || word == candidate {
        return None;
    }
    // A character is at most four bytes: a word this long has too many characters, whatever they are.
    if word.len() > 4 * (candidate.len() + 2) {
        return None;
    }
    let (word_shape, candidate_shape) = (Shape::of(word), Shape::of(candidate));
    if !word_shape.may_misspell(candidate_shape) {
        return None;
    }
    let allowance = allowance(candidate_shape.chars);
    if word.is_ascii() && candidate.is_ascii() {
        return distance_within(word.as_bytes(), candidate.as_bytes(), allowance);
    }
    let word: Vec<char> = word.chars().collect();
    let candidate: Vec<char> = candidate.chars().collect();
    distance_within(&word, &candidate, allowance)
}

/// What a cheap bound on the distance needs of a text: how many characters it has, and which
/// (each character one of 64 classes, by its low bits). Each class the candidate has and the
/// word lacks takes an edit to put in, and each the word has and the candidate lacks one to take
/// out, so most pairs of unrelated words are ruled out before any distance is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shape {
    chars: usize,
    set: u64,
}

impl Shape {
    /// How many characters the text has.
    pub(crate) fn chars(self) -> usize {
        self.chars
    }

    /// The shape of `text`.
    pub(crate) fn of(text: &str) -> Shape {
        if text.is_ascii() {
            return Shape::of_ascii(text);
        }
        let (chars, set) = text.chars().fold((0, 0u64), |(n, set), c| (n + 1, set | 1 << (u32::from(c) & 63)));
        Shape { chars, set }
    }

    /// The shape of an ASCII `text` (at compile time, for tables of keys).
    pub(crate) const fn of_ascii(text: &str) -> Shape {
        let bytes = text.as_bytes();
        let mut set = 0u64;
        let mut at = 0;
        while at < bytes.len() {
            set |= 1 << (bytes[at] & 63);
            at += 1;
        }
        Shape { chars: bytes.len(), set }
    }

    /// The shape of an ASCII option key as the key rule compares it: lower-cased, `_` read as
    /// `-`. Its other characters (blanks, quotes) only add to the set.
    pub(crate) fn of_ascii_key(key: &str) -> Shape {
        let set = key.bytes().fold(0u64, |set, b| {
            let b = if b == b'_' { b'-' } else { b.to_ascii_lowercase() };
            set | 1 << (b & 63)
        });
        Shape { chars: key.len(), set }
    }

    /// False when a word of this shape is surely not a misspelling of a candidate of the shape
    /// `candidate` (too long, too short, or too many characters of its own or missing).
    pub(crate) fn may_misspell(self, candidate: Shape) -> bool {
        let allowance = allowance(candidate.chars);
        self.chars.abs_diff(candidate.chars) <= allowance
            && (candidate.set & !self.set).count_ones() as usize <= allowance
            && (self.set & !candidate.set).count_ones() as usize <= allowance
    }

    /// False when no stretch of a text of this shape can be a misspelling of a candidate of the
    /// shape `candidate`, nor the candidate itself: too many of its characters are missing.
    pub(crate) fn may_hold_misspelling(self, candidate: Shape) -> bool {
        (candidate.set & !self.set).count_ones() as usize <= allowance(candidate.chars)
    }
}

/// The candidate `word` is most probably a misspelling of, by [`misspelling_distance`]: the
/// nearest, the first one listed among equally near ones; `None` when none is near.
///
/// ```
/// use flink_ddl::likely_meant;
/// let keys = ["type", "endpoint", "api-key", "username", "password"];
/// assert_eq!(likely_meant("ap-key", keys), Some("api-key"));
/// assert_eq!(likely_meant("pasword", keys), Some("password"));
/// assert_eq!(likely_meant("token", keys), None);
/// ```
pub fn likely_meant<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    if word.len() < 3 {
        return None;
    }
    candidates
        .into_iter()
        .filter_map(|c| misspelling_distance(word, c).map(|distance| (distance, c)))
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, c)| c)
}

/// The edits a misspelling of a candidate of `chars` characters may have: 1 for up to four, 2
/// for more.
fn allowance(chars: usize) -> usize {
    if chars <= 4 {
        1
    } else {
        2
    }
}

/// Rows of the distance table kept on the stack: longer than any keyword or option key.
const STACK_ROW: usize = 48;

/// The optimal-string-alignment distance from `a` to `b` when it is at most `limit` (at least
/// 1); `None` when it is more. Only the band of cells within `limit` of the diagonal is
/// computed, and the computation stops at the first row whose every cell is over the limit, so
/// two unrelated words cost a few cells, not the whole table.
fn distance_within<T: Copy + Eq>(a: &[T], b: &[T], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let width = b.len() + 1;
    let mut stack = [0usize; 3 * STACK_ROW];
    let mut heap = Vec::new();
    let cells: &mut [usize] = if width <= STACK_ROW {
        &mut stack[..3 * width]
    } else {
        heap.resize(3 * width, 0);
        &mut heap
    };
    let (mut before, rest) = cells.split_at_mut(width);
    let (mut previous, mut current) = rest.split_at_mut(width);
    // Any value over the limit is as good as infinite: cells are capped there.
    let over = limit + 1;
    for (j, cell) in previous.iter_mut().enumerate() {
        *cell = j.min(over);
    }
    before.fill(over);
    let mut previous_min = 0;
    for i in 1..=a.len() {
        current.fill(over);
        current[0] = i.min(over);
        let from = i.saturating_sub(limit).max(1);
        let to = (i + limit).min(b.len());
        let mut row_min = current[0];
        for j in from..=to {
            let substitution = previous[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let mut cell = substitution.min(previous[j] + 1).min(current[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cell = cell.min(before[j - 2] + 1);
            }
            current[j] = cell.min(over);
            row_min = row_min.min(current[j]);
        }
        // A swap reads two rows back (plus one edit): once a row is over the limit and the one
        // before it has no cell under it, every later row is over the limit too.
        if row_min > limit && previous_min >= limit {
            return None;
        }
        previous_min = row_min;
        // Rotate the three rows: `before` <- `previous` <- `current`, reusing the oldest.
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    let distance = previous[b.len()];
    (distance <= limit).then_some(distance)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The reference: the whole table, by `strsim`.
    fn reference(word: &str, candidate: &str) -> Option<usize> {
        if word.len() < 3 || word == candidate {
            return None;
        }
        let distance = strsim::osa_distance(word, candidate);
        (distance <= allowance(candidate.chars().count())).then_some(distance)
    }

    #[test]
    fn misspellings_of_keys_and_keywords() {
        assert_eq!(misspelling_distance("ap-key", "api-key"), Some(1));
        assert_eq!(misspelling_distance("api_kye", "api_key"), Some(1));
        assert_eq!(misspelling_distance("secert", "secret"), Some(1));
        assert_eq!(misspelling_distance("CRAETE", "CREATE"), Some(1));
        assert_eq!(misspelling_distance("open", "token"), Some(2));
        assert_eq!(misspelling_distance("username", "token"), None);
        assert_eq!(misspelling_distance("passwörd", "password"), Some(1));
        assert_eq!(misspelling_distance("ab", "abc"), None);
        assert_eq!(likely_meant("TABEL", ["TABLE", "TABLES"]), Some("TABLE"));
    }

    #[test]
    fn long_words_use_the_heap_and_agree() {
        let long = "x".repeat(60);
        let typo = format!("{}y", "x".repeat(59));
        assert_eq!(misspelling_distance(&typo, &long), Some(1));
        assert_eq!(misspelling_distance(&"z".repeat(60), &long), None);
    }

    proptest! {
        #[test]
        fn the_banded_distance_agrees_with_the_whole_table(
            word in "[a-e_.\\-é]{0,12}",
            candidate in "[a-e_\\-]{1,12}",
        ) {
            prop_assert_eq!(misspelling_distance(&word, &candidate), reference(&word, &candidate));
        }

        #[test]
        fn near_words_agree_with_the_whole_table(
            candidate in "[a-z\\-]{3,20}",
            edits in proptest::collection::vec((0usize..4, 0usize..24, "[a-z\\-é]"), 0..4),
        ) {
            let mut word: Vec<char> = candidate.chars().collect();
            for (kind, at, c) in edits {
                let c = c.chars().next().unwrap_or('a');
                let at = at % (word.len() + 1);
                match kind {
                    0 => word.insert(at, c),
                    1 if at < word.len() => { word.remove(at); }
                    2 if at < word.len() => word[at] = c,
                    _ if at + 1 < word.len() => word.swap(at, at + 1),
                    _ => {}
                }
            }
            let word: String = word.into_iter().collect();
            prop_assert_eq!(misspelling_distance(&word, &candidate), reference(&word, &candidate));
        }
    }
}
