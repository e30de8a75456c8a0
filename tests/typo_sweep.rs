//! Every single-character typo of real statements holding credentials: deletions, insertions
//! (of the characters that break quoting, spacing or pairs) and substitutions. No mutant may show
//! a secret where the fail-closed rule promises it masked.
//!
//! The rule the sweep checks, surface by surface:
//! - `redact_broken_sql(m)` and, when `m` does not parse, the `ParseError`'s `Display` and
//!   `Debug`: never a secret. One typo leaves a key within the near-miss distance of what it was
//!   (or makes it no key at all, with the value then after a near-miss key in unsure text), so
//!   every mutant is covered: none is excused.
//! - when `m` parses: `redact_sql(m)` and the statement's `Display`, `Debug` and JSON follow the
//!   exact rule. They must mask the secret when the mutant still holds its pair intact
//!   (`'<key>' = '` as written, the typo elsewhere), and must agree with each other: when
//!   `redact_sql` masks a secret, so does the parsed statement.
//!
//! A secret counts as shown when any 6-character stretch of it appears: a typo inside a secret
//! leaves a long piece of it intact.

use flink_ddl::{parse, redact_broken_sql, redact_sql};

/// The statements, and for each its secrets with the key literal written before them.
const STATEMENTS: [(&str, &[(&str, &str)]); 10] = [
    (
        "CREATE CONNECTION openai_conn WITH ('type' = 'openai', 'endpoint' = 'https://api.openai.com/v1/chat', 'api-key' = 'Zq7Xv-K9pW2-mR4tB')",
        &[("'api-key'", "Zq7Xv-K9pW2-mR4tB")],
    ),
    (
        "CREATE CONNECTION pg WITH ('type' = 'confluent_jdbc', 'endpoint' = 'jdbc:postgresql://db:5432/x', 'username' = 'o''brien', 'password' = 'Hn3Lw8Qe5Ty1Ub')",
        &[("'password'", "Hn3Lw8Qe5Ty1Ub")],
    ),
    (
        "ALTER CONNECTION mcp SET ('token' = 'Gk2Vr7Ys4Pd9Zx', 'sse-endpoint' = 'https://mcp.example/sse')",
        &[("'token'", "Gk2Vr7Ys4Pd9Zx")],
    ),
    (
        "CREATE CONNECTION bedrock WITH ('type' = 'bedrock', 'endpoint' = 'https://bedrock.us-east-1.amazonaws.com', 'aws-access-key' = 'AKIAQ4WX7JD2MBV5', 'aws-secret-key' = 'wJal8RxUt4Fe2Mi7', 'aws-session-token' = 'FwoGZ3Xk9Rp5Lq2')",
        &[
            ("'aws-access-key'", "AKIAQ4WX7JD2MBV5"),
            ("'aws-secret-key'", "wJal8RxUt4Fe2Mi7"),
            ("'aws-session-token'", "FwoGZ3Xk9Rp5Lq2"),
        ],
    ),
    (
        "CREATE CONNECTION okta WITH ('type' = 'rest', 'endpoint' = 'https://x.example', 'client-id' = 'cid', 'client-secret' = 'Yt6Bn1Mk8Vc3Xz', 'token-endpoint' = 'https://x.example/token')",
        &[("'client-secret'", "Yt6Bn1Mk8Vc3Xz")],
    ),
    (
        "CREATE TABLE orders (id INT, password STRING) WITH ('connector' = 'kafka', 'properties.sasl.jaas.config' = 'Pl4Mo9Ni2Bu7Vy', 'properties.ssl.truststore.password' = 'Qa1Ws2Ed3Rf4Tg')",
        &[("'properties.sasl.jaas.config'", "Pl4Mo9Ni2Bu7Vy"), ("'properties.ssl.truststore.password'", "Qa1Ws2Ed3Rf4Tg")],
    ),
    (
        "CREATE MODEL legacy WITH ('provider' = 'openai', 'task' = 'text_generation', 'openai.api_key' = 'Sx5Dc6Fv7Gb8Hn', 'openai.endpoint' = 'https://api.openai.example/v1')",
        &[("'openai.api_key'", "Sx5Dc6Fv7Gb8Hn")],
    ),
    (
        "CREATE TOOL lookups USING CONNECTION helpdesk WITH ('type' = 'mcp', 'request_timeout' = '30', 'http-headers' = 'Jm8Kl9Np0Oq1Rs')",
        &[("'http-headers'", "Jm8Kl9Np0Oq1Rs")],
    ),
    (
        "CREATE TABLE audit AS SELECT id, note FROM events WHERE 'x' = 'token' = 'Uv3Wx4Yz5Ab6Cd' AND id > 0",
        &[("'token'", "Uv3Wx4Yz5Ab6Cd")],
    ),
    (
        "CREATE TABLE hashed (id INT, h AS 'token' = X'5A7A3B9C1D2E4F60', ts TIMESTAMP(3)) WITH ('connector' = 'datagen')",
        &[("'token'", "5A7A3B9C1D2E4F60")],
    ),
];

