//! Redaction: no credential leaves the library unmasked, except through a call whose name says so.
//!
//! The policy, in one place:
//! - One rule decides what is a credential: [`is_sensitive_key`] (`rule.rs`). A [`Redactor`] adds
//!   keys of an embedder's own; the built-in keys cannot be turned off.
//! - Parsed values of sensitive keys are held as [`Secret`] (`secret.rs`), whose `Debug`, `Display`
//!   and `Serialize` print `<REDACTED>` and whose memory is wiped on drop.
//! - Printing SQL masks by default: masking is a mode of the one printer (`crate::print`, which
//!   asks a [`Redactor`]); only `Statement::unredacted()` prints the values.
//! - Raw text, parseable or not, is masked by [`redact_sql`] (`text.rs`), which shells write to their
//!   history and servers to their logs; parse errors show their line through it.

mod fail_closed;
mod rule;
mod secret;
pub(crate) mod text;

pub use rule::{is_near_sensitive_key, is_sensitive_key, CREDENTIAL_KEYS, SENSITIVE_SUBSTRINGS};
pub(crate) use rule::{sensitive_pair, PairSide};
pub use secret::{Secret, REDACTED};

use crate::option_key::{canonical_option_key, option_key_eq};

/// The built-in rule plus keys an embedder adds. `Redactor::default()` is the built-in rule alone.
///
/// ```
/// use flink_ddl::{parse_statement, Redactor};
/// let redactor = Redactor::new().with_sensitive_key("internal.signing-seed");
/// let sql = "CREATE TABLE t (a INT) WITH ('internal.signing_seed' = 's33d', 'api-key' = 'k')";
/// assert_eq!(
///     redactor.redact_sql(sql),
///     "CREATE TABLE t (a INT) WITH ('internal.signing_seed' = '<REDACTED>', 'api-key' = '<REDACTED>')"
/// );
/// let stmt = parse_statement("ALTER CONNECTION c SET ('internal.signing-seed' = 's33d')")?;
/// assert!(!redactor.display(&stmt).to_string().contains("s33d"));
/// # Ok::<(), flink_ddl::ParseError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Redactor {
    /// Extra keys, in canonical form (`crate::option_key`: lower case, `_` as `-`).
    extra_keys: Vec<String>,
}

static BUILTIN: Redactor = Redactor { extra_keys: Vec::new() };

impl Redactor {
    /// The built-in rule alone.
    pub fn new() -> Self {
        Redactor::default()
    }

    /// The shared built-in redactor (what every `Display` uses).
    pub(crate) fn builtin() -> &'static Redactor {
        &BUILTIN
    }

    /// Also treats `key` as sensitive: an option whose whole key, or whose last dot-separated
    /// segment, is `key` by the one key rule ([`option_key_eq`](crate::option_key_eq): lower-cased,
    /// `_` read as `-`).
    #[must_use]
    pub fn with_sensitive_key(mut self, key: &str) -> Self {
        self.extra_keys.push(canonical_option_key(key).into_owned());
        self
    }

    /// True when `key` is sensitive by the built-in rule or by one of the added keys.
    pub fn is_sensitive_key(&self, key: &str) -> bool {
        is_sensitive_key(key) || self.is_extra_key(key)
    }

    fn is_extra_key(&self, key: &str) -> bool {
        if self.extra_keys.is_empty() {
            return false;
        }
        let last = key.rsplit('.').next().unwrap_or(key);
        self.extra_keys.iter().any(|extra| option_key_eq(key, extra) || option_key_eq(last, extra))
    }

    /// [`redact_sql`] with this redactor's keys.
    pub fn redact_sql(&self, sql: &str) -> String {
        let ranges = text::sensitive_ranges(sql, &|key| self.is_sensitive_key(key));
        text::apply(sql, &ranges)
    }

    /// [`redact_broken_sql`] with this redactor's keys (and their near misses).
    pub fn redact_broken_sql(&self, sql: &str) -> String {
        fail_closed::redact_to_fixed_point(sql, &|key| self.is_fail_closed_key(key))
    }

    /// True when the fail-closed surfaces treat `key` as a credential's key: sensitive (by the
    /// built-in rule or an added key), sensitive once its blanks and quotes are gone
    /// (`'pass word'`), or a near miss of one ([`is_near_sensitive_key`]).
    fn is_fail_closed_key(&self, key: &str) -> bool {
        self.is_sensitive_key(key)
            || rule::near_miss(key, &self.extra_keys)
            || (!self.extra_keys.is_empty() && self.is_extra_key(&rule::squeeze_key(rule::key_tail(key))))
    }
}

