//! Limits: hostile input gets a clean error or completes, never a panic, a stack overflow or
//! unbounded memory. Nothing here is timed: how time grows with the input (1x against 10x) is
//! measured by `benches/limits.rs`, and memory by `tests/memory.rs`.

use flink_ddl::{parse, redact_broken_sql, redact_sql, ParseErrorKind, Parser};

#[test]
fn input_over_the_size_cap_is_a_clear_error() {
    let sql = "SHOW CONNECTIONS;".repeat(100);
    let err = Parser::new().with_max_input_bytes(1000).parse(&sql).unwrap_err();
    assert_eq!(err.kind(), ParseErrorKind::InputTooLarge);
    assert!(err.message().contains("1700 bytes") && err.message().contains("1000"), "{err}");
    assert!(Parser::new().with_max_input_bytes(1700).parse(&sql).is_ok());
}

#[test]
fn a_huge_string_literal_parses_and_redacts() {
    let sql = format!("ALTER CONNECTION c SET ('endpoint' = '{}')", "x''y ".repeat(10_000_000));
    assert!(sql.len() >= 50_000_000);
    let parsed = parse(&sql).unwrap();
    assert_eq!(parsed.len(), 1);
    assert_eq!(redact_sql(&sql), sql, "an endpoint is not a secret");
    let secret = sql.replacen("'endpoint'", "'password'", 1);
    assert_eq!(redact_sql(&secret), "ALTER CONNECTION c SET ('password' = '<REDACTED>')");
}

#[test]
fn a_million_statement_script_parses_one_statement_at_a_time() {
    let mut sql = String::with_capacity(1_000_000 * 40);
    for i in 0..1_000_000 {
        sql.push_str(match i % 4 {
            0 => "SHOW CONNECTIONS LIKE 'a%';\n",
            1 => "DROP CONNECTION IF EXISTS c;\n",
            2 => "ALTER CONNECTION c SET ('api-key' = 'k');\n",
            _ => "-- a comment\nDESCRIBE CONNECTION c;\n",
        });
    }
    // Count without keeping the statements: the iterator holds one at a time.
    let count = Parser::new().statements(&sql).try_fold(0, |n, item| item.map(|_| n + 1)).unwrap();
    assert_eq!(count, 1_000_000);
}

#[test]
fn an_error_deep_in_a_huge_script_is_positioned() {
    let sql = format!("{}DROP CONNECTION x y", "SHOW CONNECTIONS;\n".repeat(500_000));
    let err = parse(&sql).unwrap_err();
    assert_eq!((err.line(), err.column()), (500_001, 19));
    assert_eq!(err.source_line(), "DROP CONNECTION x y");
}

#[test]
fn long_lists_and_long_names_parse() {
    let pairs: Vec<String> = (0..200_000).map(|i| format!("'k{i}' = 'v'")).collect();
    let sql = format!("ALTER CONNECTION c SET ({})", pairs.join(", "));
    assert_eq!(parse(&sql).unwrap().len(), 1);
    let duplicate = format!("ALTER CONNECTION c SET ({}, 'k7' = 'w')", pairs.join(", "));
    assert_eq!(parse(&duplicate).unwrap_err().kind(), ParseErrorKind::DuplicateOption);
    let name = format!("DROP CONNECTION `{}`", "n".repeat(10_000_000));
    assert_eq!(parse(&name).unwrap().len(), 1);
}

