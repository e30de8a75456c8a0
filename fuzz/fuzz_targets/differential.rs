//! Oracle: the parser and `redact_sql` agree on which values are credentials. For every input
//! that parses, each statement's masked `Display` equals `redact_sql` of its unredacted print
//! (same values masked, nothing else changed), and the unredacted print parses back to the same
//! statement. And `redact_sql` of the typed text masks what the parser masks: when the masked
//! text parses, its statements print unredacted as the original ones print masked (adjacent
//! literals are one literal for both). Every input is used: one that does not parse still checks
//! that both redactors are idempotent.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let masked = flink_ddl::redact_sql(text);
    assert_eq!(flink_ddl::redact_sql(&masked), masked, "redact_sql is not idempotent");
    let broken = flink_ddl::redact_broken_sql(text);
    assert_eq!(flink_ddl::redact_broken_sql(&broken), broken, "redact_broken_sql is not idempotent");
    let Ok(statements) = flink_ddl::parse(text) else { return };
    if let Ok(remasked) = flink_ddl::parse(&masked) {
        let shown: Vec<String> = statements.iter().map(ToString::to_string).collect();
        let typed: Vec<String> = remasked.iter().map(|s| s.unredacted().to_string()).collect();
        assert_eq!(shown, typed, "redact_sql of the text and the parser mask different values:\n{text}");
    }
    for stmt in statements {
        let unredacted = stmt.unredacted().to_string();
        let reparsed = flink_ddl::parse_statement(&unredacted).expect("the unredacted print parses");
        assert_eq!(reparsed, stmt, "the unredacted print parses to another statement:\n{unredacted}");
        let shown = stmt.to_string();
        let by_text = flink_ddl::redact_sql(&unredacted);
        assert_eq!(shown, by_text, "the parser and redact_sql mask different values:\n{unredacted}");
    }
});