/// Best-effort redaction of SQL *text*, parseable or not: in every `'key' = 'value'` pair whose key
/// is sensitive (see [`is_sensitive_key`]), the value between the quotes becomes `<REDACTED>`.
/// Every other byte (blanks, comments, case, broken syntax) is kept as it was.
///
/// ```
/// use flink_ddl::redact_sql;
/// assert_eq!(
///     redact_sql("create connection c with ('API_KEY'='sk-1', 'endpoint' = 'https://x') -- done"),
///     "create connection c with ('API_KEY'='<REDACTED>', 'endpoint' = 'https://x') -- done"
/// );
/// // Unparseable text is masked too, up to the end when the value is unterminated.
/// assert_eq!(redact_sql("WITH ('password' = 'hunt"), "WITH ('password' = '<REDACTED>");
/// // A misspelled key is not recognised, as the Confluent documentation says.
/// assert_eq!(redact_sql("WITH ('ap-key' = 'x')"), "WITH ('ap-key' = 'x')");
/// ```
pub fn redact_sql(sql: &str) -> String {
    Redactor::builtin().redact_sql(sql)
}

/// Redaction that fails closed, for text a person typed, parseable or not: a shell's history, a
/// gateway's log of rejected input, usage errors. Parse errors show their line this way.
///
/// It masks what [`redact_sql`] masks, and more:
/// - a key is also a word, a quoted name or a double-quoted text (`password = 'x'`), compared
///   without its blanks and quotes (`'pass word'`), and its near misses count
///   ([`is_near_sensitive_key`]: `passwrd`, `api_kye`, `ap-key`);
/// - after such a key, the value is masked alone only when it is certain where it ends
///   (`key = 'value'`, then anything but another `=`); otherwise (`:` or `==` for `=`, an
///   unquoted or double-quoted value, a missing `=`, an `=` chain) everything to the end of the
///   statement is masked;
/// - when the quotes of a statement cannot be trusted (a stray `'` as in `'o'brien'`, a literal
///   or quoted name left open, a double quote), everything after its first such key, to the end
///   of the text, is masked, the key being found even with a quote typed inside it.
///
/// On valid statements it may mask more than [`redact_sql`], which is why it is a separate
/// function.
///
/// ```
/// use flink_ddl::{redact_broken_sql, redact_sql};
/// let typed = "CREATE CONNECTION c WITH (password = 'hunter2', 'api-key' sk-live-1)";
/// assert_eq!(redact_sql(typed), typed); // no well-formed pair: nothing documented to mask
/// assert_eq!(redact_broken_sql(typed), "CREATE CONNECTION c WITH (password = '<REDACTED>', 'api-key' <REDACTED>");
/// assert_eq!(
///     redact_broken_sql("WITH ('username' = 'o'brien', 'password' = 'x', 'type' = 'y')"),
///     "WITH ('username' = 'o'brien', 'password' <REDACTED>"
/// );
/// assert_eq!(redact_broken_sql("WITH ('passwrd' = 'x')"), "WITH ('passwrd' = '<REDACTED>')");
/// ```
pub fn redact_broken_sql(sql: &str) -> String {
    Redactor::builtin().redact_broken_sql(sql)
}