/// What a typo may insert or substitute: quotes, separators, `=`'s look-alikes, blanks a paste
/// brings, and ordinary characters.
const TYPED: [char; 24] = [
    '\'', '"', '`', ',', ')', '(', ';', '=', ':', '\\', ' ', '\u{a0}', '\u{2028}', '\u{b}', '\n', 'a', 'x', 'Z', '1',
    '-', '.', '_', '/', '*',
];

/// Every single-character deletion, insertion and substitution of `sql`.
fn mutants(sql: &str) -> Vec<String> {
    let bounds: Vec<usize> = sql.char_indices().map(|(at, _)| at).chain([sql.len()]).collect();
    let mut out = Vec::new();
    for (n, &at) in bounds.iter().enumerate() {
        let next = bounds.get(n + 1).copied();
        for &c in &TYPED {
            out.push(format!("{}{c}{}", &sql[..at], &sql[at..]));
            if let Some(next) = next {
                if !sql[at..next].starts_with(c) {
                    out.push(format!("{}{c}{}", &sql[..at], &sql[next..]));
                }
            }
        }
        if let Some(next) = next {
            out.push(format!("{}{}", &sql[..at], &sql[next..]));
        }
    }
    out
}

#[test]
fn no_single_typo_shows_a_secret() {
    // The secrets are long: a pair counts as intact with its key and `= '` as written, whatever
    // the typo did to the value after it.
    sweep("typo sweep", &STATEMENTS, |mutant, key, _| mutant.contains(&format!("{key} = '")));
}

