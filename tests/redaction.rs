//! No credential leaves the library unmasked: every public surface of a statement holding
//! distinctive secrets (`SECRET_...`) is searched for them, for valid text, for every truncation of
//! it, and for typical mistakes. Also the exact and substring rules, key by key.

mod common;

use common::*;
use flink_ddl::{
    is_sensitive_key, parse, parse_statement, redact_broken_sql, redact_sql, AlterConnection, CreateConnection,
    ObjectName, OptionList, Redactor, SqlOption, Statement,
};
use proptest::prelude::*;

/// A sensitive key in one of its spellings: case, `_` or `-`, with or without a dotted prefix.
fn sensitive_key() -> impl Strategy<Value = String> {
    let base = prop::sample::select(vec![
        "api-key",
        "aws-access-key",
        "aws-secret-key",
        "aws-session-token",
        "service-key",
        "password",
        "token",
        "client-secret",
        "secret",
        "apikey",
        "auth-params",
        "basic-auth",
        "jaas.config",
        "http-headers",
        "fs.azure.account.key",
    ]);
    let prefix = prop::sample::select(vec!["", "openai.", "mongodb.", "properties.sasl.", "x.y."]);
    (prefix, base, any::<u32>()).prop_map(|(prefix, base, bits)| {
        let mut key = String::from(prefix);
        for (n, c) in base.chars().enumerate() {
            let flip = bits >> (n % 32) & 1 == 1;
            key.push(match c {
                '-' if flip => '_',
                c if flip => c.to_ascii_uppercase(),
                c => c,
            });
        }
        key
    })
}

/// A CREATE or ALTER CONNECTION with at least one secret, mixed with ordinary options.
fn statement_with_secrets() -> impl Strategy<Value = Statement> {
    let secret_options = prop::collection::vec((sensitive_key(), credential()), 1..4);
    let plain_options = prop::collection::vec(
        (
            prop::sample::select(vec!["type", "endpoint", "username", "token-endpoint", "ap-key", "scope"]),
            awkward_text(),
        ),
        0..3,
    );
    (any::<bool>(), object_name(), secret_options, plain_options, any::<u64>()).prop_map(
        |(create, name, secrets, plain, order)| {
            let mut pairs: Vec<(String, String)> = plain.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            for (n, pair) in secrets.into_iter().enumerate() {
                let at = (order as usize).wrapping_add(n) % (pairs.len() + 1);
                pairs.insert(at, pair);
            }
            let mut seen = std::collections::HashSet::new();
            pairs.retain(|(k, _)| seen.insert(k.to_lowercase().replace('_', "-")));
            let options = OptionList::from_pairs(pairs);
            if order % 3 == 0 {
                // A table whose WITH options hold the secrets.
                let Statement::CreateTable(mut table) =
                    parse_statement("CREATE TABLE t (a STRING, b AS UPPER(a)) COMMENT 'x'").unwrap()
                else {
                    unreachable!()
                };
                table.name = name;
                table.options = options;
                Statement::CreateTable(table)
            } else if create {
                Statement::CreateConnection(CreateConnection {
                    or_replace: false,
                    if_not_exists: false,
                    name,
                    comment: None,
                    options,
                })
            } else {
                Statement::AlterConnection(AlterConnection { if_exists: false, name, options })
            }
        },
    )
}

/// Typical mistakes made to a statement's text, each keeping the secret in the text.
fn broken_variants(raw: &str, secret: &str) -> Vec<String> {
    let quoted = format!("'{secret}'");
    let mut variants = vec![
        raw.replacen(&format!(" = {quoted}"), &format!(" {quoted}"), 1), // missing `=`
        raw.replacen(&quoted, secret, 1),                                // unquoted value
        raw.replacen(&quoted, &format!("\"{secret}\""), 1),              // double quotes
        raw.replacen(&quoted, &format!("'{secret}"), 1),                 // unterminated value
        raw.replacen(", ", " ", 1),                                      // missing comma
        raw.replacen(", ", ",, ", 1),                                    // double comma
        format!("{raw}, )"),                                             // junk after
        raw.replacen(')', "", 1),                                        // missing `)`
        raw.replacen("WITH (", "WITH ", 1).replacen("SET (", "SET ", 1), // missing `(`
        raw.replacen("CONNECTION", "CONECTION", 1),                      // misspelled keyword
        format!("{raw}\nSHOW CONNECTIONS x"),                            // error on a later line
        format!("{}\n  EXTRA", raw.replacen(" = ", "\n  =\n  ", 2)),     // pairs across lines
    ];
    // The key unquoted: `password = 'x'`.
    if let Some(key_end) = raw.find(&format!("' = {quoted}")) {
        let key_start = raw[..key_end].rfind('\'').unwrap_or(0);
        let mut unquoted = raw.to_string();
        unquoted.replace_range(key_start..key_end + 1, &raw[key_start + 1..key_end]);
        variants.push(unquoted);
    }
    variants
}