/// Every list of names whose repeats are errors, 200,000 names long: each parses, and a repeat at
/// its end is found at the repeat. (A pairwise check made these quadratic: 40,000 names took 1 to
/// 4 seconds, two million hours; `cargo bench --bench limits` measures how time grows.)
#[test]
fn long_name_lists_parse_and_their_repeats_are_found() {
    let list = |item: &dyn Fn(usize) -> String| (0..200_000).map(item).collect::<Vec<_>>().join(", ");
    let names = list(&|i| format!("c{i}"));
    // Each statement around `{}`, a list, and the item that repeats its eighth.
    let cases: [(&str, String, &str, &str); 7] = [
        ("CREATE TABLE t ({}) AS SELECT 1", names.clone(), "c7", "is named twice"),
        (
            "CREATE TABLE t (PRIMARY KEY ({}) NOT ENFORCED) LIKE s",
            names.clone(),
            "c7",
            "appears twice in the primary key",
        ),
        ("CREATE TABLE t (a INT) PARTITIONED BY ({}) LIKE s", names.clone(), "c7", "is given twice"),
        ("CREATE TABLE t (a INT) DISTRIBUTED BY ({}) LIKE s", names.clone(), "c7", "is given twice"),
        // Reset keys compare as option keys do: `K_7` is `k-7`.
        ("ALTER MODEL m RESET ({})", list(&|i| format!("'k-{i}'")), "'K_7'", "is given more than once"),
        ("CREATE AGENT a USING MODEL m USING PROMPT 'p' USING TOOLS {}", names.clone(), "c7", "is named twice"),
        (
            "CREATE MODEL m INPUT ({}) WITH ('provider' = 'confluent')",
            list(&|i| format!("c{i} INT")),
            "c7 INT",
            "is named twice",
        ),
    ];
    // 200,000 columns of a model outgrow the default tree allowance (`tree_budget_of_dense_lists`).
    let roomy = Parser::new().with_max_tree_overhead_bytes(1 << 30);
    let parse = |sql: &str| roomy.parse(sql);
    for (statement, items, repeat, message) in cases {
        let sql = statement.replace("{}", &format!("{items}, {repeat}"));
        let err = parse(&sql).unwrap_err();
        assert!(err.to_string().contains(message), "{statement}: {err}");
        // At the repeat, at the end of the list, not at its first occurrence.
        let repeat_at = sql.rfind(repeat).unwrap();
        assert_eq!(err.offset(), repeat_at, "{statement}: {err}");
        let sql = statement.replace("{}", &items);
        assert!(parse(&sql).is_ok(), "{statement}: {}", parse(&sql).unwrap_err());
    }
}

/// Scripts of many statements through `redact_broken_sql` (a gateway's log of rejected input, a
/// pasted script in the shell): each statement whose quotes cannot be trusted read the text to its
/// end, and each comment was compared with every mask, so 72 KB of `a "b" c;` took 18 s.
#[test]
fn redacting_a_long_broken_script_completes() {
    let unsure = format!("{}'password' = 'S3CR3T'", "a \"b\" c;\n".repeat(100_000));
    // The statements before are unsure (a double quote is no string here): from the key on, the
    // rest of the text is masked.
    let masked = redact_broken_sql(&unsure);
    assert!(
        masked == format!("{}'password' <REDACTED>", "a \"b\" c;\n".repeat(100_000)),
        "{}",
        &masked[masked.len() - 40..]
    );
    let commented = "('password' = 'x') -- 'token' = 'y'\n".repeat(100_000);
    let masked = redact_broken_sql(&commented);
    // (Compared, not shown: a failure would print 4 MB.)
    assert!(masked == "('password' = '<REDACTED>') -- 'token' <REDACTED>\n".repeat(100_000), "{}", &masked[..80]);
}

#[test]
fn a_deep_run_of_parentheses_is_a_clean_error() {
    // In a CTAS query (kept as text, where nesting is only counted) and in an expression (parsed,
    // where the depth limit stops it).
    let sql = format!("CREATE TABLE t AS SELECT {}", "(".repeat(10_000_000));
    let err = parse(&sql).unwrap_err();
    assert!(err.message().starts_with("unbalanced `(` in the query"), "{err}");
    assert_eq!(err.offset(), sql.len() - 1, "the innermost unclosed `(`");
    let sql = format!("CREATE TABLE t AS (SELECT 1) {}x{}", "(".repeat(1_000_000), ")".repeat(999_999));
    let err = parse(&sql).unwrap_err();
    assert_eq!(err.offset(), "CREATE TABLE t AS (SELECT 1) ".len(), "the outermost `(` is the one left open");
    let sql = format!("CREATE TABLE t (a INT, b AS {}1)", "(".repeat(10_000_000));
    assert_eq!(parse(&sql).unwrap_err().kind(), ParseErrorKind::TooDeep);
}

