//! Oracle: for any input text, `parse` returns statements or an error, never panics, overflows
//! the stack or hangs; an error's offset lies inside the input (at most its length, on a character
//! boundary), its line and column agree with that offset, and its message is not empty.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(sql) = std::str::from_utf8(data) else { return };
    match flink_ddl::parse(sql) {
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
