//! A seeded random generator whose runs can be replayed.
//!
//! Tests that make random choices (concurrent sessions, differential runs, crash points) take a
//! [`Seed`]: `FLINK_DDL_TEST_SEED` when it is set, else a seed of the test's choosing (fixed, so
//! a run is the same every time, or from the clock, for a test meant to explore). When the test
//! fails, the seed is printed with the command that replays it. The numbers come from SplitMix64,
//! a dozen lines with no dependency, so a sequence never changes with a crate's version (the
//! benches' corpora are generated with it and must stay the same text).

use std::time::{SystemTime, UNIX_EPOCH};

/// The environment variable that replays a run: its value is the seed.
pub const SEED_VARIABLE: &str = "FLINK_DDL_TEST_SEED";

/// The seed of a test's random choices. Keep it alive for the whole test: when the test panics,
/// dropping it prints the seed and how to replay the run.
///
/// ```
/// use flink_ddl_testkit::Seed;
/// let seed = Seed::from_env_or(7);
/// let (mut a, mut b) = (seed.rng(0), seed.rng(0));
/// assert_eq!(a.next_u64(), b.next_u64());
/// assert_ne!(seed.rng(1).next_u64(), seed.rng(2).next_u64());
/// ```
#[derive(Debug)]
pub struct Seed {
    value: u64,
}

impl Seed {
    /// `FLINK_DDL_TEST_SEED` when set (decimal, or hexadecimal after `0x`), else `default`.
    ///
    /// # Panics
    /// When the variable is set to something that is not a number.
    pub fn from_env_or(default: u64) -> Seed {
        let value = match std::env::var(SEED_VARIABLE) {
            Ok(text) => parse_seed(&text).unwrap_or_else(|| panic!("{SEED_VARIABLE}={text:?} is not a number")),
            Err(_) => default,
        };
        Seed { value }
    }

    /// `FLINK_DDL_TEST_SEED` when set, else one taken from the clock: a test that explores
    /// anew on every run, and can still be replayed.
    pub fn from_env_or_clock() -> Seed {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        Seed::from_env_or(nanos as u64)
    }

    /// The seed's value.
    pub fn value(&self) -> u64 {
        self.value
    }

    /// A generator for stream `stream` of this seed: threads of one test each take their own.
    pub fn rng(&self, stream: u64) -> Rng {
        // Streams are seeds far apart in SplitMix64's sequence of states.
        Rng::new(self.value ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03))
    }
}

impl Drop for Seed {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("random choices from seed {0}: replay with {SEED_VARIABLE}={0}", self.value);
        }
    }
}

fn parse_seed(text: &str) -> Option<u64> {
    let text = text.trim();
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(&hex.replace('_', ""), 16).ok(),
        None => text.replace('_', "").parse().ok(),
    }
}

/// SplitMix64: a tiny, fast, well-mixed generator; plenty for test data.
///
/// ```
/// use flink_ddl_testkit::Rng;
/// let mut rng = Rng::new(1);
/// let n = rng.below(10);
/// assert!(n < 10);
/// assert!(["a", "b"].contains(&rng.pick(&["a", "b"])));
/// ```
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator starting from `seed` (the benches use a fixed one; tests take theirs from a
    /// [`Seed`]).
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One of `items` (not empty).
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// `len` characters from `alphabet`.
    pub fn text(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len).map(|_| char::from(self.pick(alphabet))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_read_in_decimal_or_hexadecimal() {
        assert_eq!(parse_seed("42"), Some(42));
        assert_eq!(parse_seed(" 0x2A "), Some(42));
        assert_eq!(parse_seed("0x05EE_DF11"), Some(0x05EE_DF11));
        assert_eq!(parse_seed("seed"), None);
    }

    #[test]
    fn the_sequence_is_splitmix64() {
        // The first outputs of SplitMix64 from 0, as its reference implementation gives them.
        let mut rng = Rng::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }
}