#[test]
fn an_error_on_a_huge_line_shows_a_window_of_it() {
    let sql = format!("DROP CONNECTION x {}", "y ".repeat(10_000_000));
    let err = parse(&sql).unwrap_err();
    assert_eq!((err.line(), err.column()), (1, 19));
    assert_eq!(err.source_line(), format!("DROP CONNECTION x {}...", "y ".repeat(30)));
    // A secret near the caret, at the end of 20 MB of options on one line: masked. (A million
    // short options outgrow the default tree allowance.)
    let options: String = (0..1_000_000).map(|n| format!("'k{n}' = 'v', ")).collect();
    let parse = |sql: &str| Parser::new().with_max_tree_overhead_bytes(1 << 30).parse(sql);
    let err = parse(&format!("ALTER CONNECTION c SET ({options}'password' = 'hunter2' x)")).unwrap_err();
    assert!(err.source_line().starts_with("...'"), "{}", err.source_line());
    assert!(err.source_line().ends_with(", 'password' = '<REDACTED>' <REDACTED>"), "{}", err.source_line());
    assert!(err.source_line().len() < 100);
}

#[test]
fn unterminated_things_at_the_end_of_huge_input_are_clean_errors() {
    for (sql, kind) in [
        (format!("ALTER CONNECTION c SET ('a' = '{}", "x".repeat(5_000_000)), ParseErrorKind::UnterminatedString),
        (format!("SHOW CONNECTIONS /* {}", "x".repeat(5_000_000)), ParseErrorKind::UnterminatedComment),
        (format!("DROP CONNECTION `{}", "x".repeat(5_000_000)), ParseErrorKind::UnterminatedQuotedName),
    ] {
        let err = parse(&sql).unwrap_err();
        assert_eq!(err.kind(), kind);
        assert!(err.to_string().len() < 400, "the error shows a window, not the whole line");
    }
}

/// A statement of millions of short items (columns, arguments, operands, names) would build a
/// syntax tree 8 to 27 times its text; the tree budget (`ParseOptions::max_tree_overhead_bytes`)
/// refuses it at the item where the tree would outgrow the text by more than the allowance,
/// whatever the kind of list. The same statements parse with a larger allowance, and lists of
/// a few thousand items parse with the default one.
#[test]
fn dense_lists_outgrowing_the_tree_allowance_are_refused_at_an_item() {
    let items = |n: usize, item: &dyn Fn(usize) -> String, sep: &str| (0..n).map(item).collect::<Vec<_>>().join(sep);
    let shapes: [(&str, &dyn Fn(usize) -> String); 12] = [
        ("columns", &|n| format!("CREATE TABLE t ({})", items(n, &|k| format!("c{k} INT"), ", "))),
        ("a chain", &|n| format!("CREATE TABLE t (x AS a{})", " + a".repeat(n))),
        ("arguments", &|n| format!("CREATE TABLE t (x AS f(1{}))", ", 1".repeat(n))),
        ("an IN list", &|n| format!("CREATE TABLE t (x AS a IN (1{}))", ", 1".repeat(n))),
        ("fields", &|n| format!("CREATE TABLE t (x ROW<{}>)", items(n, &|k| format!("f{k} INT"), ", "))),
        ("query columns", &|n| format!("CREATE TABLE t ({}) AS SELECT 1", items(n, &|k| format!("c{k}"), ", "))),
        ("a dotted name", &|n| format!("CREATE TABLE t (x AS a{})", ".a".repeat(n))),
        ("CASE branches", &|n| format!("CREATE TABLE t (x AS CASE{} END)", " WHEN a THEN 1".repeat(n))),
        ("key columns", &|n| {
            format!("CREATE TABLE t (PRIMARY KEY ({}) NOT ENFORCED) LIKE s", items(n, &|k| format!("c{k}"), ","))
        }),
        ("short options", &|n| format!("CREATE TABLE t (a INT) WITH ({})", items(n, &|k| format!("'{k}'=''"), ","))),
        ("model columns", &|n| {
            format!("CREATE MODEL m INPUT ({}) WITH ('provider' = 'x')", items(n, &|k| format!("c{k} INT"), ","))
        }),
        ("agent tools", &|n| {
            format!("CREATE AGENT a USING MODEL m USING PROMPT 'p' USING TOOLS {}", items(n, &|k| format!("c{k}"), ","))
        }),
    ];
    for (what, statement) in shapes {
        let sql = statement(1_000_000);
        let err = parse(&sql).unwrap_err();
        assert_eq!(err.kind(), ParseErrorKind::TreeTooLarge, "{what}: {err}");
        assert!(err.message().contains("max_tree_overhead_bytes"), "{what}: {err}");
        // Refused inside the list, long before its end: the tree never got far past the allowance.
        assert!(
            err.offset() > 1000 && err.offset() < sql.len() * 9 / 10,
            "{what}: at {} of {}",
            err.offset(),
            sql.len()
        );
        assert!(parse(&statement(5_000)).is_ok(), "{what}: 5,000 items");
        let small = Parser::new().with_max_tree_overhead_bytes(4096);
        assert_eq!(small.parse(&statement(5_000)).unwrap_err().kind(), ParseErrorKind::TreeTooLarge, "{what}");
    }
    // Text buys tree: 262,144 options of 60 bytes (15 MiB) are within the default allowance.
    let options = items(262_144, &|k| format!("'key-{k:09}' = 'value-value-value-value-{k:09}'"), ", ");
    assert!(parse(&format!("CREATE TABLE t (a INT) WITH ({options})")).is_ok());
    let roomy = Parser::new().with_max_tree_overhead_bytes(1 << 30);
    assert!(roomy.parse(&format!("CREATE TABLE t (x AS f(1{}))", ", 1".repeat(1_000_000))).is_ok());
}

