//! Keywords: the single list of words the grammar reads, and `kw()`, the parser of one keyword.
//!
//! A keyword matches in any case and must end at a word boundary (`CONNECTIONS` is not
//! `CONNECTION`). Whether a word may also be a name is Flink's business: see `is_reserved`.

use nom::Parser;

use super::blank::skip_ws;
use super::flink_keywords::{NON_RESERVED, RESERVED};
use super::scan::{is_word_char, peek_word};
use super::syntax_error::{Input, SyntaxError};
use super::token::ws;

macro_rules! keywords {
    ($($variant:ident => $text:literal),* $(,)?) => {
        /// Every keyword the grammar reads.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub(crate) enum Keyword {
            $($variant,)*
        }

        impl Keyword {
            /// Every keyword, sorted by its text (bytewise), so a word is classified by one
            /// binary search (`Keyword::of_word`).
            const SORTED: &'static [Keyword] = &[$(Keyword::$variant,)*];

            /// The text of each of `SORTED`, in the same order.
            const TEXTS: &'static [&'static str] = &[$($text,)*];

            /// The keyword as printed: upper case.
            #[inline]
            pub(crate) const fn as_str(self) -> &'static str {
                // One load: `TEXTS` is in the order of the variants (a `match` does not inline to
                // that).
                Keyword::TEXTS[self as usize]
            }

            /// The keyword as an error message names it: in backticks.
            pub(crate) const fn label(self) -> &'static str {
                match self {
                    $(Keyword::$variant => concat!("`", $text, "`"),)*
                }
            }
        }
    };
}

keywords! {
    Add => "ADD",
    Agent => "AGENT",
    Agents => "AGENTS",
    All => "ALL",
    Alter => "ALTER",
    And => "AND",
    Array => "ARRAY",
    As => "AS",
    Asymmetric => "ASYMMETRIC",
    Between => "BETWEEN",
    Bigint => "BIGINT",
    Binary => "BINARY",
    Bitmap => "BITMAP",
    Boolean => "BOOLEAN",
    Buckets => "BUCKETS",
    By => "BY",
    Bytes => "BYTES",
    Case => "CASE",
    Cast => "CAST",
    Char => "CHAR",
    Character => "CHARACTER",
    Comment => "COMMENT",
    Connection => "CONNECTION",
    Connections => "CONNECTIONS",
    Constraint => "CONSTRAINT",
    Constraints => "CONSTRAINTS",
    Create => "CREATE",
    CurrentDate => "CURRENT_DATE",
    CurrentTime => "CURRENT_TIME",
    CurrentTimestamp => "CURRENT_TIMESTAMP",
    Date => "DATE",
    Day => "DAY",
    Dec => "DEC",
    Decimal => "DECIMAL",
    Desc => "DESC",
    Describe => "DESCRIBE",
    Distinct => "DISTINCT",
    Distributed => "DISTRIBUTED",
    Distribution => "DISTRIBUTION",
    Double => "DOUBLE",
    Drop => "DROP",
    Else => "ELSE",
    End => "END",
    Enforced => "ENFORCED",
    Escape => "ESCAPE",
    Excluding => "EXCLUDING",
    Exists => "EXISTS",
    Extended => "EXTENDED",
    False => "FALSE",
    Float => "FLOAT",
    For => "FOR",
    From => "FROM",
    Function => "FUNCTION",
    Generated => "GENERATED",
    Hash => "HASH",
    Hour => "HOUR",
    If => "IF",
    Ilike => "ILIKE",
    In => "IN",
    Including => "INCLUDING",
    Input => "INPUT",
    Int => "INT",
    Integer => "INTEGER",
    Interval => "INTERVAL",
    Into => "INTO",
    Is => "IS",
    Key => "KEY",
    Like => "LIKE",
    Local => "LOCAL",
    Localtime => "LOCALTIME",
    Localtimestamp => "LOCALTIMESTAMP",
    Map => "MAP",
    Metadata => "METADATA",
    Minute => "MINUTE",
    Model => "MODEL",
    Models => "MODELS",
    Month => "MONTH",
    Multiset => "MULTISET",
    Not => "NOT",
    Null => "NULL",
    Numeric => "NUMERIC",
    Options => "OPTIONS",
    Or => "OR",
    Output => "OUTPUT",
    Overwriting => "OVERWRITING",
    Partitioned => "PARTITIONED",
    Partitions => "PARTITIONS",
    Precision => "PRECISION",
    Primary => "PRIMARY",
    Prompt => "PROMPT",
    Range => "RANGE",
    Raw => "RAW",
    Remove => "REMOVE",
    Rename => "RENAME",
    Replace => "REPLACE",
    Reset => "RESET",
    Row => "ROW",
    Second => "SECOND",
    Select => "SELECT",
    Set => "SET",
    Show => "SHOW",
    Similar => "SIMILAR",
    Smallint => "SMALLINT",
    String => "STRING",
    Symmetric => "SYMMETRIC",
    System => "SYSTEM",
    Table => "TABLE",
    Tables => "TABLES",
    Temporary => "TEMPORARY",
    Then => "THEN",
    Time => "TIME",
    Timestamp => "TIMESTAMP",
    TimestampLtz => "TIMESTAMP_LTZ",
    Tinyint => "TINYINT",
    To => "TO",
    Tool => "TOOL",
    Tools => "TOOLS",
    True => "TRUE",
    TryCast => "TRY_CAST",
    Unique => "UNIQUE",
    Unknown => "UNKNOWN",
    Using => "USING",
    Values => "VALUES",
    Varbinary => "VARBINARY",
    Varchar => "VARCHAR",
    Variant => "VARIANT",
    Varying => "VARYING",
    Virtual => "VIRTUAL",
    Watermark => "WATERMARK",
    Watermarks => "WATERMARKS",
    When => "WHEN",
    With => "WITH",
    Without => "WITHOUT",
    Year => "YEAR",
    Zone => "ZONE",
}

