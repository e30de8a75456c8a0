//! Keywords: the single list of words the grammar reads, and `kw()`, the parser of one keyword.
//!
//! A keyword matches in any case and must end at a word boundary (`CONNECTIONS` is not
//! `CONNECTION`). Whether a word may also be a name is Flink's business: see `is_reserved`.

use nom::Parser;

use super::flink_keywords::{NON_RESERVED, RESERVED};
use super::{peek_word, ws, Input, SyntaxError};

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

            /// The keyword as printed: upper case.
            pub(crate) const fn as_str(self) -> &'static str {
                match self {
                    $(Keyword::$variant => $text,)*
                }
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
    All => "ALL",
    Alter => "ALTER",
    And => "AND",
    Array => "ARRAY",
    As => "AS",
    Asymmetric => "ASYMMETRIC",
    Between => "BETWEEN",
    Bigint => "BIGINT",
    Binary => "BINARY",
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
    Generated => "GENERATED",
    Hash => "HASH",
    Hour => "HOUR",
    If => "IF",
    Ilike => "ILIKE",
    In => "IN",
    Including => "INCLUDING",
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
    Month => "MONTH",
    Multiset => "MULTISET",
    Not => "NOT",
    Null => "NULL",
    Numeric => "NUMERIC",
    Options => "OPTIONS",
    Or => "OR",
    Overwriting => "OVERWRITING",
    Partitioned => "PARTITIONED",
    Partitions => "PARTITIONS",
    Precision => "PRECISION",
    Primary => "PRIMARY",
    Range => "RANGE",
    Raw => "RAW",
    Replace => "REPLACE",
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
    True => "TRUE",
    TryCast => "TRY_CAST",
    Unique => "UNIQUE",
    Unknown => "UNKNOWN",
    Using => "USING",
    Values => "VALUES",
    Varbinary => "VARBINARY",
    Varchar => "VARCHAR",
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

impl Keyword {
    /// The keyword spelt `word` (any case), if any: one binary search, no allocation. Parsers that
    /// choose among many keywords (data type names, expression atoms) peek the word once and
    /// match on this instead of trying `kw()` for each candidate.
    pub(crate) fn of_word(word: &str) -> Option<Keyword> {
        if word.is_empty() || word.len() > 20 {
            return None;
        }
        Keyword::SORTED
            .binary_search_by(|probe| probe.as_str().bytes().cmp(word.bytes().map(|b| b.to_ascii_uppercase())))
            .ok()
            .map(|at| Keyword::SORTED[at])
    }
}

/// The keyword that is the next word after blanks, if any; consumes nothing.
pub(crate) fn peek_keyword(i: Input<'_>) -> Option<Keyword> {
    Keyword::of_word(peek_word(super::skip_ws(i)))
}

/// Parses keyword `k` (any case) after blanks.
pub(crate) fn kw<'a>(k: Keyword) -> impl Parser<Input<'a>, Output = (), Error = SyntaxError<'a>> {
    move |i: Input<'a>| {
        let (i, ()) = ws(i)?;
        let word = peek_word(i);
        if word.eq_ignore_ascii_case(k.as_str()) {
            Ok((&i[word.len()..], ()))
        } else {
            SyntaxError::expected(i, k.label()).backtrack()
        }
    }
}

/// True when the next word (after blanks) is keyword `k`; consumes nothing.
pub(crate) fn peek_kw(i: Input<'_>, k: Keyword) -> bool {
    peek_word(super::skip_ws(i)).eq_ignore_ascii_case(k.as_str())
}

/// The canonical spelling of `word` when it is one of Flink's reserved words.
pub(crate) fn reserved_word(word: &str) -> Option<&'static str> {
    find_upper(RESERVED, word)
}

/// True when `word` (any case) is one of Flink's reserved words, which need backticks as names.
pub(crate) fn is_reserved(word: &str) -> bool {
    reserved_word(word).is_some()
}

/// The canonical spelling of `word` when it is any Flink keyword, reserved or not.
pub(crate) fn flink_keyword(word: &str) -> Option<&'static str> {
    reserved_word(word).or_else(|| find_upper(NON_RESERVED, word))
}

/// Binary search of an upper-case sorted list, comparing `word` case-insensitively.
fn find_upper(list: &'static [&'static str], word: &str) -> Option<&'static str> {
    if word.len() > 40 {
        return None;
    }
    list.binary_search_by(|probe| probe.bytes().cmp(word.bytes().map(|b| b.to_ascii_uppercase())))
        .ok()
        .map(|at| list[at])
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
    fn the_error_names_the_keyword() {
        let Err(nom::Err::Error(e)) = kw(Keyword::With).parse(" (") else { panic!() };
        assert_eq!(e, SyntaxError::expected("(", "`WITH`"));
    }

    #[test]
    fn keywords_are_sorted_and_found_in_any_case() {
        assert!(Keyword::SORTED.windows(2).all(|w| w[0].as_str() < w[1].as_str()));
        for &k in Keyword::SORTED {
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
}
