//! The connection statements: the seed document's statements, the dialect's decisions on bad
//! input, and the errors (with their carets) that a person sees.

mod common;

use common::*;
use flink_ddl::{parse, parse_statement, ParseErrorKind, Statement};

/// Every SQL statement of the seed document (`../shared/spec/seed-manage-connections.txt`) that
/// is a connection statement, as printed there.
const SEED_STATEMENTS: &[&str] = &[
    "CREATE CONNECTION `my_connection`
  WITH (
    'type' = 'OPENAI',
    'endpoint' = 'https://<your-endpoint>.openai.azure.com/openai/deployments/<deployment-name>/chat/completions?api-version=2025-01-01-preview',
    'api-key' = '<your-api-key>'
  );",
    "CREATE CONNECTION `my_mongodb_connection`
  WITH (
    'type' = 'MONGODB',
    'endpoint' = 'mongodb+srv://myCluster.mongodb.net/myDatabase',

    'username' = '<atlas-user-name>',
    'password' = '<atlas-password>'
  );",
    "DESCRIBE CONNECTION `my_connection`;",
    "ALTER CONNECTION `my_connection` SET ('api-key' = '<new-api-key>');",
    "DROP CONNECTION `my_connection`;",
    "CREATE CONNECTION my_conn WITH ('ap-key' = 'x')",
];

#[test]
fn seed_table_parses_and_round_trips() {
    let stmt = parse_statement(SEED_TABLE).unwrap_or_else(|e| panic!("{e}"));
    let Statement::CreateTable(table) = &stmt else { panic!("not a table: {stmt:?}") };
    assert_eq!(table.name.to_string(), "mongodb_movies_full_text_search");
    assert_eq!(table.connection(), Some("my_mongodb_connection"));
    let printed = stmt.unredacted().to_string();
    assert_eq!(
        printed,
        "CREATE TABLE mongodb_movies_full_text_search (title STRING, plot STRING) WITH ('connector' = 'mongodb', \
         'mongodb.connection' = 'my_mongodb_connection', 'mongodb.database' = 'sample_mflix', \
         'mongodb.collection' = 'movies', 'mongodb.index' = 'default')"
    );
    assert_eq!(verified_stmt(&printed), stmt);
    let script = format!("{};\n{SEED_TABLE}", SEED_STATEMENTS.join(";\n"));
    assert_eq!(parse(&script).unwrap().len(), SEED_STATEMENTS.len() + 1);
}

#[test]
fn seed_statements_round_trip() {
    for sql in SEED_STATEMENTS {
        let stmt = parse_statement(sql).unwrap_or_else(|e| panic!("{sql}\n{e}"));
        let printed = stmt.unredacted().to_string();
        assert_eq!(parse_statement(&printed).as_ref(), Ok(&stmt), "{printed}");
        assert_eq!(verified_stmt(&printed), stmt);
    }
}

#[test]
fn seed_statements_ast() {
    let statements: Vec<Statement> = SEED_STATEMENTS.iter().map(|sql| parse_statement(sql).unwrap()).collect();
    insta::assert_debug_snapshot!(statements);
}

#[test]
fn seed_statements_canonical_and_masked() {
    let shown: Vec<String> = SEED_STATEMENTS
        .iter()
        .map(|sql| {
            let stmt = parse_statement(sql).unwrap();
            format!("{}\n{}", stmt.unredacted(), stmt)
        })
        .collect();
    insta::assert_snapshot!(shown.join("\n\n"));
}

#[test]
fn the_seed_as_one_script() {
    let script = SEED_STATEMENTS.join("\n-- next\n");
    assert_eq!(parse(&script).unwrap().len(), SEED_STATEMENTS.len());
}

#[test]
fn every_clause_survives_the_round_trip() {
    verified_stmt("CREATE OR REPLACE CONNECTION acme.ops.vec_store COMMENT 'search backend' WITH ('TYPE' = 'pinecone', 'endpoint' = 'https://idx-01.example.io/query', 'API_KEY' = 'pk-001')");
    verified_stmt("CREATE CONNECTION IF NOT EXISTS c WITH ('type' = 'rest', 'endpoint' = 'https://x', 'token' = 't')");
    verified_stmt("ALTER CONNECTION IF EXISTS crm_pg SET ('username' = 'svc_reader', 'password' = 'r0tated')");
    verified_stmt("DESCRIBE CONNECTION EXTENDED crm_pg");
    verified_stmt(r"SHOW CONNECTIONS NOT ILIKE 'tmp\_%'");
    verified_stmt("SHOW CONNECTIONS LIKE 'a%'");
    verified_stmt("SHOW CONNECTIONS NOT LIKE 'a%'");
    verified_stmt("SHOW CONNECTIONS ILIKE 'A%'");
    verified_stmt("SHOW CONNECTIONS");
    verified_stmt("SHOW CREATE CONNECTION vec_store");
    verified_stmt("DROP CONNECTION IF EXISTS vec_store");
    verified_stmt("DROP CONNECTION env.db.c");
}