/// `Keyword::SORTED`'s texts, indexed for `Keyword::of_word`.
static KEYWORDS: WordList<{ Keyword::TEXTS.len() }> = WordList::new(Keyword::TEXTS);
static RESERVED_WORDS: WordList<{ RESERVED.len() }> = WordList::new(RESERVED);
static NON_RESERVED_WORDS: WordList<{ NON_RESERVED.len() }> = WordList::new(NON_RESERVED);

impl Keyword {
    /// The keyword spelt `word` (any case), if any: no allocation, a few byte comparisons.
    /// Parsers that choose among many keywords (data type names, expression atoms) peek the word
    /// once and match on this instead of trying `kw()` for each candidate.
    pub(crate) fn of_word(word: &str) -> Option<Keyword> {
        KEYWORDS.position(word).map(|at| Keyword::SORTED[at])
    }
}

/// The longest word a `WordList` may hold.
const LONGEST_WORD: usize = 32;

/// A list of upper-case words (`N` of them), indexed by first letter and length.
///
/// Every word the parser reads goes through one of these lookups (keywords, reserved words), so a
/// lookup must cost less than the rest of the token: it compares `word` only with the listed
/// words of its first letter and length, byte by byte, upper-casing as it goes, and most words
/// (names) find an empty or one-word bucket.
pub(crate) struct WordList<const N: usize> {
    /// Positions in `words`, ordered by (first letter, length).
    order: [u16; N],
    /// `order[starts[k]..starts[k + 1]]` are the words with bucket `k` (see `bucket`).
    starts: [u16; 26 * (LONGEST_WORD + 1) + 1],
    /// For each bucket, the second bytes of its words (see `second_bit`): most names are ruled
    /// out by this one test, before any comparison.
    seconds: [u32; 26 * (LONGEST_WORD + 1)],
    /// Each word as four little-endian `u64`s, zero-padded: a candidate is compared in four
    /// integer comparisons instead of a loop over its bytes.
    packed: [Packed; N],
    /// One bit per `filter_hash` of a listed word: a word whose bit is clear is not listed, told
    /// in a few instructions before any bucket is read (most names are no keyword).
    filter: [u64; FILTER_WORDS],
}

