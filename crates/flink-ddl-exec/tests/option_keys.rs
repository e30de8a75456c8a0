//! One rule decides when two option keys are the same key (`flink_ddl::option_key_eq`), and the
//! three places that compare keys agree with it: the parser's duplicate check of connection
//! options, the executor's key lookup, and the sensitive-key rule of redaction.

use std::sync::Arc;

use flink_ddl::{
    canonical_option_key, is_sensitive_key, option_key_eq, parse_statement, redact_sql, ParseErrorKind, Redactor,
};
use flink_ddl_exec::{normalize_connection_key, Catalog, MemoryCatalog, Outcome, Session};
use flink_ddl_testkit::{ok, session};
use proptest::prelude::*;

/// Keys the rules know, and a few they do not.
const KEYS: [&str; 12] = [
    "api-key",
    "aws-access-key",
    "token-endpoint",
    "client-secret",
    "username",
    "type",
    "endpoint",
    "mongodb.password",
    "properties.sasl.jaas.config",
    "ap-key",
    "x.y-z",
    "clé-secret",
];

/// `key` spelt another way: each letter in either case, each `-` possibly as `_`.
fn respelt(key: &'static str) -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<(bool, bool)>(), key.chars().count()).prop_map(move |flips| {
        key.chars()
            .zip(flips)
            .map(|(c, (upper, underscore))| match c {
                '-' if underscore => '_',
                c if upper => c.to_uppercase().next().unwrap_or(c),
                c => c,
            })
            .collect()
    })
}

/// A pair of keys: two spellings of one key, or two keys (of a small alphabet, so that they
/// sometimes meet by chance).
fn key_pair() -> impl Strategy<Value = (String, String)> {
    prop_oneof![
        proptest::sample::select(&KEYS[..]).prop_flat_map(|key| (respelt(key), respelt(key))),
        ("[aAbB_.-]{1,6}", "[aAbB_.-]{1,6}"),
        (proptest::sample::select(&KEYS[..]), proptest::sample::select(&KEYS[..]))
            .prop_flat_map(|(a, b)| (respelt(a), respelt(b))),
    ]
}

/// Each credential key, with a valid WITH list that gives it (`KEY` stands for the key).
const WITH_KEY: [(&str, &str); 14] = [
    ("api-key", "'type' = 'openai', 'endpoint' = 'e', 'KEY' = 'v'"),
    ("aws-access-key", "'type' = 'bedrock', 'endpoint' = 'e', 'KEY' = 'v', 'aws-secret-key' = 's'"),
    ("aws-secret-key", "'type' = 'bedrock', 'endpoint' = 'e', 'aws-access-key' = 'a', 'KEY' = 'v'"),
    ("aws-session-token", "'type' = 's3vectors', 'endpoint' = 'e', 'aws-access-key' = 'a', 'aws-secret-key' = 's', 'KEY' = 'v'"),
    ("service-key", "'type' = 'vertexai', 'endpoint' = 'e', 'KEY' = 'v'"),
    ("username", "'type' = 'mongodb', 'endpoint' = 'e', 'KEY' = 'v', 'password' = 'p'"),
    ("password", "'type' = 'couchbase', 'endpoint' = 'e', 'username' = 'u', 'KEY' = 'v'"),
    ("token", "'type' = 'rest', 'endpoint' = 'e', 'KEY' = 'v'"),
    ("token-endpoint", "'type' = 'rest', 'endpoint' = 'e', 'KEY' = 'v', 'client-id' = 'i', 'client-secret' = 's', 'scope' = 'x'"),
    ("client-id", "'type' = 'a2a', 'endpoint' = 'e', 'token-endpoint' = 't', 'KEY' = 'v', 'client-secret' = 's', 'scope' = 'x'"),
    ("client-secret", "'type' = 'rest', 'endpoint' = 'e', 'token-endpoint' = 't', 'client-id' = 'i', 'KEY' = 'v', 'scope' = 'x'"),
    ("scope", "'type' = 'mcp_server', 'endpoint' = 'e', 'token-endpoint' = 't', 'client-id' = 'i', 'client-secret' = 's', 'KEY' = 'v'"),
    ("sse-endpoint", "'type' = 'mcp_server', 'endpoint' = 'e', 'api-key' = 'k', 'KEY' = 'v'"),
    ("transport-type", "'type' = 'mcp_server', 'endpoint' = 'e', 'token' = 'k', 'KEY' = 'sse'"),
];

