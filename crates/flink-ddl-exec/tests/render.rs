//! The rendered outcomes: the human tables in the seed's shapes (docs/executor.md#outputs), the `sql/v1`
//! JSON, the CLI shapes and YAML, as `insta` snapshots under a fixed clock.

use std::sync::Arc;

use flink_ddl::{ObjectName, OptionList};
use flink_ddl_exec::{
    render, render_cli, FixedClock, MemoryCatalog, Outcome, OutputFormat, Session, SessionContext, Timestamp,
};
use flink_ddl_testkit::{ok, session_in, T0};

/// 2025-08-13 22:04:57.972969 UTC, the seed's Creation Date.
const SEED_TIME: Timestamp = T0;
/// 2025-08-13 21:05:15.035376 UTC, the seed's other date.
const EARLIER: Timestamp = Timestamp::from_unix_micros(1_755_119_115_035_376);

fn seed_session(catalog: &Arc<MemoryCatalog>, at: Timestamp) -> Session {
    session_in(catalog.clone(), SessionContext::new("env-a1b2c3", "aws", "us-west-2"))
        .with_clock(Arc::new(FixedClock(at)))
}

fn json(outcome: &Outcome) -> serde_json::Value {
    let line = render(outcome, OutputFormat::Json);
    assert!(line.ends_with('\n') && line.matches('\n').count() == 1, "one document per line: {line}");
    serde_json::from_str(&line).unwrap()
}

/// The two connections of the seed's samples.
fn seed_catalog() -> (Arc<MemoryCatalog>, Session) {
    let catalog = Arc::new(MemoryCatalog::new());
    ok(
        &seed_session(&catalog, EARLIER),
        "CREATE CONNECTION `azureopenai_connection-2` WITH ('type' = 'azureopenai', 'endpoint' = 'https://<your-project-endpoint>', 'api-key' = 'k2')",
    );
    let session = seed_session(&catalog, SEED_TIME);
    ok(
        &session,
        "CREATE CONNECTION `azure-openai_connection` COMMENT 'chat' WITH ('type' = 'AZUREOPENAI', 'endpoint' = 'https://<your-project-endpoint>', 'api-key' = 'k1')",
    );
    (catalog, session)
}

#[test]
fn show_connections_is_the_seed_list_byte_for_byte() {
    let (_, session) = seed_catalog();
    let shown = render(&ok(&session, "SHOW CONNECTIONS"), OutputFormat::Human);
    // The seed's list sample (its second copy, whose header is not shifted), rows in name order:
    // `azure-openai_connection` sorts before `azureopenai_connection-2` ('-' < 'o').
    let seed = "          Creation Date          |           Name           | Environment | Cloud |  Region   |    Type     |            Endpoint             |    Data    | Status | Status Detail
---------------------------------+--------------------------+-------------+-------+-----------+-------------+---------------------------------+------------+--------+----------------
  2025-08-13 22:04:57.972969     | azure-openai_connection  | env-a1b2c3  | aws   | us-west-2 | AZUREOPENAI | https://<your-project-endpoint> | <REDACTED> |        |
  +0000 UTC                      |                          |             |       |           |             |                                 |            |        |
  2025-08-13 21:05:15.035376     | azureopenai_connection-2 | env-a1b2c3  | aws   | us-west-2 | AZUREOPENAI | https://<your-project-endpoint> | <REDACTED> |        |
  +0000 UTC                      |                          |             |       |           |             |                                 |            |        |
";
    assert_eq!(shown, seed);
}

#[test]
fn describe_is_the_seed_table() {
    let (_, session) = seed_catalog();
    let shown = render(&ok(&session, "DESCRIBE CONNECTION `azure-openai_connection`"), OutputFormat::Human);
    // The seed's sample, with the value column as wide as its widest value (the seed's is
    // three columns wider than any value it shows: its endpoint was shortened by hand).
    let seed = "+---------------+---------------------------------+
| Creation Date | 2025-08-13 22:04:57.972969      |
|               | +0000 UTC                       |
| Name          | azure-openai_connection         |
| Environment   | env-a1b2c3                      |
| Cloud         | aws                             |
| Region        | us-west-2                       |
| Type          | AZUREOPENAI                     |
| Endpoint      | https://<your-project-endpoint> |
| Data          | <REDACTED>                      |
| Status        |                                 |
+---------------+---------------------------------+
";
    assert_eq!(shown, seed);
    // CREATE and ALTER print the same table.
    let altered = ok(&session, "ALTER CONNECTION `azure-openai_connection` SET ('api-key' = 'k3')");
    assert_eq!(render(&altered, OutputFormat::Human), seed);
}