/// The size of `WordList::filter`, in `u64`s (8192 bits: about a tenth of them set by the
/// largest list, Flink's reserved words).
const FILTER_WORDS: usize = 128;

/// A hash of a word's length, first, second and last bytes, each with bit 5 cleared (so that
/// both cases of a letter hash alike), into `0..FILTER_WORDS * 64` (13 bits).
#[inline(always)]
const fn filter_hash(len: usize, first: u8, second: u8, last: u8) -> usize {
    let h =
        (len as u32) | ((first & !0x20) as u32) << 8 | ((second & !0x20) as u32) << 16 | ((last & !0x20) as u32) << 24;
    (h.wrapping_mul(0x9E37_79B1) >> (32 - 13)) as usize
}

/// A word of at most `LONGEST_WORD` bytes, zero-padded, as integers.
type Packed = [u64; LONGEST_WORD / 8];

/// `bytes` (at most `LONGEST_WORD` of them) packed, upper case, zero-padded.
#[inline]
const fn pack(bytes: &[u8]) -> Packed {
    let mut packed = [0u64; LONGEST_WORD / 8];
    let mut i = 0;
    while i < bytes.len() {
        packed[i / 8] |= (bytes[i].to_ascii_uppercase() as u64) << (8 * (i % 8));
        i += 1;
    }
    packed
}

/// `pack` for a word read at run time, through a zeroed buffer; only the first `chunks` of the
/// four are filled (the words of a bucket share their length, so the rest are zero in all).
#[inline]
fn pack_word(bytes: &[u8], chunks: usize) -> Packed {
    let mut buffer = [0u8; LONGEST_WORD];
    for (out, &b) in buffer.iter_mut().zip(bytes) {
        *out = b.to_ascii_uppercase();
    }
    let mut packed = [0u64; LONGEST_WORD / 8];
    for (out, chunk) in packed.iter_mut().zip(buffer.chunks_exact(8)).take(chunks) {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        *out = u64::from_le_bytes(eight);
    }
    packed
}

/// A bit for a word's second byte: one per letter (any case), one for `_`, one for anything else.
#[inline]
const fn second_bit(b: u8) -> u32 {
    match b.to_ascii_uppercase() {
        c @ b'A'..=b'Z' => 1 << (c - b'A'),
        b'_' => 1 << 26,
        _ => 1 << 27,
    }
}

/// `second_bit` of every byte: one load per lookup instead of a range test.
static SECOND_BITS: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = second_bit(b as u8);
        b += 1;
    }
    table
};