/// The ranges one pass of `redact_broken_sql`'s scanner replaces: parse errors mask their line
/// with them. One pass hides everything the scanner's rules find in the text; the later passes
/// of `redact_broken_sql` only read its masks again, for idempotence, which a window shown once
/// does not need, at the cost of a copy of the line.
pub(crate) fn broken_sql_ranges_one_pass(sql: &str) -> Vec<(std::ops::Range<usize>, bool)> {
    let redactor = Redactor::builtin();
    fail_closed::one_pass_ranges(sql, &|key| redactor.is_fail_closed_key(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_masked_and_nothing_else_changes() {
        let sql = "WITH ( 'type'='openai' , /* c */ 'api-key' /* c */ = -- c\n 'sk''1' )";
        assert_eq!(redact_sql(sql), "WITH ( 'type'='openai' , /* c */ 'api-key' /* c */ = -- c\n '<REDACTED>' )");
    }

    #[test]
    fn joined_values_and_keys_are_masked_whole() {
        assert_eq!(redact_sql("('api-key' = 'ab' 'cd')"), "('api-key' = '<REDACTED>' '')");
        assert_eq!(redact_sql("('api' '-key' = 'ab')"), "('api' '-key' = '<REDACTED>')");
    }

    #[test]
    fn adjacent_literals_are_one_literal_as_value_and_as_the_next_key() {
        // SQL joins adjacent literals: `'sk' 'type'` is the value `sktype` (masked whole), and
        // the key of the next `=`, as the parser reads it.
        assert_eq!(redact_sql("('api-key' = 'sk' 'type' = 'x')"), "('api-key' = '<REDACTED>' '' = 'x')");
        assert_eq!(
            redact_sql("WHERE 'x' = 'to' 'ken' = 'v' AND 'y' = 'token' 'b' = 'w'"),
            "WHERE 'x' = 'to' 'ken' = '<REDACTED>' AND 'y' = 'token' 'b' = '<REDACTED>'"
        );
        assert_eq!(redact_sql("'x' = 'api' /* c */ '-key' = X'00'"), "'x' = 'api' /* c */ '-key' = X'<REDACTED>'");
        assert_eq!(redact_sql("'x' = 'to''k' 'en' = 'v'"), "'x' = 'to''k' 'en' = 'v'");
        // The fail-closed redactor still reads a literal before `=` as a key of its own.
        assert_eq!(
            redact_broken_sql("('type' = 'openai' 'api-key' = 'y')"),
            "('type' = 'openai' 'api-key' = '<REDACTED>')"
        );
    }

    #[test]
    fn strings_in_comments_and_names_are_not_pairs() {
        let sql = "-- 'password' = 'x'\n`'password' = 'y` 'a' = 'b'";
        assert_eq!(redact_sql(sql), sql);
    }

    #[test]
    fn broken_mode_masks_to_the_end_when_the_value_is_uncertain() {
        let sql = "('api-key' 'sk-1', 'password' = hunter2-x y, 'token' = \"t t\")";
        assert_eq!(redact_broken_sql(sql), "('api-key' <REDACTED>");
        assert_eq!(redact_sql(sql), sql);
        // The statement's `;` ends the mask when it ends its line; on one line, the text does.
        assert_eq!(
            redact_broken_sql("('password' = hunter2-x y);\nSHOW TABLES"),
            "('password' = <REDACTED>;\nSHOW TABLES"
        );
        assert_eq!(redact_broken_sql("('password' = X;'hunter2'"), "('password' = <REDACTED>");
    }

    #[test]
    fn broken_mode_reads_bare_and_backticked_keys() {
        let sql = "WITH (password = 'a', api-key = 'b', `client_secret` = 'c', sasl.jaas.config = 'd', user = 'e')";
        assert_eq!(
            redact_broken_sql(sql),
            "WITH (password = '<REDACTED>', api-key = '<REDACTED>', `client_secret` = '<REDACTED>', \
             sasl.jaas.config = '<REDACTED>', user = 'e')"
        );
    }

    #[test]
    fn broken_mode_reads_a_sensitive_piece_of_a_joined_key_as_the_key() {
        assert_eq!(redact_broken_sql("('api' '-key' = 'x')"), "('api' '-key' = '<REDACTED>')");
        // `'api-key' 'x'` may be the key and its value with the `=` missing: fail closed.
        assert_eq!(redact_broken_sql("('api-key' 'x' = 'y')"), "('api-key' <REDACTED>");
    }

    #[test]
    fn broken_mode_joins_a_bare_key_across_a_symbol_typed_inside_it() {
        // The stray quote leaves `api)key` outside any literal; the `)` is a typo for `-`.
        assert_eq!(redact_broken_sql("SET x'y ('api)key' = 'z');"), "SET x'y ('api)key' <REDACTED>");
        assert_eq!(redact_broken_sql("(`c= 'ap:-key' = 'z')"), "(`c= 'ap:-key' <REDACTED>");
        // A bare key with one stray token before its `=`.
        assert_eq!(redact_broken_sql("('a' = 'b', .token,= 'z')"), "('a' = 'b', .token<REDACTED>");
        // A blank pasted inside the key, or a `;` that cut it in two statements.
        assert_eq!(redact_broken_sql("SET x'y ('pass\u{a0}word' = 'z');"), "SET x'y ('pass\u{a0}word' <REDACTED>");
        assert_eq!(redact_broken_sql("SET (pass;word' = 'z');"), "SET (pass;word' <REDACTED>");
        assert_eq!(redact_broken_sql("SET ('u' = 'v', password;' = 'z');"), "SET ('u' = 'v', password<REDACTED>");
        // A key's opening quote typed as `_` reads as a character set prefix (`_utf8'x'`).
        assert_eq!(redact_broken_sql("SET (_password' = 'q;z');"), "SET (_password' <REDACTED>");
        assert_eq!(redact_broken_sql("SELECT _utf8'x'"), "SELECT _utf8'x'");
        // A bare word right after a value: a quote typed inside the value ended it early.
        assert_eq!(redact_broken_sql("('token' = 'Bea' eyJh;Oi');"), "('token' = '<REDACTED>' <REDACTED>");
        assert_eq!(redact_broken_sql("WHERE 'token' = 'x' AND a"), "WHERE 'token' = '<REDACTED>' AND a");
        // A pair inside one literal where a key goes, its inner quotes lost.
        assert_eq!(redact_broken_sql("('a' = 'b', 'aws-access-keyc = z', 'c' = 'd')"), "('a' = 'b', <REDACTED>");
        assert_eq!(redact_broken_sql("('url' = 'x?a=b', 'k' = 'y')"), "('url' = 'x?a=b', 'k' = 'y')");
        // In unsure text too, and from the same place: masked, the text may read as sure.
        let once = redact_broken_sql("'api-kei=d') s` x");
        assert_eq!(once, "'<REDACTED>");
        assert_eq!(redact_broken_sql(&once), once);
        // Symbols between ordinary words join nothing sensitive.
        let plain = "SET x'y (a(b) = 'z', 'name:x' = 'y');";
        assert_eq!(redact_broken_sql(plain), plain);
    }

    #[test]
    fn in_a_chain_each_equals_is_a_pair() {
        let sql = "SELECT * FROM t WHERE 'x' = 'token' = 'S3CR3T' AND 'password' = X'00' = 'y'";
        assert_eq!(
            redact_sql(sql),
            "SELECT * FROM t WHERE 'x' = 'token' = '<REDACTED>' AND 'password' = X'<REDACTED>' = 'y'"
        );
    }

    #[test]
    fn prefixed_literals_are_values_too() {
        for (sql, masked) in [
            ("('password' = N'x')", "('password' = N'<REDACTED>')"),
            ("('password' = u&'x')", "('password' = u&'<REDACTED>')"),
            ("('password' = _UTF8'x')", "('password' = _UTF8'<REDACTED>')"),
            ("('password' = X'00')", "('password' = X'<REDACTED>')"),
        ] {
            assert_eq!(redact_sql(sql), masked);
        }
    }

    #[test]
    fn a_bare_word_does_not_run_into_a_comment() {
        let sql = "x--'password' = 'y'\n('password' = 'z')";
        assert_eq!(redact_sql(sql), "x--'password' = 'y'\n('password' = '<REDACTED>')");
    }

    #[test]
    fn near_misses_count_at_the_did_you_mean_reach_everywhere_so_masking_is_idempotent() {
        // `open` is two edits from `token`: masked in prose too. A narrower rule for prose broke
        // idempotence (a fuzz crash): masking an unsure statement can make it sure, and a word
        // the prose rule passed over is then read as a key by the wider one.
        let typed = "WITH ('type' = 'open\0ai', 'endpoint' = 'https://e', 'api-key'API_KEY' = 'S3CR3T'\u{0}1')";
        let once = redact_broken_sql(typed);
        assert_eq!(redact_broken_sql(&once), once);
        assert!(!once.contains("S3CR3T"));
        assert_eq!(redact_broken_sql("-- keep it open = yes\nSHOW TABLES"), "-- keep it open <REDACTED>\nSHOW TABLES");
    }

    #[test]
    fn a_near_miss_after_an_escaped_quote_is_a_key_in_sure_and_unsure_text_alike() {
        // A fuzz crash: the open `'x` made the statement unsure, whose scan skipped the near miss
        // `API_Y` after the escaped quote; the sure scan of the masked text then found it.
        for typed in ["('a''API_Y' N'API_KEY' = 'S3CR3T' 'x", "('a''API_Y' N'API_KEY' = 'S3CR3T'"] {
            let once = redact_broken_sql(typed);
            assert_eq!(once, "('a''API_Y' <REDACTED>", "{typed}");
            assert_eq!(redact_broken_sql(&once), once);
        }
    }

    #[test]
    fn a_value_split_at_its_escaped_quote_is_masked_to_the_end() {
        for typed in
            ["'it','s-rest'", "'it';s-rest'", "'it'\\'s-rest'", "'it'-'s-rest'", "'it')'s-rest'", "'it';s=rest'"]
        {
            let sql = format!("WITH ('password' = {typed}, 'type' = 'x')");
            assert!(!redact_broken_sql(&sql).contains("rest"), "{sql}");
        }
        // Well-formed text around a value is not read as a split.
        for (sql, masked) in [
            ("WITH ('password'='x','type'='y')", "WITH ('password'='<REDACTED>','type'='y')"),
            ("WITH ('password' = 'x');\nSHOW TABLES", "WITH ('password' = '<REDACTED>');\nSHOW TABLES"),
            ("('token' = 'x'), b", "('token' = '<REDACTED>'), b"),
        ] {
            assert_eq!(redact_broken_sql(sql), masked);
        }
    }

    #[test]
    fn a_pair_whose_value_was_masked_after_a_value_reads_as_a_pair() {
        // A fuzz crash: `;'pkey'='` (an open value) follows a value and reads as the next pair;
        // masked, it became `;'pkey'<REDACTED>`, which read as the rest of a split value, and a
        // second pass masked the `;` and the key too.
        let once = redact_broken_sql("'ikey'='';'pkey'='S3CR3T");
        assert_eq!(once, "'ikey'='<REDACTED>';'pkey'<REDACTED>");
        assert_eq!(redact_broken_sql(&once), once);
        assert_eq!(redact_broken_sql("'ikey'='';'pkey' <REDACTED>"), "'ikey'='<REDACTED>';'pkey' <REDACTED>");
    }

    #[test]
    fn masks_that_meet_are_one_mask() {
        // A redact fuzz crash: a statement masked to its `;`, then the next one (unsure) from the
        // word before that `;`. Two masks side by side read as one to a second pass.
        let once = redact_broken_sql("SELECT 'token' = 'x' y)secret;\n\nCREATE 'q' 'api-key'T '");
        assert_eq!(once, "SELECT 'token' = '<REDACTED>' <REDACTED>");
        assert_eq!(redact_broken_sql(&once), once);
    }

    #[test]
    fn an_open_literal_masked_after_a_value_reads_as_the_next_key() {
        // A fuzz crash: after the value, `;'x=''pZsswor$=...` is a literal holding an escaped
        // quote and a near miss, then an `=`: a next pair. Masked, the literal is left open at the
        // end of the text, and a second pass must not read it as the rest of a split value.
        let once = redact_broken_sql("WITH password = 'u1';'x=''pZsswor$=d' = 'h' o= d\n'");
        assert_eq!(once, "WITH password = '<REDACTED>';'x=''pZsswor$<REDACTED>");
        assert_eq!(redact_broken_sql(&once), once);
        // Or a next statement masked from its start: a pair inside one literal.
        let once = redact_broken_sql("WITH password = 'u1';'secret''pZsswor$=d' = 'h'");
        assert_eq!(once, "WITH password = '<REDACTED>';<REDACTED>");
        assert_eq!(redact_broken_sql(&once), once);
        // Left open without a mask, it is still the rest of a split value.
        assert_eq!(redact_broken_sql("password = 'u1';'rest of it"), "password = '<REDACTED>'<REDACTED>");
    }

    #[test]
    fn a_next_pair_masked_from_its_start_follows_the_value() {
        // A differential fuzz crash: after the value, a literal holding a pair with a near miss
        // where the next key goes is masked from its start; a second pass read `,<REDACTED>` as
        // the rest of a value split at its escaped quote, and masked the `,` too.
        let once = redact_broken_sql("WITH ('apiy' = 'a b','xapi-key=y' = <'z')");
        assert_eq!(once, "WITH ('apiy' = '<REDACTED>',<REDACTED>");
        assert_eq!(redact_broken_sql(&once), once);
        // A value split at its escaped quote by a typo is still masked to the end.
        assert_eq!(redact_broken_sql("WITH ('password' = 'it','s-rest')"), "WITH ('password' = '<REDACTED>'<REDACTED>");
    }

    #[test]
    fn a_next_statement_masked_after_a_comment_follows_the_value() {
        // A differential fuzz crash (minimized): the statement after the `;` was masked after a
        // comment, or from inside one; a second pass read what followed the value as the rest
        // of a value split at its escaped quote, and masked the `;` too.
        for (typed, masked) in [
            ("'''ken'='';--ken\n''= '", "'''ken'='<REDACTED>';--ken\n<REDACTED>"),
            ("'''ken'='';--ken,\n''= '", "'''ken'='<REDACTED>';--ken<REDACTED>"),
        ] {
            let once = redact_broken_sql(typed);
            assert_eq!(once, masked);
            assert_eq!(redact_broken_sql(&once), once);
        }
        // A comment alone after a value may hold the rest of it, split by a typo: masked.
        assert_eq!(redact_broken_sql("WITH password = 'it';-- s-rest"), "WITH password = '<REDACTED>'<REDACTED>");
    }

    #[test]
    fn a_mask_is_no_part_of_the_key_before_it() {
        // A differential fuzz crash: `toen-endpoint` is shown (a near miss of an endpoint is
        // one), and the literal after it holds a pair. Joined across `<` to the mask's word,
        // `toen-endpoint'<REDACTED` read as a near miss of `token` to a second pass.
        let once = redact_broken_sql("AVA 'E &'toen-endpoint'APIY=NNOT");
        assert_eq!(once, "AVA 'E &'toen-endpoint'<REDACTED>");
        assert_eq!(redact_broken_sql(&once), once);
        // A key typed right before a mask is still one.
        assert_eq!(redact_broken_sql("x passwrd'<REDACTED> y"), "x passwrd'<REDACTED>");
    }

    #[test]
    fn added_keys_match_whole_key_or_last_segment() {
        let redactor = Redactor::new().with_sensitive_key("Signing_Seed");
        assert!(redactor.is_sensitive_key("signing-seed"));
        assert!(redactor.is_sensitive_key("x.SIGNING_SEED"));
        assert!(!redactor.is_sensitive_key("signing-seed.public"));
        assert!(redactor.is_sensitive_key("api-key"));
    }
}
