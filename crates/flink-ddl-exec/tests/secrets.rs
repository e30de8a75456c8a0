//! No credential value appears in any error, debug print or rendered output. Distinctive
//! `SECRET_...` markers are pushed through every error path of the executor (and through the
//! outcomes and records of the statements that succeed), then searched for in every text.

use std::sync::Arc;

use flink_ddl::{parse_statement, ObjectName, OptionList};
use flink_ddl_exec::{
    render, render_cli, Catalog, ExecError, MemoryCatalog, OutputFormat, Role, Session, SessionContext,
};
use flink_ddl_testkit::session_in;
use proptest::prelude::*;

fn session(catalog: &Arc<MemoryCatalog>, ctx: SessionContext) -> Session {
    session_in(catalog.clone(), ctx)
}

/// Every text a result could show.
fn shown(result: &Result<flink_ddl_exec::Outcome, ExecError>) -> Vec<String> {
    match result {
        Ok(outcome) => {
            let mut texts = vec![format!("{outcome:?}"), format!("{outcome:#?}")];
            for format in [OutputFormat::Human, OutputFormat::Json, OutputFormat::Yaml] {
                texts.push(render(outcome, format));
                texts.push(render_cli(outcome, format));
            }
            texts
        }
        Err(e) => vec![e.to_string(), format!("{e:?}"), format!("{e:#?}"), e.rule().to_owned()],
    }
}

#[track_caller]
fn assert_no_secret(texts: &[String], context: &str) {
    for text in texts {
        assert!(!text.contains("SECRET_"), "{context}: a secret leaked into: {text}");
    }
}

/// One statement per error path (and some that succeed), each carrying secrets.
const STATEMENTS: &[&str] = &[
    // Successes whose outcomes are rendered.
    "CREATE CONNECTION c WITH ('type' = 'openai', 'endpoint' = 'https://e', 'api-key' = 'SECRET_k1')",
    "CREATE CONNECTION m WITH ('type' = 'mongodb', 'endpoint' = 'https://m', 'username' = 'u', 'password' = 'SECRET_p1')",
    "ALTER CONNECTION c SET ('api-key' = 'SECRET_k2')",
    "DESCRIBE CONNECTION EXTENDED c",
    "SHOW CONNECTIONS",
    "SHOW CREATE CONNECTION c",
    "SHOW CREATE CONNECTION m",
    "CREATE CONNECTION IF NOT EXISTS c WITH ('type' = 'openai', 'endpoint' = 'https://e', 'api-key' = 'SECRET_k3')",
    "CREATE OR REPLACE CONNECTION c WITH ('type' = 'openai', 'endpoint' = 'https://e', 'api-key' = 'SECRET_k4')",
    // Errors.
    "CREATE CONNECTION c WITH ('type' = 'openai', 'endpoint' = 'https://e', 'api-key' = 'SECRET_dup')",
    "CREATE CONNECTION x WITH ('ap-key' = 'SECRET_typo')",
    "CREATE CONNECTION x WITH ('type' = 'openai', 'endpoint' = 'e', 'api-key' = 'SECRET_a', 'bogus_key' = 'SECRET_b')",
    // A `type` is not a secret: the error repeats it (with a did-you-mean), never the api-key.
    "CREATE CONNECTION x WITH ('type' = 'no_such_type', 'endpoint' = 'e', 'api-key' = 'SECRET_a')",
    "CREATE CONNECTION x WITH ('endpoint' = 'SECRET_endpoint', 'api-key' = 'SECRET_a')",
    "CREATE CONNECTION x WITH ('type' = 'openai', 'api-key' = 'SECRET_a')",
    "CREATE CONNECTION x WITH ('type' = 'openai', 'endpoint' = 'e', 'password' = 'SECRET_a')",
    "CREATE CONNECTION x WITH ('type' = 'rest', 'endpoint' = 'e', 'username' = 'SECRET_user')",
    "CREATE CONNECTION x WITH ('type' = 'rest', 'endpoint' = 'e', 'username' = 'u', 'password' = 'SECRET_p', 'token' = 'SECRET_t')",
    "CREATE CONNECTION x WITH ('type' = 'rest', 'endpoint' = 'SECRET_e')",
    "CREATE CONNECTION x WITH ('type' = 'vertexai', 'endpoint' = 'SECRET_e')",
    "CREATE CONNECTION x WITH ('type' = 'mcp_server', 'endpoint' = 'e', 'token' = 'SECRET_t', 'transport-type' = 'SECRET_tt')",
    "CREATE CONNECTION x WITH ('type' = 'mcp_server', 'endpoint' = 'e', 'token' = 'SECRET_t', 'transport-type' = 'STREAMABLE_HTTP', 'sse-endpoint' = 'SECRET_sse')",
    "CREATE CONNECTION x WITH ('type' = 'openai', 'endpoint' = 'e', 'api-key' = 'SECRET_LONG')",
    "CREATE CONNECTION x WITH ('type' = 'openai', 'endpoint' = 'SECRET_LONG_ENDPOINT', 'api-key' = 'k')",
    "ALTER CONNECTION c SET ('endpoint' = 'SECRET_e')",
    "ALTER CONNECTION c SET ('type' = 'SECRET_t')",
    "ALTER CONNECTION c SET ('ap-key' = 'SECRET_a')",
    "ALTER CONNECTION c SET ('password' = 'SECRET_a')",
    "ALTER CONNECTION m SET ('token' = 'SECRET_a')",
    "ALTER CONNECTION nope SET ('api-key' = 'SECRET_a')",
    "ALTER CONNECTION IF EXISTS nope SET ('api-key' = 'SECRET_a')",
    "CREATE OR REPLACE CONNECTION m WITH ('type' = 'couchbase', 'endpoint' = 'e', 'username' = 'u', 'password' = 'SECRET_p')",
    "DROP CONNECTION m",
    "DESCRIBE CONNECTION nope",
];

