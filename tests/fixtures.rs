//! The fixture corpus: every `tests/fixtures/ok/*.sql` script parses, prints canonically and
//! round-trips (snapshot: the masked print and the AST of each statement); every
//! `tests/fixtures/error/*.sql` script fails (snapshot: the error as a person sees it).

use flink_ddl::{parse, redact_sql, Statement};

#[test]
fn ok_fixtures_parse_and_round_trip() {
    insta::glob!("fixtures/ok/*.sql", |path| {
        let sql = std::fs::read_to_string(path).unwrap();
        let statements = parse(&sql).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(!statements.is_empty(), "{}: no statements", path.display());
        for stmt in &statements {
            let printed = stmt.unredacted().to_string();
            assert_eq!(flink_ddl::parse_statement(&printed).as_ref(), Ok(stmt), "{printed}");
            assert!(flink_ddl::parse_statement(&stmt.to_string()).is_ok(), "masked print of {printed}");
        }
        let script: String = statements.iter().map(|s| format!("{};\n", s.unredacted())).collect();
        assert_eq!(parse(&script).as_ref(), Ok(&statements), "the canonical script parses back");
        let shown: Vec<String> = statements.iter().map(Statement::to_string).collect();
        insta::assert_snapshot!("print", shown.join(";\n"));
        insta::assert_debug_snapshot!("ast", statements);
    });
}

#[test]
fn error_fixtures_fail_with_a_caret() {
    insta::glob!("fixtures/error/*.sql", |path| {
        let sql = std::fs::read_to_string(path).unwrap();
        let err = parse(&sql).expect_err(&format!("{} should not parse", path.display()));
        insta::assert_snapshot!(format!("{}\n---\n{err}", redact_sql(sql.trim_end())));
    });
}