#[test]
fn dialect_examples_normalise_to_canonical_form() {
    one_statement_parses_to(
        "create or replace connection `acme`.`ops`.`vec_store` comment 'search backend'\n  with ('TYPE' = 'pinecone', 'endpoint' = 'https://idx-01.example.io/query', 'API_KEY' = 'pk-001');",
        "CREATE OR REPLACE CONNECTION acme.ops.vec_store COMMENT 'search backend' WITH ('TYPE' = 'pinecone', 'endpoint' = 'https://idx-01.example.io/query', 'API_KEY' = 'pk-001')",
    );
    one_statement_parses_to("DESC CONNECTION EXTENDED crm_pg;", "DESCRIBE CONNECTION EXTENDED crm_pg");
    one_statement_parses_to("desc   connection\n\t`odd``name`", "DESCRIBE CONNECTION `odd``name`");
    one_statement_parses_to("show connections like 'it''s%'", "SHOW CONNECTIONS LIKE 'it''s%'");
    one_statement_parses_to(
        "alter connection c set ('api' '-key' = 'sk' '-1' /* joined */)",
        "ALTER CONNECTION c SET ('api-key' = 'sk-1')",
    );
}

#[test]
fn keywords_may_be_names_unless_reserved() {
    one_statement_parses_to("CREATE CONNECTION if WITH ('a' = 'b')", "CREATE CONNECTION if WITH ('a' = 'b')");
    one_statement_parses_to("DROP CONNECTION if", "DROP CONNECTION if");
    one_statement_parses_to("DROP CONNECTION IF EXISTS if", "DROP CONNECTION IF EXISTS if");
    one_statement_parses_to("DESCRIBE CONNECTION connection", "DESCRIBE CONNECTION connection");
    one_statement_parses_to("DESCRIBE CONNECTION `select`", "DESCRIBE CONNECTION `select`");
    one_statement_parses_to("DESCRIBE CONNECTION $rowtime", "DESCRIBE CONNECTION $rowtime");
    assert_eq!(parse_error("DESCRIBE CONNECTION select").kind(), ParseErrorKind::ReservedWord);
}

#[test]
fn names_keep_their_case() {
    let a = parse_statement("DROP CONNECTION Crm").unwrap();
    let b = parse_statement("DROP CONNECTION crm").unwrap();
    assert_ne!(a, b);
}

#[test]
fn comments_anywhere_blanks_may_be() {
    one_statement_parses_to(
        "/* a */ CREATE -- b\n CONNECTION /* c */ c /* d */ WITH /* e */ ( /* f */ 'k' /* g */ = /* h */ 'v' /* i */ ) /* j */ ; -- k",
        "CREATE CONNECTION c WITH ('k' = 'v')",
    );
}

// The decisions of dialect.md on bad input.

#[test]
fn or_replace_with_if_not_exists_is_refused() {
    let err = parse_error("CREATE OR REPLACE CONNECTION IF NOT EXISTS c WITH ('type' = 'openai')");
    assert_eq!((err.kind(), err.line(), err.column()), (ParseErrorKind::ConflictingClauses, 1, 30));
}

#[test]
fn trailing_comma_is_refused_and_named() {
    let err = parse_error("CREATE CONNECTION c WITH ('type' = 'openai',\n)");
    assert_eq!(err.kind(), ParseErrorKind::TrailingComma);
    assert!(err.message().contains("trailing comma"));
    assert_eq!((err.line(), err.column()), (1, 44));
    assert_eq!(parse_error("ALTER CONNECTION c SET ('a' = 'b', )").kind(), ParseErrorKind::TrailingComma);
}

#[test]
fn hyphenated_unquoted_name_gets_a_backtick_hint() {
    let err = parse_error("CREATE CONNECTION my-conn WITH ('type' = 'basic')");
    assert_eq!(err.kind(), ParseErrorKind::HyphenatedName);
    assert!(err.message().contains("`my-conn`"), "{err}");
    assert_eq!(err.column(), 21);
    for sql in [
        "DROP CONNECTION azure-openai_connection",
        "DESCRIBE CONNECTION env.my-conn",
        "ALTER CONNECTION a-1 SET ('a' = 'b')",
    ] {
        assert_eq!(parse_error(sql).kind(), ParseErrorKind::HyphenatedName, "{sql}");
    }
}