#[test]
fn human_outputs() {
    let (catalog, session) = seed_catalog();
    insta::assert_snapshot!(
        "describe_extended",
        render(&ok(&session, "DESC CONNECTION EXTENDED `azure-openai_connection`"), OutputFormat::Human)
    );
    insta::assert_snapshot!(
        "show_filtered_empty",
        render(&ok(&session, "SHOW CONNECTIONS LIKE 'none%'"), OutputFormat::Human)
    );
    insta::assert_snapshot!(
        "show_create",
        render(&ok(&session, "SHOW CREATE CONNECTION `azure-openai_connection`"), OutputFormat::Human)
    );
    insta::assert_snapshot!(
        "if_not_exists",
        render(&ok(&session, "CREATE CONNECTION IF NOT EXISTS `azure-openai_connection` WITH ('type' = 'openai', 'endpoint' = 'e', 'api-key' = 'k')"), OutputFormat::Human)
    );
    insta::assert_snapshot!(
        "drop_if_exists",
        render(&ok(&session, "DROP CONNECTION IF EXISTS gone"), OutputFormat::Human)
    );
    insta::assert_snapshot!(
        "drop",
        render(&ok(&session, "DROP CONNECTION `azureopenai_connection-2`"), OutputFormat::Human)
    );
    // A long endpoint widens its column; a comment with spaces wraps at 30.
    let long = "CREATE CONNECTION rest_api COMMENT 'orders service used by the lookup tables of the checkout team' WITH ('type' = 'rest', 'endpoint' = 'https://orders.internal.example.com/api/v2/lookup', 'token' = 't')";
    ok(&session, long);
    insta::assert_snapshot!(
        "describe_long_values",
        render(&ok(&session, "DESCRIBE CONNECTION EXTENDED rest_api"), OutputFormat::Human)
    );
    insta::assert_snapshot!("show_two", render(&ok(&session, "SHOW CONNECTIONS"), OutputFormat::Human));
    let _ = catalog;
}

#[test]
fn json_outputs() {
    let (_, session) = seed_catalog();
    insta::assert_json_snapshot!("json_describe", json(&ok(&session, "DESCRIBE CONNECTION `azure-openai_connection`")));
    insta::assert_json_snapshot!("json_list", json(&ok(&session, "SHOW CONNECTIONS")));
    insta::assert_json_snapshot!("json_list_empty", json(&ok(&session, "SHOW CONNECTIONS LIKE 'x%'")));
    insta::assert_json_snapshot!(
        "json_show_create",
        json(&ok(&session, "SHOW CREATE CONNECTION `azure-openai_connection`"))
    );
    insta::assert_json_snapshot!(
        "json_no_op",
        json(&ok(&session, "ALTER CONNECTION IF EXISTS gone SET ('api-key' = 'k')"))
    );
    let later = session
        .clone()
        .with_clock(Arc::new(FixedClock(Timestamp::from_unix_micros(SEED_TIME.unix_micros() + 60_000_000))));
    insta::assert_json_snapshot!(
        "json_altered",
        json(&ok(&later, "ALTER CONNECTION `azure-openai_connection` SET ('api-key' = 'k9')"))
    );
    insta::assert_json_snapshot!("json_dropped", json(&ok(&later, "DROP CONNECTION `azure-openai_connection`")));
}

#[test]
fn cli_and_yaml_outputs() {
    let (_, session) = seed_catalog();
    let described = ok(&session, "DESCRIBE CONNECTION `azure-openai_connection`");
    let cli: serde_json::Value = serde_json::from_str(&render_cli(&described, OutputFormat::Json)).unwrap();
    insta::assert_json_snapshot!("cli_describe", cli);
    let listed = ok(&session, "SHOW CONNECTIONS");
    let cli: serde_json::Value = serde_json::from_str(&render_cli(&listed, OutputFormat::Json)).unwrap();
    insta::assert_json_snapshot!("cli_list", cli);
    let empty = ok(&session, "SHOW CONNECTIONS LIKE 'none'");
    assert_eq!(render_cli(&empty, OutputFormat::Json), "[]\n");
    let none = render_cli(&empty, OutputFormat::Human);
    assert!(none.starts_with("None found.\n(searched environment \""), "{none}");
    insta::assert_snapshot!("cli_describe_yaml", render_cli(&described, OutputFormat::Yaml));
    insta::assert_snapshot!("yaml_describe", render(&described, OutputFormat::Yaml));
    let dropped = ok(&session, "DROP CONNECTION `azureopenai_connection-2`");
    assert_eq!(render_cli(&dropped, OutputFormat::Human), "Deleted Flink connection \"azureopenai_connection-2\".\n");
    assert_eq!(render(&dropped, OutputFormat::Human), "Dropped connection \"azureopenai_connection-2\".\n");
}