#[test]
fn no_error_or_output_shows_a_secret() {
    let catalog = Arc::new(MemoryCatalog::new());
    let admin = session(&catalog, SessionContext::default());
    let table_options = OptionList::from_pairs([
        ("connector", "mongodb"),
        ("mongodb.connection", "m"),
        ("mongodb.password", "SECRET_table"),
    ]);
    let mut errors = 0;
    for (n, sql) in STATEMENTS.iter().enumerate() {
        let sql = sql
            .replace("SECRET_LONG_ENDPOINT", &format!("SECRET_{}", "e".repeat(16_400)))
            .replace("SECRET_LONG", &format!("SECRET_{}", "k".repeat(4_000)));
        let stmt = parse_statement(&sql).unwrap_or_else(|e| panic!("{e}"));
        let result = admin.execute(&stmt);
        errors += usize::from(result.is_err());
        assert_no_secret(&shown(&result), &sql);
        if n == 1 {
            // After `m` exists, a table uses it, so later DROP and OR REPLACE are refused.
            let t = admin.create_table(
                &ObjectName::simple("t"),
                false,
                &table_options,
                "CREATE TABLE t WITH ('mongodb.password' = 'SECRET_table')",
            );
            assert_no_secret(&shown(&t), "create table");
            assert_no_secret(&shown(&admin.describe_table(&ObjectName::simple("t"), true)), "describe table");
            assert_no_secret(&shown(&admin.show_tables(None)), "show tables");
            assert_no_secret(&shown(&admin.show_create_table(&ObjectName::simple("t"))), "show create table");
        }
    }
    assert!(errors >= 24, "only {errors} statements failed: the error paths are not all exercised");

    // Role, scope, name-length and table errors.
    let developer = session(&catalog, SessionContext::default().with_roles([Role::FlinkDeveloper]));
    let elsewhere = session(&catalog, SessionContext::new("default", "aws", "us-east-1"));
    for (s, sql) in [
        (&developer, "CREATE CONNECTION y WITH ('type' = 'openai', 'endpoint' = 'e', 'api-key' = 'SECRET_role')"),
        (&developer, "ALTER CONNECTION c SET ('api-key' = 'SECRET_role')"),
        (&elsewhere, "CREATE CONNECTION c WITH ('type' = 'openai', 'endpoint' = 'e', 'api-key' = 'SECRET_elsewhere')"),
    ] {
        let result = s.execute(&parse_statement(sql).unwrap());
        assert!(result.is_err());
        assert_no_secret(&shown(&result), sql);
    }
    let long_name = format!(
        "CREATE CONNECTION {} WITH ('type' = 'openai', 'endpoint' = 'e', 'api-key' = 'SECRET_n')",
        "n".repeat(120)
    );
    assert_no_secret(&shown(&admin.execute(&parse_statement(&long_name).unwrap())), "long name");
    for (options, what) in [
        (
            OptionList::from_pairs([
                ("connector", "mongodb"),
                ("mongodb.connection", "nope"),
                ("mongodb.password", "SECRET_t"),
            ]),
            "missing connection",
        ),
        (
            OptionList::from_pairs([
                ("connector", "mongodb"),
                ("mongodb.connection", "c"),
                ("mongodb.password", "SECRET_t"),
            ]),
            "wrong type",
        ),
        (OptionList::from_pairs([("connector", "mongodb"), ("mongodb.password", "SECRET_t")]), "no connection option"),
        (table_options.clone(), "exists"),
    ] {
        let result = admin.create_table(
            &ObjectName::simple("t"),
            false,
            &options,
            "CREATE TABLE t WITH ('mongodb.password' = 'SECRET_t')",
        );
        assert!(result.is_err(), "{what}");
        assert_no_secret(&shown(&result), what);
    }

    // The records hold the values, and their Debug does not show them.
    let record = catalog.get_connection("default", "m").unwrap().unwrap();
    assert_eq!(record.credentials.get("password").map(|s| s.expose_secret()), Some("SECRET_p1"));
    assert_no_secret(&[format!("{record:?}"), format!("{record:#?}"), format!("{catalog:?}")], "records");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the keys and credentials, a CREATE and an ALTER show no credential.
    #[test]
    fn random_credentials_never_show(
        secret in "SECRET_[a-z0-9]{6,12}",
        key in prop::sample::select(vec!["api-key", "API_KEY", "password", "token", "client-secret", "aws-secret-key", "service-key", "ap-key", "passwrd", "tokn"]),
        ty in prop::sample::select(flink_ddl_exec::ConnectionType::all().map(|t| t.name()).collect::<Vec<_>>()),
    ) {
        let catalog = Arc::new(MemoryCatalog::new());
        let s = session(&catalog, SessionContext::default());
        let create = format!("CREATE CONNECTION c WITH ('type' = '{ty}', 'endpoint' = 'e', '{key}' = '{secret}')");
        let result = s.execute(&parse_statement(&create).unwrap());
        for text in shown(&result) {
            prop_assert!(!text.contains(&secret), "{}", text);
        }
        let alter = format!("ALTER CONNECTION c SET ('{key}' = '{secret}')");
        let result = s.execute(&parse_statement(&alter).unwrap());
        for text in shown(&result) {
            prop_assert!(!text.contains(&secret), "{}", text);
        }
    }
}