impl<const N: usize> WordList<N> {
    /// The index of `words`: each upper case, starting with a letter, at most `LONGEST_WORD` long.
    const fn new(words: &'static [&'static str]) -> Self {
        assert!(words.len() == N && N < u16::MAX as usize);
        let mut order = [0u16; N];
        let mut i = 0;
        while i < N {
            let word = words[i].as_bytes();
            assert!(word[0].is_ascii_uppercase() && word.len() <= LONGEST_WORD);
            // Insertion sort by bucket (stable, at compile time).
            let key = Self::bucket(word[0], word.len());
            let mut at = i;
            while at > 0 {
                let before = words[order[at - 1] as usize].as_bytes();
                if Self::bucket(before[0], before.len()) <= key {
                    break;
                }
                order[at] = order[at - 1];
                at -= 1;
            }
            order[at] = i as u16;
            i += 1;
        }
        let mut starts = [0u16; 26 * (LONGEST_WORD + 1) + 1];
        let mut bucket = 0;
        let mut at = 0;
        while bucket < starts.len() {
            while at < N {
                let word = words[order[at] as usize].as_bytes();
                if Self::bucket(word[0], word.len()) >= bucket {
                    break;
                }
                at += 1;
            }
            starts[bucket] = at as u16;
            bucket += 1;
        }
        let mut seconds = [0u32; 26 * (LONGEST_WORD + 1)];
        let mut i = 0;
        while i < N {
            let word = words[i].as_bytes();
            if word.len() > 1 {
                seconds[Self::bucket(word[0], word.len())] |= second_bit(word[1]);
            }
            i += 1;
        }
        let mut packed = [[0u64; LONGEST_WORD / 8]; N];
        let mut i = 0;
        while i < N {
            packed[i] = pack(words[i].as_bytes());
            i += 1;
        }
        let mut filter = [0u64; FILTER_WORDS];
        let mut i = 0;
        while i < N {
            let word = words[i].as_bytes();
            let second = if word.len() > 1 { word[1] } else { 0 };
            let bit = filter_hash(word.len(), word[0], second, word[word.len() - 1]);
            filter[bit / 64] |= 1 << (bit % 64);
            i += 1;
        }
        WordList { order, starts, seconds, packed, filter }
    }

    /// The bucket of a word with this first letter (upper case) and length.
    const fn bucket(first: u8, len: usize) -> usize {
        (first - b'A') as usize * (LONGEST_WORD + 1) + len
    }

    /// The position of `word` (any ASCII case) in the list.
    fn position(&self, word: &str) -> Option<usize> {
        let bytes = word.as_bytes();
        let first = bytes.first()?.to_ascii_uppercase();
        if bytes.len() > LONGEST_WORD || !first.is_ascii_uppercase() {
            return None;
        }
        let second = if bytes.len() > 1 { bytes[1] } else { 0 };
        let bit = filter_hash(bytes.len(), bytes[0], second, bytes[bytes.len() - 1]);
        if self.filter[bit / 64] & 1 << (bit % 64) == 0 {
            return None;
        }
        let bucket = Self::bucket(first, bytes.len());
        if bytes.len() > 1 && self.seconds[bucket] & SECOND_BITS[usize::from(bytes[1])] == 0 {
            return None;
        }
        let candidates = &self.order[usize::from(self.starts[bucket])..usize::from(self.starts[bucket + 1])];
        if candidates.is_empty() {
            return None;
        }
        let chunks = bytes.len().div_ceil(8);
        let word = pack_word(bytes, chunks);
        candidates.iter().map(|&at| usize::from(at)).find(|&at| {
            let candidate = &self.packed[at];
            (0..chunks).all(|k| candidate[k] == word[k])
        })
    }
}

/// The keyword that is the next word after blanks, if any; consumes nothing.
///
/// Inlined always: after a name or a type the next token is mostly `,` or `)`, and every keyword
/// starts with a letter, so most calls are decided by one byte test where they are made; only a
/// word goes to the (out of line) lookup.
#[inline(always)]
pub(crate) fn peek_keyword(i: Input<'_>) -> Option<Keyword> {
    let at = skip_ws(i);
    if !at.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    keyword_at(at)
}

/// The keyword that is the word at the start of `at`, if any.
#[inline(never)]
fn keyword_at(at: Input<'_>) -> Option<Keyword> {
    Keyword::of_word(peek_word(at))
}

/// Parses keyword `k` (any case) after blanks.
pub(crate) fn kw<'a>(k: Keyword) -> impl Parser<Input<'a>, Output = (), Error = SyntaxError<'a>> {
    move |i: Input<'a>| {
        let (i, ()) = ws(i)?;
        if starts_with_keyword(i, k) {
            Ok((&i[k.as_str().len()..], ()))
        } else {
            SyntaxError::expected(i, k.label()).backtrack()
        }
    }
}

/// True when the next word (after blanks) is keyword `k`; consumes nothing.
pub(crate) fn peek_kw(i: Input<'_>, k: Keyword) -> bool {
    starts_with_keyword(skip_ws(i), k)
}

/// True when the word at the start of `i` is `k` (any case): `peek_word(i)` equals it, compared
/// without reading the whole word first, so a mismatch usually costs one byte comparison.
#[inline]
fn starts_with_keyword(i: Input<'_>, k: Keyword) -> bool {
    let (bytes, keyword) = (i.as_bytes(), k.as_str().as_bytes());
    // Most calls fail at the first byte: compare it alone first (`& !0x20` upper-cases a letter;
    // other bytes may pass this test, and the full comparison decides).
    if bytes.first().is_none_or(|&b| b & !0x20 != keyword[0]) {
        return false;
    }
    let head_matches = match bytes.first_chunk::<FOLD_BYTES>() {
        // Eight bytes at a time (see `Folded`); near the end of the input, byte by byte.
        Some(head) => FOLDED[k as usize].matches(head),
        None => bytes.get(..keyword.len()).is_some_and(|head| head.eq_ignore_ascii_case(keyword)),
    };
    // Keywords are made of letters and `_`, so a match is a whole word when no name
    // character follows it.
    head_matches && bytes.get(keyword.len()).is_none_or(|&c| !is_word_char(c))
}