/// More statements of other kinds, with other secrets: short ones, ones holding quotes,
/// backslashes, `;`, double quotes and non-ASCII characters (each written as in SQL). Keys are
/// the ones `is_sensitive_key` treats as credentials (`bedrock.aws_access_key_id` is not one:
/// neither a credential key nor holding a sensitive substring, so its value is no secret here).
const MORE_STATEMENTS: [(&str, &[(&str, &str)]); 10] = [
    (
        "CREATE MODEL chat INPUT (t STRING) OUTPUT (o STRING) WITH ('provider' = 'azureopenai', 'task' = 'text_generation', 'azureopenai.api_key' = 'Q7', 'azureopenai.endpoint' = 'https://x.openai.azure.com')",
        &[("'azureopenai.api_key'", "Q7")],
    ),
    (
        "CREATE MODEL emb INPUT (t STRING) OUTPUT (v ARRAY<FLOAT>) WITH ('provider' = 'bedrock', 'task' = 'embedding', 'bedrock.aws_access_key_id' = 'AKIAEXAMPLE', 'bedrock.aws_secret_access_key' = 'it''s-Sé\\cret-Ω9', 'bedrock.aws_session_token' = 'Tk4Jh5Gf6Ds7')",
        &[("'bedrock.aws_secret_access_key'", "it''s-Sé\\cret-Ω9"), ("'bedrock.aws_session_token'", "Tk4Jh5Gf6Ds7")],
    ),
    (
        "CREATE MODEL IF NOT EXISTS gpt INPUT (q STRING) OUTPUT (a STRING) COMMENT 'answers' WITH ('PROVIDER' = 'openai', 'OPENAI.API_KEY' = 'K9', 'openai.model_version' = 'gpt-4o')",
        &[("'OPENAI.API_KEY'", "K9")],
    ),
    (
        "CREATE CONNECTION rest_c WITH ('type' = 'rest', 'endpoint' = 'https://api.example', 'username' = 'admin', 'password' = 'Vb3''Nm\\4Lk')",
        &[("'password'", "Vb3''Nm\\4Lk")],
    ),
    (
        "CREATE CONNECTION vx WITH ('type' = 'vertexai', 'endpoint' = 'https://vertex.example', 'service-key' = '{\"k\": \"Rz8Tq2Wm6\"}')",
        &[("'service-key'", "Rz8Tq2Wm6")],
    ),
    (
        "ALTER CONNECTION IF EXISTS oauth SET ('client-secret' = 'Cs9Dv8Ef7', 'token' = 'Tz8Uy7Vw6', 'scope' = 'read')",
        &[("'client-secret'", "Cs9Dv8Ef7"), ("'token'", "Tz8Uy7Vw6")],
    ),
    (
        "CREATE TABLE k (id INT) WITH ('connector' = 'kafka', 'properties.sasl.jaas.config' = 'org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"Jx5Kc6Lv7\";', 'topic' = 't')",
        &[("'properties.sasl.jaas.config'", "Jx5Kc6Lv7")],
    ),
    (
        "CREATE TOOL crm USING CONNECTION crm_mcp COMMENT 'crm' WITH ('type' = 'mcp', 'http-headers' = 'Authorization: Bearer Hb4Gn5Fm6', 'request_timeout' = '30')",
        &[("'http-headers'", "Hb4Gn5Fm6")],
    ),
    (
        "CREATE AGENT helper USING MODEL chat USING PROMPT 'Be brief.' USING TOOLS crm WITH ('max_iterations' = '10', 'token' = 'Ag7Bh8Ck9Dm')",
        &[("'token'", "Ag7Bh8Ck9Dm")],
    ),
    (
        "CREATE CONNECTION snow WITH ('type' = 'confluent_jdbc', 'endpoint' = 'jdbc:postgresql://db/x', 'username' = 'svc', 'password' = 'Пароль-Zx9Cv8')",
        &[("'password'", "Пароль-Zx9Cv8")],
    ),
];

/// The stretch of `secret` (of 6 characters, or the whole secret when shorter) that `shown`
/// holds, if any.
fn shown_stretch(shown: &str, secret: &str) -> Option<String> {
    let chars: Vec<char> = secret.chars().collect();
    let len = chars.len().min(6);
    (0..=chars.len() - len).map(|at| chars[at..at + len].iter().collect::<String>()).find(|piece| shown.contains(piece))
}

/// The same sweep over [`MORE_STATEMENTS`]: every surface, every mutant.
#[test]
fn no_single_typo_shows_a_secret_of_other_statements() {
    // Some secrets are two characters long: a pair counts as intact only with its value whole.
    sweep("wider typo sweep", &MORE_STATEMENTS, |mutant, key, secret| mutant.contains(&format!("{key} = '{secret}'")));
}

