//! Inputs that once crashed a fuzz target (`fuzz/`), replayed through the same oracles on every
//! test run. A new crash becomes one more file in `tests/fixtures/fuzz/`.

#[path = "../fuzz/planted_secret.rs"]
mod planted_secret;

use flink_ddl::{parse, redact_broken_sql, redact_sql, Location};

#[test]
fn fuzz_crashes_stay_fixed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        // Every fuzz input is also tried as text, whatever target found it.
        for sql in [text.as_ref(), text.get(1..).unwrap_or("")] {
            check(sql);
        }
        if path.file_name().is_some_and(|name| name.to_string_lossy().starts_with("redact-")) {
            check_planted_secret(&text);
        }
        count += 1;
    }
    assert!(count > 0, "no regression inputs in {}", dir.display());
}

fn check(sql: &str) {
    match parse(sql) {
        Ok(statements) => {
            // The `differential` target's oracle: `redact_sql` of the text masks what the parser
            // masks, and the masked print is `redact_sql` of the unredacted one.
            if let Ok(remasked) = parse(&redact_sql(sql)) {
                let shown: Vec<String> = statements.iter().map(ToString::to_string).collect();
                let typed: Vec<String> = remasked.iter().map(|s| s.unredacted().to_string()).collect();
                assert_eq!(shown, typed, "redact_sql of the text and the parser mask different values:\n{sql}");
            }
            for stmt in statements {
                let printed = stmt.unredacted().to_string();
                assert_eq!(flink_ddl::parse_statement(&printed).as_ref(), Ok(&stmt), "{printed}");
                assert!(flink_ddl::parse_statement(&stmt.to_string()).is_ok());
                assert_eq!(stmt.to_string(), redact_sql(&printed), "the parser and redact_sql differ:\n{printed}");
            }
        }
        Err(err) => {
            assert!(err.offset() <= sql.len() && sql.is_char_boundary(err.offset()));
            assert_eq!(Location::of(sql, err.offset()), Location { line: err.line(), column: err.column() });
            let _ = err.to_string();
        }
    }
    let once = redact_sql(sql);
    assert_eq!(redact_sql(&once), once);
    let once = redact_broken_sql(sql);
    assert_eq!(redact_broken_sql(&once), once);
}

/// The `redact` target's oracle: its input with a marker planted as the value of a sensitive key
/// (the same construction as `fuzz/fuzz_targets/redact.rs`). Wherever `redact_sql` masks the
/// marker, no surface of the parsed statements may show it.
fn check_planted_secret(text: &str) {
    let Some((sql, _)) = planted_secret::plant(text) else { return };
    let secret = planted_secret::SECRET;
    for redact in [redact_sql, redact_broken_sql] {
        let once = redact(&sql);
        assert_eq!(redact(&once), once, "not idempotent on the planted text:\n{sql}");
    }
    if redact_sql(&sql).contains(secret) {
        return;
    }
    if let Ok(statements) = parse(&sql) {
        for stmt in statements {
            for shown in [stmt.to_string(), format!("{stmt:?}"), serde_json::to_string(&stmt).unwrap()] {
                assert!(!shown.contains(secret), "a statement surface kept the secret:\n{sql}\n{shown}");
            }
        }
    }
}