/// How many bytes of input a `Folded` comparison reads (every keyword is shorter).
const FOLD_BYTES: usize = 24;

/// A keyword prepared for comparing eight bytes at a time in any case: a text chunk OR-ed with
/// `case` (0x20 at the letters) lower-cases exactly the letters, and an upper-case letter is the
/// only other byte that becomes the lower-case one; `len` masks off the bytes after the keyword.
#[derive(Clone, Copy)]
struct Folded {
    lower: [u64; 3],
    case: [u64; 3],
    len: [u64; 3],
    chunks: usize,
}

impl Folded {
    const fn new(word: &[u8]) -> Self {
        let mut folded = Folded { lower: [0; 3], case: [0; 3], len: [0; 3], chunks: word.len().div_ceil(8) };
        let mut at = 0;
        while at < word.len() {
            let (chunk, shift) = (at / 8, 8 * (at % 8));
            let letter = word[at].is_ascii_alphabetic();
            let case = if letter { 0x20u8 } else { 0 };
            folded.lower[chunk] |= ((word[at] | case) as u64) << shift;
            folded.case[chunk] |= (case as u64) << shift;
            folded.len[chunk] |= 0xFF << shift;
            at += 1;
        }
        folded
    }

    #[inline]
    fn matches(&self, head: &[u8; FOLD_BYTES]) -> bool {
        (0..self.chunks).all(|c| {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(&head[8 * c..8 * c + 8]);
            (u64::from_le_bytes(eight) | self.case[c]) & self.len[c] == self.lower[c]
        })
    }
}

/// `Folded` of every keyword, in the order of the variants.
static FOLDED: [Folded; Keyword::TEXTS.len()] = {
    let mut folded = [Folded { lower: [0; 3], case: [0; 3], len: [0; 3], chunks: 0 }; Keyword::TEXTS.len()];
    let mut k = 0;
    while k < Keyword::TEXTS.len() {
        assert!(Keyword::TEXTS[k].len() < FOLD_BYTES);
        folded[k] = Folded::new(Keyword::TEXTS[k].as_bytes());
        k += 1;
    }
    folded
};

/// The canonical spelling of `word` when it is one of Flink's reserved words.
pub(crate) fn reserved_word(word: &str) -> Option<&'static str> {
    RESERVED_WORDS.position(word).map(|at| RESERVED[at])
}

/// True when `word` (any case) is one of Flink's reserved words, which need backticks as names.
pub(crate) fn is_reserved(word: &str) -> bool {
    reserved_word(word).is_some()
}