/// Every text the library shows of `sql` when it does not parse.
fn error_surfaces(sql: &str) -> Vec<String> {
    match parse(sql) {
        Ok(_) => Vec::new(),
        Err(e) => vec![e.to_string(), format!("{e:?}"), e.message().to_string(), e.source_line().to_string()],
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_secret_survives_any_surface(stmt in statement_with_secrets()) {
        let raw = stmt.unredacted().to_string();
        let secrets = secrets_in(&stmt);
        prop_assert!(!secrets.is_empty());
        let mut shown = vec![
            stmt.to_string(),
            format!("{stmt:?}"),
            format!("{stmt:#?}"),
            serde_json::to_string(&stmt).unwrap(),
            redact_sql(&raw),
            redact_broken_sql(&raw),
            Redactor::new().display(&stmt).to_string(),
        ];
        // Every truncation of the text, on character boundaries.
        for (cut, _) in raw.char_indices() {
            shown.extend(error_surfaces(&raw[..cut]));
        }
        for secret in &secrets {
            for text in &shown {
                prop_assert!(!text.contains(secret.as_str()), "{} leaked in:\n{}", secret, text);
            }
        }
    }

    #[test]
    fn no_secret_survives_typical_mistakes(stmt in statement_with_secrets()) {
        let raw = stmt.unredacted().to_string();
        for secret in secrets_in(&stmt) {
            for broken in broken_variants(&raw, &secret) {
                let mut shown = error_surfaces(&broken);
                shown.push(redact_broken_sql(&broken));
                for text in &shown {
                    prop_assert!(!text.contains(secret.as_str()), "{} leaked from\n{}\nin:\n{}", secret, broken, text);
                }
            }
        }
    }

    #[test]
    fn redacting_the_canonical_text_gives_the_masked_print(stmt in arb_statement()) {
        // Display masks exactly the values redact_sql masks: one rule, one printer.
        prop_assert_eq!(redact_sql(&stmt.unredacted().to_string()), stmt.to_string());
    }

    #[test]
    fn redacted_text_parses_to_the_masked_ast(stmt in statement_with_secrets()) {
        let redacted = redact_sql(&stmt.unredacted().to_string());
        prop_assert_eq!(parse_statement(&redacted), parse_statement(&stmt.to_string()));
    }

    #[test]
    fn redaction_is_idempotent(text in "[ -~\n]{0,80}", stmt in arb_statement()) {
        for sql in [text, stmt.unredacted().to_string()] {
            let once = redact_sql(&sql);
            prop_assert_eq!(redact_sql(&once), once.clone());
            let broken_once = redact_broken_sql(&sql);
            prop_assert_eq!(redact_broken_sql(&broken_once), broken_once);
        }
    }

    #[test]
    fn text_without_sensitive_pairs_is_unchanged(text in "[ -~\n]{0,120}") {
        // Whatever the text, bytes change only inside a value that follows a sensitive key.
        let masked = redact_sql(&text);
        if !masked.contains("<REDACTED>") {
            prop_assert_eq!(masked, text);
        }
    }

    #[test]
    fn redact_sql_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = redact_sql(&text);
        let _ = redact_broken_sql(&text);
    }
}

#[test]
fn exact_rule_key_by_key() {
    // docs/redaction.md, "The sensitive-key rule": (key, sensitive?)
    let table = [
        ("api-key", true),
        ("API_KEY", true),
        ("Api_Key", true),
        ("openai.api_key", true),
        ("aws-access-key", true),
        ("aws_access_key", true),
        ("aws-secret-key", true),
        ("aws-session-token", true),
        ("service-key", true),
        ("vertexai.service_key", true),
        ("password", true),
        ("mongodb.password", true),
        ("token", true),
        ("client-secret", true),
        ("properties.sasl.jaas.config", true),
        ("fs.azure.account.key.acct.dfs.core.windows.net", true),
        ("http-headers", true),
        ("auth-params", true),
        ("basic-auth", true),
        ("my.apikey", true),
        ("username", false),
        ("client-id", false),
        ("scope", false),
        ("token-endpoint", false),
        ("sse-endpoint", false),
        ("endpoint", false),
        ("type", false),
        ("transport-type", false),
        ("connector", false),
        ("mongodb.connection", false),
        ("ap-key", false),
        ("key.format", false),
        ("primary.key", false),
        ("value.fields-include", false),
    ];
    for (key, sensitive) in table {
        assert_eq!(is_sensitive_key(key), sensitive, "{key}");
    }
}