/// Checks every mutant of every statement on every surface; `intact` says whether a mutant that
/// parses still holds a pair as written (then the exact surfaces must mask it too).
fn sweep(name: &str, statements: &[(&str, &[(&str, &str)])], intact: impl Fn(&str, &str, &str) -> bool) {
    let mut checked = 0;
    let mut parsed = 0;
    let mut failures = Vec::new();
    for &(sql, secrets) in statements {
        assert!(parse(sql).is_ok(), "the statement itself must parse: {sql}");
        for (key, secret) in secrets.iter() {
            assert_eq!(sql.matches(secret).count(), 1, "the secret appears once: {sql}");
            assert!(flink_ddl::is_sensitive_key(key.trim_matches('\'')), "{key}");
        }
        for mutant in mutants(sql) {
            checked += 1;
            let mut fail = |surface: &str, shown: &str, secret: &str| {
                // A typo may insert the characters of a short secret elsewhere: only a stretch
                // the original text held at the secret alone counts.
                if let Some(piece) = shown_stretch(shown, secret) {
                    if sql.matches(piece.as_str()).count() == 1 {
                        failures.push(format!("{surface} shows {piece:?}\n  mutant: {mutant:?}\n  shown:  {shown:?}"));
                    }
                }
            };
            let broken = redact_broken_sql(&mutant);
            for (_, secret) in secrets.iter() {
                fail("redact_broken_sql", &broken, secret);
            }
            match parse(&mutant) {
                Err(err) => {
                    for (_, secret) in secrets.iter() {
                        fail("ParseError Display", &err.to_string(), secret);
                        fail("ParseError Debug", &format!("{err:?}"), secret);
                    }
                }
                Ok(statements) => {
                    parsed += 1;
                    let exact = redact_sql(&mutant);
                    let display: String = statements.iter().map(|s| s.to_string()).collect();
                    let debug = format!("{statements:?}");
                    let json = serde_json::to_string(&statements).expect("statements serialise");
                    for (key, secret) in secrets.iter() {
                        let intact = intact(&mutant, key, secret);
                        if intact || shown_stretch(&exact, secret).is_none() {
                            fail("redact_sql", &exact, secret);
                            fail("Display", &display, secret);
                            fail("Debug", &debug, secret);
                            fail("JSON", &json, secret);
                        }
                    }
                }
            }
        }
    }
    println!("{name}: {checked} mutants, {parsed} of them parse, {} leaks", failures.len());
    assert!(
        failures.is_empty(),
        "{} leaks, the first ones:\n{}",
        failures.len(),
        failures[..failures.len().min(25)].join("\n")
    );
}

#[test]
fn mutants_cover_every_position_and_kind() {
    let all = mutants("ab");
    // 3 insertion points x 24, 2 deletions, 2 x 24 substitutions less the 2 that change nothing.
    assert_eq!(all.len(), 3 * 24 + 2 + 2 * 24 - 1);
    assert!(all.contains(&"a'b".to_owned()) && all.contains(&"b".to_owned()) && all.contains(&"a\u{a0}".to_owned()));
}