/// The canonical spelling of `word` when it is any Flink keyword, reserved or not.
pub(crate) fn flink_keyword(word: &str) -> Option<&'static str> {
    reserved_word(word).or_else(|| NON_RESERVED_WORDS.position(word).map(|at| NON_RESERVED[at]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_match_in_any_case_at_word_boundaries() {
        assert_eq!(kw(Keyword::Connection).parse(" connection x").unwrap().0, " x");
        assert_eq!(kw(Keyword::Connection).parse("CoNnEcTiOn(").unwrap().0, "(");
        assert!(kw(Keyword::Connection).parse("connections").is_err());
        assert!(kw(Keyword::If).parse("iffy").is_err());
    }

    #[test]
    fn keywords_match_eight_bytes_at_a_time_as_byte_by_byte() {
        let padding = " ".repeat(FOLD_BYTES);
        for &k in Keyword::SORTED {
            let text = k.as_str();
            let lower = text.to_ascii_lowercase();
            let mixed: String =
                text.chars().enumerate().map(|(n, c)| if n % 2 == 0 { c.to_ascii_lowercase() } else { c }).collect();
            for word in [text.to_owned(), lower, mixed] {
                // Long enough for the chunked comparison, and at the end of the input.
                assert!(starts_with_keyword(&format!("{word}{padding}"), k), "{word}");
                assert!(starts_with_keyword(&word, k), "{word}");
                assert!(!starts_with_keyword(&format!("{word}x{padding}"), k), "{word}");
            }
            // A byte that only equals a letter or `_` once bit 5 is cleared is no match.
            for at in 1..text.len() {
                for odd in [0x7Fu8, 0x40, 0x60, 0x5B, 0x7B, 0x1F, b'1'] {
                    let mut bytes = text.as_bytes().to_vec();
                    if bytes[at].eq_ignore_ascii_case(&odd) {
                        continue;
                    }
                    bytes[at] = odd;
                    let word = String::from_utf8(bytes).unwrap();
                    assert!(!starts_with_keyword(&format!("{word}{padding}"), k), "{word:?}");
                }
            }
        }
    }

    #[test]
    fn the_error_names_the_keyword() {
        let Err(nom::Err::Error(e)) = kw(Keyword::With).parse(" (") else { panic!() };
        assert_eq!(e, SyntaxError::expected("(", "`WITH`"));
    }

    #[test]
    fn keywords_are_sorted_and_found_in_any_case() {
        assert!(Keyword::SORTED.windows(2).all(|w| w[0].as_str() < w[1].as_str()));
        for (at, &k) in Keyword::SORTED.iter().enumerate() {
            assert_eq!(k as usize, at);
            assert_eq!(Keyword::of_word(k.as_str()), Some(k));
            assert_eq!(Keyword::of_word(&k.as_str().to_ascii_lowercase()), Some(k));
            assert!(k.as_str().len() <= 20);
        }
        assert_eq!(Keyword::of_word("timestamp_ltz"), Some(Keyword::TimestampLtz));
        assert_eq!(Keyword::of_word("timestamp_lt"), None);
        assert_eq!(Keyword::of_word(""), None);
        assert_eq!(peek_keyword("  /* c */ Watermark FOR"), Some(Keyword::Watermark));
    }

    #[test]
    fn reserved_words_follow_flink() {
        for word in ["select", "TABLE", "Value", "comment", "timestamp", "extended", "connections"] {
            assert!(is_reserved(word), "{word}");
        }
        for word in ["if", "type", "key", "data", "connection", "name", "metadata", "virtual"] {
            assert!(!is_reserved(word), "{word}");
        }
    }

    #[test]
    fn keyword_lists_are_sorted_for_binary_search() {
        assert!(RESERVED.windows(2).all(|w| w[0] < w[1]));
        assert!(NON_RESERVED.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(flink_keyword("enforced"), Some("ENFORCED"));
        assert_eq!(flink_keyword("my_table"), None);
    }

    fn check_lookups<const N: usize>(list: &WordList<N>, words: &[&str]) {
        for (at, word) in words.iter().enumerate() {
            assert_eq!(list.position(word), Some(at), "{word}");
            assert_eq!(list.position(&word.to_ascii_lowercase()), Some(at), "{word}");
            assert_eq!(
                list.position(&format!("{word}X")).map(|other| words[other]),
                words.iter().copied().find(|w| *w == format!("{word}X"))
            );
            assert!(list.position(&word[..word.len() - 1]).is_none_or(|other| words[other] != *word));
        }
        for word in ["", "_", "$x", "1a", "é", "ÉLAN", "A_VERY_LONG_WORD_THAT_IS_NO_KEYWORD_OF_ANY_KIND_AT_ALL", "zzz"]
        {
            assert_eq!(list.position(word), None, "{word}");
        }
    }

    #[test]
    fn every_listed_word_is_found_in_any_case_and_nothing_else() {
        check_lookups(&KEYWORDS, Keyword::TEXTS);
        check_lookups(&RESERVED_WORDS, RESERVED);
        check_lookups(&NON_RESERVED_WORDS, NON_RESERVED);
    }
}