#[test]
fn table_outputs() {
    let catalog = Arc::new(MemoryCatalog::new());
    let session = seed_session(&catalog, SEED_TIME);
    ok(&session, "CREATE CONNECTION my_mongodb_connection WITH ('type' = 'MONGODB', 'endpoint' = 'mongodb+srv://myCluster.mongodb.net/myDatabase', 'username' = 'u', 'password' = 'p')");
    let options = OptionList::from_pairs([
        ("connector", "mongodb"),
        ("mongodb.connection", "my_mongodb_connection"),
        ("mongodb.database", "sample_mflix"),
        ("mongodb.collection", "movies"),
        ("mongodb.password", "table-secret"),
    ]);
    let sql = "CREATE TABLE mongodb_movies_full_text_search (title STRING, plot STRING) WITH ('connector' = 'mongodb', 'mongodb.connection' = 'my_mongodb_connection', 'mongodb.database' = 'sample_mflix', 'mongodb.collection' = 'movies', 'mongodb.password' = 'table-secret')";
    let name = ObjectName::simple("mongodb_movies_full_text_search");
    let created = session.create_table(&name, false, &options, sql).unwrap();
    insta::assert_snapshot!("table_created", render(&created, OutputFormat::Human));
    insta::assert_json_snapshot!("json_table_created", json(&created));
    let listed = session.show_tables(None).unwrap();
    insta::assert_snapshot!("tables_listed", render(&listed, OutputFormat::Human));
    insta::assert_json_snapshot!("json_tables_listed", json(&listed));
    insta::assert_snapshot!(
        "show_create_table",
        render(&session.show_create_table(&name).unwrap(), OutputFormat::Human)
    );
    let dropped = session.drop_table(&name, false).unwrap();
    assert_eq!(render(&dropped, OutputFormat::Human), "Dropped table \"mongodb_movies_full_text_search\".\n");
    assert!(render(&session.show_tables(None).unwrap(), OutputFormat::Human).starts_with("None found.\n(searched "));
    for text in [
        render(&created, OutputFormat::Json),
        render(&created, OutputFormat::Human),
        render(&listed, OutputFormat::Yaml),
    ] {
        assert!(!text.contains("table-secret") && !text.contains("'p'"), "{text}");
    }
}

/// Display widths: CJK characters and emoji take two columns each, so every line of a table has
/// the same width on a terminal (`unicode-width`), in the list, the DESCRIBE table and a table's
/// columns.
#[test]
fn wide_characters_keep_tables_aligned() {
    let catalog = Arc::new(MemoryCatalog::new());
    let session = seed_session(&catalog, SEED_TIME);
    ok(&session, "CREATE CONNECTION `数据库连接` COMMENT '生产环境 🚀 主库' WITH ('type' = 'openai', 'endpoint' = 'https://例子.测试/v1', 'api-key' = 'k')");
    ok(&session, "CREATE CONNECTION `🚀rocket` WITH ('type' = 'openai', 'endpoint' = 'https://e', 'api-key' = 'k')");
    ok(&session, "CREATE TABLE `订单` (`编号` BIGINT COMMENT '主键 🔑', name STRING)");
    let width = |line: &str| unicode_width::UnicodeWidthStr::width(line);
    let list = render(&ok(&session, "SHOW CONNECTIONS"), OutputFormat::Human);
    let describe = render(&ok(&session, "DESCRIBE CONNECTION EXTENDED `数据库连接`"), OutputFormat::Human);
    let table = render(&ok(&session, "DESCRIBE `订单`"), OutputFormat::Human);
    // The bars of the list line up under the rule's `+`.
    let rule = list.lines().nth(1).unwrap();
    let columns: Vec<usize> = rule.char_indices().filter(|(_, c)| *c == '+').map(|(i, _)| i).collect();
    for line in list.lines().skip(2) {
        let bars: Vec<usize> = line.char_indices().filter(|(_, c)| *c == '|').map(|(i, _)| width(&line[..i])).collect();
        assert_eq!(bars, columns, "misaligned:\n{list}");
    }
    for block in [&describe, &table] {
        // Each line of a bordered table is as wide as the border above it.
        let mut border = 0;
        for line in block.lines() {
            if line.starts_with('+') {
                border = width(line);
            } else if line.starts_with('|') {
                assert_eq!(width(line), border, "misaligned:\n{block}");
            }
        }
    }
    insta::assert_snapshot!("wide_show", list);
    insta::assert_snapshot!("wide_describe", describe);
    insta::assert_snapshot!("wide_table_columns", table);
}