#[test]
fn repeated_keys_are_refused_naming_the_key() {
    let err = parse_error("CREATE CONNECTION c WITH ('api-key' = 'SECRET_one', 'API_KEY' = 'SECRET_two')");
    assert_eq!(err.kind(), ParseErrorKind::DuplicateOption);
    assert!(err.message().contains("'API_KEY'"));
    assert!(!err.to_string().contains("SECRET_"), "{err}");
    assert_eq!(err.column(), 53);
    assert_eq!(
        parse_error("ALTER CONNECTION c SET ('password' = 'a', 'password' = 'b')").kind(),
        ParseErrorKind::DuplicateOption
    );
}

#[test]
fn empty_with_list_is_refused() {
    let err = parse_error("CREATE CONNECTION c WITH ( )");
    assert_eq!((err.kind(), err.column()), (ParseErrorKind::EmptyOptionList, 28));
}

#[test]
fn upstream_only_forms_are_refused_with_a_reason() {
    for (sql, column) in [
        ("ALTER CONNECTION conn1 RENAME TO conn2", 24),
        ("ALTER CONNECTION conn1 RESET ('password', 'url')", 24),
        ("CREATE TEMPORARY CONNECTION conn1 WITH ('type' = 'oauth')", 8),
        ("CREATE TEMPORARY SYSTEM CONNECTION conn1 WITH ('type' = 'x')", 8),
        ("DROP TEMPORARY CONNECTION IF EXISTS conn1", 6),
        ("SHOW CONNECTIONS FROM catalog1.db1 LIKE 'my_%'", 18),
        ("SHOW CONNECTIONS IN db1", 18),
    ] {
        let err = parse_error(sql);
        assert_eq!((err.kind(), err.column()), (ParseErrorKind::Unsupported, column), "{sql}: {err}");
    }
}

#[test]
fn unquoted_keys_and_values_are_refused() {
    assert_eq!(parse_error("CREATE CONNECTION c WITH (type = 'x')").column(), 27);
    assert_eq!(parse_error("CREATE CONNECTION c WITH ('type' = openai)").column(), 36);
    assert_eq!(parse_error("CREATE CONNECTION c WITH ('n' = 1)").column(), 33);
}

#[test]
fn missing_with_and_missing_options_are_refused() {
    assert_eq!(parse_error("CREATE CONNECTION conn_without_options").column(), 39);
    assert_eq!(parse_error("ALTER CONNECTION conn1").column(), 23);
}

#[test]
fn positions_count_lines_and_characters() {
    let err = parse("SHOW CONNECTIONS;\n-- déjà vu\nDROP CONNECTION\n  `é` extra").unwrap_err();
    assert_eq!((err.line(), err.column()), (4, 7));
    assert_eq!(err.offset(), "SHOW CONNECTIONS;\n-- déjà vu\nDROP CONNECTION\n  `é` ".len());
}

// Error messages as a person sees them.

fn shown_error(sql: &str) -> String {
    match parse(sql) {
        Ok(stmts) => panic!("expected an error, parsed {stmts:?}"),
        Err(e) => format!("{sql}\n---\n{e}\n"),
    }
}

#[test]
fn error_messages() {
    let cases = [
        "CREATE CONNECTION my-conn WITH ('type' = 'basic')",
        "CREATE CONNECTION c WITH ('type' = 'basic',)",
        "CREATE CONNECTION c WITH ('api-key' = 'sk-123' 'type' = 'OPENAI'",
        "CREATE CONNECTION c WITH ('api-key' = 'sk-123', 'type' = OPENAI)",
        "CREATE CONNECTION c WITH ('password' = 'hunter2",
        "CREATE OR REPLACE CONNECTION IF NOT EXISTS c WITH ('a' = 'b')",
        "CREATE CONNECTION c\n  WITH (\n    'type' = 'openai'\n    'endpoint' = 'x'\n  )",
        "ALTER CONNECTION c RESET ('api-key')",
        "DROP CONNECTION",
        "DESCRIBE CONNECTION `unterminated",
        "SHOW CONNECTIONS LIKE",
        "SHOW VIEWS",
        "SELECT * FROM t",
        "CREATE CONNECTION a.b.c.d WITH ('a' = 'b')",
        "CREATE CONNECTION `` WITH ('a' = 'b')",
        "SHOW CONNECTIONS /* never closed",
        "CREATE CONNECTION c WITH ('k' = 'v') EXTRA",
        "\tDROP CONNECTION\tselect",
    ];
    let shown: String = cases.iter().map(|sql| shown_error(sql)).collect::<Vec<_>>().join("\n");
    insta::assert_snapshot!(shown);
}