#[test]
fn the_tree_budget_error_names_the_limit_and_the_way_out() {
    let parser = Parser::new().with_max_tree_overhead_bytes(1000);
    let sql = format!("CREATE TABLE t (x AS f(1{}))", ", 1".repeat(100));
    insta::assert_snapshot!(parser.parse(&sql).unwrap_err(), @r"
    this statement's lists are too long: its syntax tree would outgrow its text by more than 1000 bytes (split it into smaller statements; a program using the library can raise ParseOptions::max_tree_overhead_bytes) (line 1, column 42)
    CREATE TABLE t (x AS f(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, ...
                                             ^
    ");
}

/// The tree budget only ever refuses: under any allowance, every fixture (valid or not) parses to
/// the same statements, or fails with the same error, or fails with `TreeTooLarge`; and with an
/// allowance of 64 KiB none is refused but the fuzz findings (some are walls of short tokens).
/// (The `parse` fuzz target checks the same on any input.)
#[test]
fn a_small_tree_allowance_refuses_or_changes_nothing() {
    let mut refused = 0;
    for dir in ["tests/fixtures/ok", "tests/fixtures/error", "tests/fixtures/fuzz"] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let Ok(sql) = std::fs::read_to_string(&path) else { continue };
            let full = parse(&sql);
            for allowance in [0, 64, 256, 1024, 4096, 65_536] {
                match (&full, Parser::new().with_max_tree_overhead_bytes(allowance).parse(&sql)) {
                    (_, Err(err)) if err.kind() == ParseErrorKind::TreeTooLarge => {
                        assert!(
                            allowance < 65_536 || path.starts_with("tests/fixtures/fuzz"),
                            "{}: {err}",
                            path.display()
                        );
                        refused += 1;
                    }
                    (Ok(a), Ok(b)) => assert_eq!(a, &b, "{}", path.display()),
                    (Err(a), Err(b)) => assert_eq!(a, &b, "{}", path.display()),
                    (a, b) => panic!("{}: {} became {}", path.display(), a.is_ok(), b.is_ok()),
                }
            }
        }
    }
    assert!(refused > 0, "some fixture outgrows an allowance of 0");
}