fn fresh() -> (Arc<MemoryCatalog>, Session) {
    let catalog = Arc::new(MemoryCatalog::new());
    (catalog.clone(), session(catalog))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_key_rule_is_equality_of_canonical_forms((a, b) in key_pair()) {
        prop_assert_eq!(option_key_eq(&a, &b), canonical_option_key(&a) == canonical_option_key(&b));
        prop_assert!(option_key_eq(&a, &a));
        prop_assert_eq!(option_key_eq(&a, &b), option_key_eq(&b, &a));
    }

    #[test]
    fn the_parser_finds_a_repeated_key_by_the_rule((a, b) in key_pair()) {
        let sql = format!("CREATE CONNECTION c WITH ('{a}' = 'x', '{b}' = 'y')");
        let repeated = matches!(parse_statement(&sql), Err(e) if e.kind() == ParseErrorKind::DuplicateOption);
        prop_assert_eq!(repeated, option_key_eq(&a, &b), "{}", sql);
        // Table options compare exactly, as Flink does.
        let table = format!("CREATE TABLE t (a INT) WITH ('{a}' = 'x', '{b}' = 'y')");
        let repeated = matches!(parse_statement(&table), Err(e) if e.kind() == ParseErrorKind::DuplicateOption);
        prop_assert_eq!(repeated, a == b, "{}", table);
    }

    #[test]
    fn the_executor_and_redaction_see_one_key((a, b) in key_pair()) {
        prop_assume!(option_key_eq(&a, &b));
        prop_assert_eq!(normalize_connection_key(&a), normalize_connection_key(&b));
        prop_assert_eq!(is_sensitive_key(&a), is_sensitive_key(&b));
        let masked = |key: &str| redact_sql(&format!("WITH ('{key}' = 'v4lue')")).contains("<REDACTED>");
        prop_assert_eq!(masked(&a), masked(&b));
        prop_assert!(Redactor::new().with_sensitive_key(&a).is_sensitive_key(&b));
    }

    #[test]
    fn every_spelling_of_a_credential_key_is_stored_as_that_key(
        (key, spelling, with) in proptest::sample::select(&WITH_KEY[..])
            .prop_flat_map(|(key, with)| (Just(key), respelt(key), Just(with)))
    ) {
        let (catalog, s) = fresh();
        let sql = format!("CREATE CONNECTION c WITH ({})", with.replace("KEY", &spelling));
        let outcome = s.execute(&parse_statement(&sql).unwrap());
        prop_assert!(matches!(outcome, Ok(Outcome::Created { .. })), "{}: {:?}", sql, outcome);
        let record = catalog.get_connection("default", "c").unwrap().unwrap();
        prop_assert!(record.credentials.contains(key), "{}", sql);
    }
}

#[test]
fn a_table_names_its_connection_under_any_spelling_of_the_key() {
    let (_, s) = fresh();
    ok(
        &s,
        "CREATE CONNECTION pg WITH ('type' = 'confluent_jdbc', 'endpoint' = 'jdbc:postgresql://db/crm', \
         'username' = 'u', 'password' = 'p')",
    );
    let table =
        "CREATE TABLE orders (id INT) WITH ('connector' = 'confluent-jdbc', 'Confluent_JDBC.Connection' = 'pg')";
    assert!(matches!(ok(&s, table), Outcome::TableCreated { table, .. } if table.connection.is_some()));
}

#[test]
fn the_spelling_test_covers_every_credential_key() {
    let covered: Vec<&str> = WITH_KEY.iter().map(|(key, _)| *key).collect();
    let all: Vec<&str> = flink_ddl_exec::CONNECTION_CREDENTIAL_KEYS.iter().map(|k| k.key).collect();
    assert_eq!(covered, all);
}