#[test]
fn the_documented_misspelling_is_left_as_it_is() {
    // Seed page: "if you type CREATE CONNECTION my_conn WITH ('ap-key' = 'x'), Flink doesn't redact the x".
    let sql = "CREATE CONNECTION my_conn WITH ('ap-key' = 'x')";
    assert_eq!(redact_sql(sql), sql);
    assert_eq!(parse_statement(sql).unwrap().to_string(), sql);
}

#[test]
fn embedders_add_keys_but_cannot_remove_the_built_in_ones() {
    let redactor = Redactor::new().with_sensitive_key("pin");
    let stmt = parse_statement("ALTER CONNECTION c SET ('pin' = 'SECRET_pin', 'api-key' = 'SECRET_key')").unwrap();
    let shown = redactor.display(&stmt).to_string();
    assert!(!shown.contains("SECRET_"), "{shown}");
    assert_eq!(
        redactor.redact_sql("SET ('a.PIN' = '1234', 'password' = 'p')"),
        "SET ('a.PIN' = '<REDACTED>', 'password' = '<REDACTED>')"
    );
    // The default Display still masks the built-in keys and shows the embedder's.
    assert_eq!(stmt.to_string(), "ALTER CONNECTION c SET ('pin' = 'SECRET_pin', 'api-key' = '<REDACTED>')");
}

#[test]
fn secrets_in_hand_built_asts_are_masked_too() {
    let mut options = OptionList::new();
    options.push(SqlOption::new("openai.api_key", "SECRET_hand"));
    let stmt = Statement::AlterConnection(AlterConnection { if_exists: true, name: ObjectName::simple("c"), options });
    for text in [stmt.to_string(), format!("{stmt:?}"), serde_json::to_string(&stmt).unwrap()] {
        assert!(!text.contains("SECRET_hand"), "{text}");
    }
    assert!(stmt.unredacted().to_string().contains("SECRET_hand"));
}

#[test]
fn errors_inside_or_right_after_a_secret_do_not_quote_it() {
    for sql in [
        "CREATE CONNECTION c WITH ('api-key' = 'SECRET_abc",
        "CREATE CONNECTION c WITH ('api-key' = 'SECRET_abc'",
        "CREATE CONNECTION c WITH ('api-key' = 'SECRET_abc' extra)",
        "CREATE CONNECTION c WITH ('api-key' = 'SECRET_abc' 'type' = 'x')",
        "CREATE CONNECTION c WITH ('api-key' 'SECRET_abc')",
        "CREATE CONNECTION c WITH ('api-key' = SECRET_abc)",
        "CREATE CONNECTION c WITH (api_key = 'SECRET_abc')",
        "CREATE CONNECTION c WITH (`password` = 'SECRET_abc')",
        "CREATE CONNECTION c WITH ('password' = \"SECRET_abc\")",
        "CREATE CONNECTION c WITH ('api-key' = 'SECRET_abc', 'api_key' = 'SECRET_abc')",
        "CREATE CONNECTION c WITH ('password' = 'SECRET_abc'\n  'type' = 'x')",
        "CREATE CONNECTION c WITH ('password' = 'SECRET_\nabc' 'x' = 'y')",
    ] {
        let err = parse(sql).expect_err(sql);
        let shown = format!("{err}\n{err:?}");
        assert!(!shown.contains("SECRET_abc") && !shown.contains("SECRET_"), "{sql}\n{shown}");
    }
}

#[test]
fn redaction_keeps_every_other_byte() {
    let sql = "  create connection C\r\n with(\t'API_KEY'/*x*/=  'k1' , 'Endpoint'='e' -- 'password' = 'no'\n);";
    assert_eq!(
        redact_sql(sql),
        "  create connection C\r\n with(\t'API_KEY'/*x*/=  '<REDACTED>' , 'Endpoint'='e' -- 'password' = 'no'\n);"
    );
}

#[test]
fn model_and_other_statements_are_masked_as_text() {
    // Statements outside the grammar still have their pairs masked.
    let sql = "CREATE MODEL m INPUT (t STRING) OUTPUT (r STRING) WITH ('provider' = 'openai', \
               'openai.connection' = 'c', 'openai.api_key' = 'SECRET_m');\nSET 'sql.secret-thing' = 'SECRET_s';";
    let masked = redact_sql(sql);
    assert!(!masked.contains("SECRET_"), "{masked}");
    assert!(masked.contains("'openai.connection' = 'c'"));
}