/// `flink-ddl connection types`: the 19 types with the keys each needs, from the registry.
#[test]
fn connection_types_table() {
    insta::assert_snapshot!("connection_types", flink_ddl_exec::render_connection_types(OutputFormat::Human));
}

/// Control characters in a name, a comment and an endpoint (ESC sequences, CR, C1, DEL, a bidi
/// override, the line separator) are shown escaped in every human output, so a shared catalog
/// cannot drive the terminal of whoever lists it; JSON keeps the exact text (it escapes them).
#[test]
fn control_characters_are_escaped_in_human_output_and_exact_in_json() {
    let catalog = Arc::new(MemoryCatalog::new());
    let session = seed_session(&catalog, SEED_TIME);
    ok(
        &session,
        "CREATE CONNECTION `evil\u{1b}[2J` COMMENT 'a\rb\u{85}c\u{7f}\u{202e}d\u{2028}e' WITH ('type' = 'openai', \
         'endpoint' = 'https://e/\u{1b}]0;title\u{7}', 'api-key' = 'k')",
    );
    let mut shown = String::new();
    for sql in
        ["DESCRIBE CONNECTION EXTENDED `evil\u{1b}[2J`", "SHOW CONNECTIONS", "SHOW CREATE CONNECTION `evil\u{1b}[2J`"]
    {
        let outcome = ok(&session, sql);
        for text in [render(&outcome, OutputFormat::Human), render_cli(&outcome, OutputFormat::Human)] {
            assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
            assert!(!text.contains(['\u{202e}', '\u{2028}']), "{text:?}");
            shown.push_str(&text);
            shown.push('\n');
        }
        if sql.starts_with("DESCRIBE") {
            let document = json(&outcome);
            let text = serde_json::to_string(&document).unwrap();
            assert!(text.contains("evil\\u001b[2J"), "{text}");
            assert!(document.to_string().contains("https://e/\\u001b]0;title\\u0007"), "{document}");
        }
    }
    insta::assert_snapshot!("control_characters_escaped", shown);
}

/// What the binary writes (`render_to`: documents serialised to the writer, some human results
/// written as they are made) is byte for byte what `render` gives, for every kind of outcome.
#[test]
fn render_to_writes_what_render_gives() {
    let session = flink_ddl_testkit::session(Arc::new(MemoryCatalog::new()));
    let statements = [
        "CREATE CONNECTION c WITH ('type' = 'openai', 'endpoint' = 'https://api.openai.com/v1/chat/completions', \
         'api-key' = 'sk-1')",
        "DESCRIBE CONNECTION EXTENDED c",
        "SHOW CONNECTIONS",
        "SHOW CREATE CONNECTION c",
        "CREATE TABLE t (a INT NOT NULL, b STRING) WITH ('connector' = 'datagen', 'password' = 'p')",
        "CREATE TABLE IF NOT EXISTS t (a INT)",
        "DESCRIBE EXTENDED t",
        "DESCRIBE t",
        "SHOW TABLES",
        "SHOW CREATE TABLE t",
        "CREATE MODEL m INPUT (x STRING) OUTPUT (y STRING) WITH ('provider' = 'openai', 'task' = 'classification', \
         'openai.connection' = 'c')",
        "DESCRIBE MODEL m",
        "SHOW MODELS",
        "SHOW CREATE MODEL m",
        "DROP MODEL m",
        "DROP TABLE t",
        "DROP CONNECTION c",
    ];
    for sql in statements {
        let outcome = ok(&session, sql);
        for format in [OutputFormat::Human, OutputFormat::Json, OutputFormat::Yaml] {
            let mut written = Vec::new();
            flink_ddl_exec::render_to(&outcome, format, &mut written).unwrap();
            assert_eq!(String::from_utf8(written).unwrap(), render(&outcome, format), "{sql}, {format:?}");
        }
    }
}