/// The broken shapes of issue 14, each masked from its key on (a table: input, then output).
#[test]
fn broken_shapes_fail_closed() {
    let cases = [
        "WITH ('username' = 'o'brien', 'password' = 'S3CR3T')",
        "WITH ('url' = 'https://x/it's', 'api-key' = 'S3CR3T')",
        "WITH ('type = 'openai', 'api-key' = 'S3CR3T')",
        "WITH ('type' = `openai', 'api-key' = 'S3CR3T')",
        "WITH ('password' : 'S3CR3T', 'x' = 'y')",
        "WITH ('password' == 'S3CR3T', 'x' = 'y')",
        "WITH ('password' := 'S3CR3T', 'x' = 'y')",
        "WITH (\"password\" = 'S3CR3T', 'x' = 'y')",
        "WITH (`password` = 'S3CR3T', 'x' = 'y')",
        "WITH ('password'\u{a0}= 'S3CR3T', 'x' = 'y')",
        "WITH ('password'\u{2028}= 'S3CR3T', 'x' = 'y')",
        "WITH ('password'\u{b}=\u{b}'S3CR3T', 'x' = 'y')",
        "WITH ('password' = \"S3,CR);3T\", 'x' = 'y')",
        "WITH ('password' = ''S3CR3T'', 'x' = 'y')",
        "WITH ('password' = 'a\\'S3CR3T', 'x' = 'y')",
        "WITH ('password' = S3CR3T, 'x' = 'y')",
        "WITH ('password' = = 'S3CR3T', 'x' = 'y')",
        "WITH ('x' = 'password' = 'S3CR3T', 'y' = 'z')",
        "WITH ('passwrd' = 'S3CR3T', 'api_kye' = 'S3CR3T', 'ap-key' = 'S3CR3T', 'secert' = 'S3CR3T', 'tokne' = 'S3CR3T')",
        "WITH ('pass'word' = 'S3CR3T', 'x' = 'y')",
        "WITH ('pass word' = 'S3CR3T', 'x' = 'y')",
        "WITH ('password' ; 'S3CR3T', 'x' = 'y'); SHOW TABLES;",
        "WITH ('password' ) 'S3CR3T', 'x' = 'y')",
        "WITH ('password'  'S3CR3T', 'x' = 'y')",
        // Two typos: a stray quote or backtick, then a symbol inside the key left bare by it.
        "ALTER CONNECT'ION c SET ('api)key' = 'S3CR3T')",
        "ALTER CONNECTION `c= SET ('ap:-key' = 'S3CR3T')",
        "WITH ('endpoint' = 'https://x\", 'api(key' = 'S3CR3T')",
        "WITH ('type' = 'bearer', .token,= 'S3CR3T')",
        "WITH ('type' = 's3', 'aws-access-keyc = S3CR3T', 'x' = 'y')",
        "ALTER CONNECT'ION c SET ('pass word' = 'S3CR3T', 'x' = 'y')",
        "ALTER CONNECTION c SET (pass;word' = 'S3CR3T', 'x' = 'y')",
        "ALTER CONNECTION c SET ('password' = 'S3C';R=T3', 'x' = 'y')",
        "ALTER CONNECTION c SET (_password' = 'S3C;R3T', 'x' = 'y')",
        "ALTER CONNECTION c SET ('token' = 'Bearer' S3C;R3T', 'x' = 'y')",
        "CREATE TABLE t AS SELECT * FROM s WHERE 'x' = 'token' = 'S3CR3T'",
        "CREATE TABLE t (h AS 'token' = X'53CE') WITH ('connector' = 'datagen')",
        "-- 'password' = 'S3CR3T'\nSHOW TABLES",
        "CREATE TABLE t (password STRING, api_key STRING) WITH ('connector' = 'kafka', 'topic' = 'open')",
        "ALTER CONNECTION c RESET ('token', 'url')",
    ];
    let table: Vec<String> = cases.iter().map(|sql| format!("{sql:?}\n=> {:?}", redact_broken_sql(sql))).collect();
    for sql in cases.iter().take(cases.len() - 2) {
        assert!(!redact_broken_sql(sql).contains("S3CR3T") && !redact_broken_sql(sql).contains("53CE"), "{sql}");
    }
    insta::assert_snapshot!(table.join("\n\n"));
}

proptest::proptest! {
    /// Random text around a sensitive pair, made of the characters that break quoting and
    /// pairs, never lets the secret through `redact_broken_sql`.
    #[test]
    fn random_text_around_a_pair_never_shows_the_secret(
        before in "[' \"`,();=:\\\\a-z\u{a0}\u{2028}\n/*-]{0,24}",
        after in "[' \"`,();=:\\\\a-z\u{a0}\u{2028}\n/*-]{0,24}",
        key in proptest::sample::select(vec!["'password'", "'api-key'", "'openai.api_key'", "password", "\"token\"", "'passwrd'"]),
        equals in proptest::sample::select(vec![" = ", "=", " : ", " == ", " ", "\u{a0}=\u{a0}"]),
    ) {
        let sql = format!("{before}{key}{equals}'Wq8Ej3Rt6Yu1'{after}");
        let shown = redact_broken_sql(&sql);
        proptest::prop_assert!(!shown.contains("Wq8Ej3"), "{:?}\n=> {:?}", sql, shown);
    }
}
