//! Oracle: for any input text, `parse` returns statements or an error, never panics, overflows
//! the stack or hangs; an error's offset lies inside the input (at most its length, on a character
//! boundary), its line and column agree with that offset, and its message is not empty. With a
//! small tree allowance (`max_tree_overhead_bytes`, 0 to 1,023 bytes, from the input's length) the
//! parser gives the same statements or the same error, or else a `TreeTooLarge` error: the budget
//! only ever refuses, never changes what parses or which error another mistake gets.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(sql) = std::str::from_utf8(data) else { return };
    let parsed = flink_ddl::parse(sql);
    let small = flink_ddl::Parser::new().with_max_tree_overhead_bytes(sql.len().wrapping_mul(37) % 1024);
    match (&parsed, small.parse(sql)) {
        (_, Err(err)) if err.kind() == flink_ddl::ParseErrorKind::TreeTooLarge => {}
        (Ok(full), Ok(budgeted)) => assert_eq!(full, &budgeted, "a small allowance changed the statements"),
        (Err(full), Err(budgeted)) => assert_eq!(full, &budgeted, "a small allowance changed the error"),
        (full, budgeted) => panic!("a small allowance changed the outcome: {full:?} became {budgeted:?}"),
    }
    match parsed {
        Ok(statements) => {
            for stmt in &statements {
                // Printing must not panic either.
                let _ = stmt.to_string();
                let _ = stmt.unredacted().to_string();
            }
        }
        Err(err) => {
            assert!(err.offset() <= sql.len(), "offset {} past the end ({})", err.offset(), sql.len());
            assert!(sql.is_char_boundary(err.offset()), "offset {} inside a character", err.offset());
            assert_eq!(
                flink_ddl::Location::of(sql, err.offset()),
                flink_ddl::Location { line: err.line(), column: err.column() }
            );
            assert!(!err.message().is_empty());
            let _ = err.to_string();
        }
    }
});