/// Statements whose text holds a `'<sensitive key>' = 'value'` pair outside any option list: in a
/// computed column, a watermark, a CTAS query. `redact_sql` masks the value there (it reads text,
/// not grammar), so every surface of the parsed statement masks it too, and `unredacted()` still
/// gives the statement back exactly.
#[test]
fn pairs_in_expressions_and_queries_are_masked_like_the_text() {
    let secret = "s3cr3t-in-expr";
    for sql in [
        "CREATE TABLE t (a INT, b AS 'token' = 's3cr3t-in-expr')",
        "CREATE TABLE t (a STRING, b AS a = 'x' OR 'password' = 's3cr3t-in-expr' || a)",
        "CREATE TABLE t (a STRING, b AS CASE WHEN 'api-key' = 's3cr3t-in-expr' THEN 1 END)",
        "CREATE TABLE t (a STRING, b AS f(a, 'client_secret' = 's3cr3t-in-expr' IS TRUE))",
        "CREATE TABLE t (ts TIMESTAMP(3), WATERMARK FOR ts AS 'token' = 's3cr3t-in-expr')",
        "CREATE TABLE t AS SELECT * FROM s WHERE 'token' = 's3cr3t-in-expr'",
        "CREATE OR REPLACE TABLE t WITH ('connector' = 'kafka') AS SELECT 'password' = 's3cr3t-in-expr' AS p FROM s",
    ] {
        assert!(!redact_sql(sql).contains(secret), "{sql}");
        let stmt = parse_statement(sql).unwrap();
        for shown in
            [stmt.to_string(), format!("{stmt:?}"), format!("{stmt:#?}"), serde_json::to_string(&stmt).unwrap()]
        {
            assert!(!shown.contains(secret), "{sql}\n{shown}");
        }
        assert_eq!(stmt.to_string(), redact_sql(&stmt.unredacted().to_string()), "{sql}");
        assert!(stmt.unredacted().to_string().contains(secret), "{sql}");
        assert_eq!(parse_statement(&stmt.unredacted().to_string()).unwrap(), stmt, "{sql}");
        assert!(parse_statement(&stmt.to_string()).is_ok(), "{sql}");
    }
    // A comparison with a key that is not sensitive, or with a name, is left alone.
    for sql in
        ["CREATE TABLE t (a STRING, b AS 'ap-key' = 'kept')", "CREATE TABLE t (token STRING, b AS token = 'kept')"]
    {
        assert!(parse_statement(sql).unwrap().to_string().contains("'kept'"), "{sql}");
    }
}

/// The parser and `redact_sql` read adjacent literals alike, as one literal (SQL joins them):
/// masking the typed text and parsing it gives the statement the parser masks, and the secret
/// survives neither.
#[test]
fn adjacent_literals_in_expression_chains_are_one_literal_for_both() {
    let secret = "s3cr3t-adj";
    for sql in [
        "CREATE TABLE t (a INT, b AS 'x' = 'to' 'ken' = 's3cr3t-adj')",
        "CREATE TABLE t (a INT, b AS 'x' = 'token' 'b' = 's3cr3t-adj')",
        "CREATE TABLE t (a INT, b AS 'x' = 'api' /* c */ '-key' = 's3cr3t-adj' 'more')",
        "CREATE TABLE t (a INT, b AS 'token' = 's3cr3t' '-adj' = 'shown')",
        "CREATE TABLE t (a INT, b AS 'x' = 'pass' 'word' = 's3cr3t-adj' = 'y')",
        "CREATE TABLE t AS SELECT * FROM s WHERE 'x' = 'to' 'ken' = 's3cr3t-adj'",
    ] {
        let stmt = parse_statement(sql).unwrap();
        let masked = redact_sql(sql);
        for shown in [stmt.to_string(), masked.clone()] {
            assert!(!shown.contains("s3cr3t"), "{sql}\n{shown}");
        }
        if let Ok(remasked) = parse_statement(&masked) {
            assert_eq!(remasked.unredacted().to_string(), stmt.to_string(), "{sql}");
        }
        assert!(stmt.unredacted().to_string().contains(secret) || sql.contains("'s3cr3t' '-adj'"), "{sql}");
    }
    // A chain whose joined key is not sensitive is left alone by both.
    let sql = "CREATE TABLE t (a INT, b AS 'x' = 'openai' 'api-key' = 'kept')";
    assert!(parse_statement(sql).unwrap().to_string().contains("'kept'"));
    assert!(redact_sql(sql).contains("'kept'"));
}
