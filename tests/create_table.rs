//! CREATE TABLE and the table statements: the seed's external table, every clause, the dialect's
//! decisions, the structural checks with their positions, and the nesting limit on a small stack.

mod common;

use common::*;
use flink_ddl::{
    parse, parse_statement, BinaryOp, Column, ColumnKind, CreateTable, DataType, Distribution, Expr, LikeFeature,
    MergingStrategy, ObjectName, ParseErrorKind, ParseOptions, Parser, Statement, TypeKind, DEFAULT_MAX_DEPTH,
};
use flink_ddl_testkit::SEED_TABLE;

fn table(sql: &str) -> CreateTable {
    match parse_statement(sql).unwrap_or_else(|e| panic!("{e}")) {
        Statement::CreateTable(table) => *table,
        other => panic!("not a CREATE TABLE: {other:?}"),
    }
}

#[test]
fn the_seed_table_is_what_the_executor_reads() {
    let table = table(SEED_TABLE);
    assert!(!table.if_not_exists);
    assert_eq!(table.name, ObjectName::simple("mongodb_movies_full_text_search"));
    assert_eq!(table.columns.len(), 2);
    assert_eq!(table.columns[0].data_type(), Some(&DataType::new(TypeKind::String)));
    assert_eq!(table.options.len(), 5);
    assert_eq!(table.options.get("connector").and_then(|v| v.as_plain()), Some("mongodb"));
    assert_eq!(table.connector(), Some("mongodb"));
    assert_eq!(table.connection(), Some("my_mongodb_connection"));
    let printed = Statement::CreateTable(Box::new(table.clone())).unredacted().to_string();
    assert_eq!(verified_stmt(&printed), Statement::CreateTable(Box::new(table)));
}

#[test]
fn every_clause_survives_the_round_trip() {
    for sql in [
        "CREATE TABLE t (a INT)",
        "CREATE TABLE IF NOT EXISTS cat.db.t (a INT NOT NULL, b STRING NULL COMMENT 'b''s comment')",
        "CREATE TABLE t (id BIGINT PRIMARY KEY NOT ENFORCED, v STRING)",
        "CREATE TABLE t (id BIGINT CONSTRAINT pk PRIMARY KEY NOT ENFORCED COMMENT 'key')",
        "CREATE TABLE t (a INT, b INT, CONSTRAINT pk PRIMARY KEY (a, b) NOT ENFORCED)",
        "CREATE TABLE t (ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL COMMENT 'kafka time', `offset` BIGINT METADATA)",
        "CREATE TABLE t (a INT, b AS a * 2 COMMENT 'twice', ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)",
        "CREATE TABLE t (a INT, PRIMARY KEY (a) NOT ENFORCED, WATERMARK FOR $rowtime AS SOURCE_WATERMARK())",
        "CREATE TABLE t (a INT) COMMENT 'c' DISTRIBUTED BY HASH(a) INTO 4 BUCKETS PARTITIONED BY (a) WITH ('k' = 'v')",
        "CREATE TABLE t (a INT) DISTRIBUTED BY (a)",
        "CREATE TABLE t (a INT) DISTRIBUTED BY HASH(a)",
        "CREATE TABLE t (a INT) DISTRIBUTED BY (a) INTO 1 BUCKETS",
        "CREATE TABLE t (a INT) DISTRIBUTED INTO 2147483647 BUCKETS",
        "CREATE TABLE t LIKE s",
        "CREATE TABLE t (WATERMARK FOR ts AS ts) WITH ('k' = 'v') LIKE c.d.s (EXCLUDING ALL INCLUDING GENERATED)",
        "CREATE TABLE t (a INT) LIKE s (INCLUDING ALL OVERWRITING OPTIONS EXCLUDING PARTITIONS INCLUDING DISTRIBUTION OVERWRITING METADATA EXCLUDING WATERMARKS INCLUDING CONSTRAINTS)",
        "CREATE TABLE t AS SELECT * FROM s",
        "CREATE TABLE t WITH ('k' = 'v') AS SELECT a, 'x;y' AS b FROM s WHERE (a > 1)",
        "CREATE TABLE t (a INT NOT NULL, PRIMARY KEY (a) NOT ENFORCED) DISTRIBUTED BY HASH(a) INTO 3 BUCKETS AS SELECT 1 AS a",
    ] {
        verified_stmt(sql);
    }
}

#[test]
fn input_forms_normalise_to_canonical_form() {
    one_statement_parses_to(
        "create table if not exists `T` (`a` integer not null, b character varying(3) array) with ('k'='v');",
        "CREATE TABLE IF NOT EXISTS T (a INT NOT NULL, b ARRAY<VARCHAR(3)>) WITH ('k' = 'v')",
    );
    one_statement_parses_to("CREATE TABLE t (a INT) WITH ()", "CREATE TABLE t (a INT)");
    one_statement_parses_to(
        "CREATE TABLE t (r ROW(a INT, b DOUBLE PRECISION), m MAP<STRING, INT MULTISET>)",
        "CREATE TABLE t (r ROW<a INT, b DOUBLE>, m MAP<STRING, MULTISET<INT>>)",
    );
    one_statement_parses_to(
        "CREATE TABLE t (a INT, b AS ((a + 1)) * (2), c AS (a) - (1 - a), d AS a != 1)",
        "CREATE TABLE t (a INT, b AS (a + 1) * 2, c AS a - (1 - a), d AS a <> 1)",
    );
    one_statement_parses_to(
        "CREATE TABLE t (ts TIMESTAMP(3) WITHOUT TIME ZONE, WATERMARK FOR ts AS ts - interval '5' second)",
        "CREATE TABLE t (ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)",
    );
    // Elements in any order print as columns, then the key, then the watermark.
    one_statement_parses_to(
        "CREATE TABLE t (WATERMARK FOR ts AS ts, PRIMARY KEY (id) NOT ENFORCED, id INT, ts TIMESTAMP(3))",
        "CREATE TABLE t (id INT, ts TIMESTAMP(3), PRIMARY KEY (id) NOT ENFORCED, WATERMARK FOR ts AS ts)",
    );
    // The query is kept verbatim, comments inside it included; the trailing one is not part of it.
    one_statement_parses_to(
        "CREATE TABLE t AS SELECT /* all */ *\n  FROM s -- trailing\n;",
        "CREATE TABLE t AS SELECT /* all */ *\n  FROM s",
    );
}

#[test]
fn precedence_and_associativity_in_computed_columns() {
    let expr = |sql: &str| match table(&format!("CREATE TABLE t (a INT, c AS {sql})")).columns.remove(1).kind {
        ColumnKind::Computed { expr } => expr,
        other => panic!("{other:?}"),
    };
    let Expr::Binary { first, rest } = expr("1 + 2 * 3 - 4") else { panic!() };
    assert_eq!(*first, Expr::Literal(flink_ddl::Literal::Number("1".into())));
    assert_eq!(rest.iter().map(|(op, _)| *op).collect::<Vec<_>>(), [BinaryOp::Plus, BinaryOp::Minus]);
    assert!(matches!(&rest[0].1, Expr::Binary { rest, .. } if rest[0].0 == BinaryOp::Multiply));
    let Expr::Binary { rest, .. } = expr("a OR b AND c") else { panic!() };
    assert_eq!(rest[0].0, BinaryOp::Or);
    assert_eq!(expr("(a - b) - c"), expr("a - b - c"));
    assert_ne!(expr("a - (b - c)"), expr("a - b - c"));
}

#[test]
fn describe_connection_and_describe_a_table() {
    assert!(matches!(parse_statement("DESCRIBE CONNECTION c").unwrap(), Statement::DescribeConnection(_)));
    assert!(matches!(parse_statement("DESC CONNECTION EXTENDED c").unwrap(), Statement::DescribeConnection(_)));
    assert!(matches!(parse_statement("DESCRIBE t").unwrap(), Statement::DescribeTable(_)));
    // As in Flink: a table called `connection` is quoted after DESCRIBE, not after DESCRIBE EXTENDED.
    one_statement_parses_to("DESC `connection`", "DESCRIBE `connection`");
    one_statement_parses_to("DESCRIBE EXTENDED connection", "DESCRIBE EXTENDED `connection`");
    one_statement_parses_to("describe `CONNECTION`.db.t", "DESCRIBE `CONNECTION`.db.t");
    assert_eq!(parse_error("DESCRIBE connection").kind(), ParseErrorKind::Syntax);
    assert_eq!(parse_error("DESCRIBE").message(), "expected a table name, found end of input");
    verified_stmt("DESCRIBE EXTENDED cat.db.t");
    verified_stmt("DESCRIBE temporary");
}

#[test]
fn the_small_table_statements() {
    verified_stmt("DROP TABLE t");
    verified_stmt("DROP TABLE IF EXISTS cat.db.t");
    verified_stmt("DROP TABLE if");
    verified_stmt("SHOW TABLES");
    verified_stmt("SHOW TABLES LIKE 'a%'");
    verified_stmt("SHOW TABLES NOT ILIKE 'A%'");
    verified_stmt("SHOW CREATE TABLE cat.db.t");
    one_statement_parses_to("show   create table `t`", "SHOW CREATE TABLE t");
    verified_stmt("SHOW TABLES FROM db");
    verified_stmt("SHOW TABLES IN cat.db NOT LIKE 'tmp%'");
    verified_stmt("SHOW TABLES FROM `my-env`.db ILIKE 'A%'");
    one_statement_parses_to("show tables in `db`", "SHOW TABLES IN db");
    // A name must follow FROM, a third part is not a database (Flink's planner says so), LIKE comes last.
    assert_eq!(parse_error("SHOW TABLES FROM").message(), "expected a database name, found end of input");
    let err = parse_error("SHOW TABLES IN a.b.c");
    assert_eq!((err.column(), err.message()), (19, "a database name has at most two parts: `catalog.database`"));
    assert_eq!(parse_error("SHOW TABLES LIKE 'a%' FROM db").column(), 23);
    assert_eq!(parse_error("DROP TEMPORARY TABLE t").kind(), ParseErrorKind::Unsupported);
    assert!(parse_error("DROP TEMPORARY TABLE t").message().contains("tables in this dialect are permanent"));
    assert!(parse_error("DROP TEMPORARY CONNECTION c").message().contains("connections in this dialect"));
    assert_eq!(
        parse_error("DROP VIEW v").message(),
        "expected `CONNECTION`, `TABLE`, `MODEL`, `TOOL` or `AGENT`, found `VIEW`"
    );
}

#[test]
fn type_parameters_are_range_checked_with_a_caret() {
    for (sql, message, column) in [
        ("CREATE TABLE t (a DECIMAL(39, 0))", "the precision of DECIMAL must be between 1 and 38", 27),
        ("CREATE TABLE t (a DECIMAL(5, 6))", "the scale of DECIMAL must be between 0 and 5", 30),
        ("CREATE TABLE t (a TIMESTAMP(10))", "the precision of TIMESTAMP must be between 0 and 9", 29),
        ("CREATE TABLE t (a TIMESTAMP_LTZ(12))", "the precision of TIMESTAMP_LTZ must be between 0 and 9", 33),
        ("CREATE TABLE t (a TIME(10))", "the precision of TIME must be between 0 and 9", 24),
        ("CREATE TABLE t (a CHAR(0))", "the length of CHAR must be between 1 and 2147483647", 24),
        ("CREATE TABLE t (a VARCHAR(2147483648))", "the length of VARCHAR must be between 1 and 2147483647", 27),
        ("CREATE TABLE t (a BINARY(0))", "the length of BINARY must be between 1 and 2147483647", 26),
        ("CREATE TABLE t (a VARBINARY(0))", "the length of VARBINARY must be between 1 and 2147483647", 29),
        ("CREATE TABLE t (a INTERVAL YEAR(5))", "the precision of YEAR must be between 1 and 4", 33),
        ("CREATE TABLE t (a INTERVAL DAY(0))", "the precision of DAY must be between 1 and 6", 32),
        ("CREATE TABLE t (a INTERVAL SECOND(10))", "the fractional precision of SECOND must be between 0 and 9", 35),
        (
            "CREATE TABLE t (a INT) DISTRIBUTED INTO 0 BUCKETS",
            "the number of buckets must be between 1 and 2147483647",
            41,
        ),
    ] {
        let err = parse_error(sql);
        assert_eq!((err.kind(), err.message(), err.column()), (ParseErrorKind::OutOfRange, message, column), "{sql}");
    }
    verified_stmt("CREATE TABLE t (a DECIMAL(38, 38), b TIMESTAMP(0), c CHAR(2147483647), d TIME(9))");
}

#[test]
fn structural_errors_point_at_the_offending_name() {
    let cases = [
        ("CREATE TABLE t (a INT, a INT)", "a INT)"),
        ("CREATE TABLE t (a INT, PRIMARY KEY (b) NOT ENFORCED)", "b) NOT ENFORCED)"),
        (
            "CREATE TABLE t (a INT PRIMARY KEY NOT ENFORCED, PRIMARY KEY (a) NOT ENFORCED)",
            "PRIMARY KEY (a) NOT ENFORCED)",
        ),
        ("CREATE TABLE t (a INT, WATERMARK FOR b AS b)", "b AS b)"),
        ("CREATE TABLE t (ts TIMESTAMP(3), WATERMARK FOR ts AS ts, WATERMARK FOR ts AS ts)", "WATERMARK FOR ts AS ts)"),
    ];
    for (sql, at) in cases {
        let err = parse_error(sql);
        assert_eq!(err.kind(), ParseErrorKind::Invalid, "{sql}: {err}");
        assert_eq!(&sql[err.offset()..], at, "{sql}");
    }
    // A key that is not NOT ENFORCED: at the key's last token, where Flink's validate() reports
    // it, and only once the statement has parsed and has one key (Flink's order).
    let without = "a primary key without `NOT ENFORCED`: not supported in this dialect; Flink does not own the \
                   data and cannot enforce a key: write `NOT ENFORCED` after the key";
    let err = parse_error("CREATE TABLE t (a INT, PRIMARY KEY (a), b INT)");
    assert_eq!((err.kind(), err.message(), err.column()), (ParseErrorKind::Unsupported, without, 38));
    let err = parse_error("CREATE TABLE t (a INT PRIMARY KEY)");
    assert_eq!((err.message(), err.column()), (without, 31));
    assert_eq!(parse_error("CREATE TABLE t (a INT PRIMARY KEY ENFORCED)").column(), 35);
    let err = parse_error("CREATE TABLE t (a INT PRIMARY KEY, PRIMARY KEY (a) NOT ENFORCED)");
    assert_eq!((err.kind(), err.column()), (ParseErrorKind::Invalid, 36));
    let err = parse_error("CREATE TABLE t (a INT, PRIMARY KEY (a)) WITH ('k' = 'v',)");
    assert_eq!((err.kind(), err.column()), (ParseErrorKind::TrailingComma, 56));
}

#[test]
fn upstream_only_forms_are_refused_with_a_hint() {
    let err = parse_error("CREATE TABLE t (a INT) USING CONNECTION c WITH ('connector' = 'jdbc')");
    assert_eq!((err.kind(), err.column()), (ParseErrorKind::Unsupported, 24));
    assert!(err.message().contains("'<connector>.connection'"), "{err}");
    let err = parse_error("CREATE TABLE t (a INT) PARTITIONED BY (a) USING CONNECTION c");
    assert_eq!(err.kind(), ParseErrorKind::Unsupported);
    for sql in [
        "CREATE TEMPORARY TABLE t (a INT)",
        "CREATE TABLE t (a INT) DISTRIBUTED BY RANGE(a)",
        "CREATE TABLE t (a INT, UNIQUE (a) NOT ENFORCED)",
        "CREATE TABLE t (a INT, CONSTRAINT u UNIQUE (a) NOT ENFORCED)",
        "CREATE TABLE t (a INT PRIMARY KEY ENFORCED)",
        "CREATE TABLE t (a RAW('java.lang.String', 'x'))",
        "CREATE TABLE t (a ARRAY<INT ARRAY>)",
        "CREATE TABLE t (a INT, b AS (SELECT 1))",
    ] {
        assert_eq!(parse_error(sql).kind(), ParseErrorKind::Unsupported, "{sql}");
    }
}

#[test]
fn create_or_replace_table_round_trips() {
    for sql in [
        "CREATE OR REPLACE TABLE t (a INT)",
        "CREATE OR REPLACE TABLE cat.db.t (a INT, PRIMARY KEY (a) NOT ENFORCED) DISTRIBUTED BY HASH(a) INTO 2 BUCKETS",
        "CREATE OR REPLACE TABLE t WITH ('probe' = 'qx') AS SELECT * FROM b",
        "CREATE OR REPLACE TABLE t (a INT) LIKE s (EXCLUDING ALL)",
        "CREATE OR REPLACE TABLE t (b, a) AS SELECT a, b FROM s",
    ] {
        let Statement::CreateTable(t) = verified_stmt(sql) else { panic!("{sql}") };
        assert!(t.or_replace && !t.if_not_exists, "{sql}");
    }
    one_statement_parses_to(
        "create or replace table r (fld string) with ('probe' = 'qx') as select fld from src",
        "CREATE OR REPLACE TABLE r (fld STRING) WITH ('probe' = 'qx') AS select fld from src",
    );
    assert!(!table("CREATE TABLE t (a INT)").or_replace);
    // Replacing and keeping an existing table contradict each other, as for connections.
    let err = parse_error("CREATE OR REPLACE TABLE IF NOT EXISTS t (a INT)");
    assert_eq!((err.kind(), err.column()), (ParseErrorKind::ConflictingClauses, 25));
    assert_eq!(err.message(), "`OR REPLACE` and `IF NOT EXISTS` cannot be used together");
}

#[test]
fn replace_table_needs_a_query() {
    for sql in [
        "REPLACE TABLE t AS SELECT * FROM b",
        "REPLACE TABLE cat.db.t WITH ('k' = 'v') AS SELECT 1",
        "REPLACE TABLE t (a STRING COMMENT 'c', PRIMARY KEY (id) NOT ENFORCED, WATERMARK FOR ts AS ts - INTERVAL '3' SECOND) \
         DISTRIBUTED BY (id) INTO 4 BUCKETS AS SELECT id, ts FROM s",
        "REPLACE TABLE t (fld) WITH ('probe' = 'qx') AS SELECT fld FROM src",
    ] {
        let Statement::ReplaceTable(t) = verified_stmt(sql) else { panic!("{sql}") };
        assert!(!t.or_replace && !t.if_not_exists && t.as_query.is_some(), "{sql}");
    }
    let stmt = one_statement_parses_to("replace table t as select 1", "REPLACE TABLE t AS select 1");
    assert!(matches!(stmt, Statement::ReplaceTable(_)));
    // Without a query there is nothing to replace the table with (Flink refuses it too); the
    // caret is where `AS` belongs.
    let err = parse_error("REPLACE TABLE t (a INT)");
    assert_eq!(
        (err.message(), err.column()),
        ("expected `AS` and a query (REPLACE TABLE ... AS SELECT ...), found end of input", 24)
    );
    let err = parse_error("REPLACE TABLE t (a INT) WITH ('k' = 'v') LIKE s");
    assert_eq!(
        (err.message(), err.column()),
        ("expected `AS` and a query (REPLACE TABLE ... AS SELECT ...), found `LIKE`", 42)
    );
    let err = parse_error("REPLACE TABLE IF NOT EXISTS t AS SELECT 1");
    assert_eq!((err.kind(), err.column()), (ParseErrorKind::ConflictingClauses, 15));
    assert_eq!(parse_error("REPLACE CONNECTION c").message(), "expected `TABLE`, found `CONNECTION`");
}

#[test]
fn a_ctas_column_list_without_types_orders_the_query_columns() {
    let Statement::CreateTable(t) = verified_stmt(
        "CREATE TABLE trips_ctas (ended_at, rate, km, trip_id) WITH ('connector' = 'kafka') \
         AS SELECT trip_id, rate, km, ended_at FROM trips_raw",
    ) else {
        panic!()
    };
    let names: Vec<&str> = t.column_names.iter().map(|n| n.as_str()).collect();
    assert_eq!(names, ["ended_at", "rate", "km", "trip_id"]);
    assert!(t.columns.is_empty() && t.primary_key.is_none() && t.watermark.is_none());
    verified_stmt("CREATE TABLE t (`select`, b) DISTRIBUTED BY (b) AS SELECT 1 AS `select`, 2 AS b");
    one_statement_parses_to("CREATE TABLE t ( a , `b` ) AS SELECT 1", "CREATE TABLE t (a, b) AS SELECT 1");

    // Only a query has columns to order (Flink: "supported on CTAS/RTAS statements only").
    let err = parse_error("CREATE TABLE t (a, h) WITH ('connector' = 'kafka')");
    assert_eq!(err.column(), 16);
    assert!(err.message().contains("needs `AS query`"), "{err}");
    let err = parse_error("CREATE TABLE t (a, h) LIKE parent_table");
    assert_eq!(err.column(), 16);
    // Bare names and column definitions do not mix; the caret is at the first type.
    let err = parse_error("CREATE TABLE t (col1, col2 int) WITH ('probe' = 'qx') AS SELECT col1 FROM b");
    assert_eq!(err.column(), 28);
    assert!(err.message().contains("cannot also define columns"), "{err}");
    let err = parse_error("CREATE TABLE t (col1 int, col2) AS SELECT col1 FROM b");
    assert_eq!((err.message(), err.column()), ("expected a data type, found `)`", 31));
    let err = parse_error("CREATE TABLE t (a, a) AS SELECT 1");
    assert_eq!((err.message(), err.column()), ("column `a` is named twice", 20));
    assert_eq!(parse_error("CREATE TABLE t (a, b,) AS SELECT 1").kind(), ParseErrorKind::TrailingComma);
}

#[test]
fn a_trailing_comma_names_the_bracket_that_closes_its_list() {
    insta::assert_snapshot!(parse_error("CREATE TABLE t (a ROW<x INT, y STRING,>)"), @r"
    trailing comma: remove the `,` before `>` (line 1, column 38)
    CREATE TABLE t (a ROW<x INT, y STRING,>)
                                         ^
    ");
    insta::assert_snapshot!(parse_error("CREATE TABLE t (a AS ARRAY[1, 2,])"), @r"
    trailing comma: remove the `,` before `]` (line 1, column 32)
    CREATE TABLE t (a AS ARRAY[1, 2,])
                                   ^
    ");
    insta::assert_snapshot!(parse_error("CREATE TABLE t (a AS f(1,), b INT)"), @r"
    trailing comma: remove the `,` before `)` (line 1, column 25)
    CREATE TABLE t (a AS f(1,), b INT)
                            ^
    ");
}

#[test]
fn the_query_of_ctas_is_balanced_and_ends_the_statement() {
    let statements = parse("CREATE TABLE a AS SELECT ';' FROM s; CREATE TABLE b AS (SELECT `)` FROM s);").unwrap();
    assert_eq!(statements.len(), 2);
    let Statement::CreateTable(b) = &statements[1] else { panic!() };
    assert_eq!(b.as_query.as_deref(), Some("(SELECT `)` FROM s)"));
    assert_eq!(parse_error("CREATE TABLE t AS SELECT f(a FROM s").column(), 27);
    assert_eq!(parse_error("CREATE TABLE t AS SELECT a) FROM s").column(), 27);
    assert_eq!(parse_error("CREATE TABLE t AS SELECT '").kind(), ParseErrorKind::UnterminatedString);
    assert_eq!(
        parse_error("CREATE TABLE t AS").message(),
        "expected a query (SELECT, WITH, VALUES, TABLE or `(`), found end of input"
    );
}

#[test]
fn table_secrets_are_masked_everywhere() {
    let sql = "CREATE TABLE t (a INT) WITH ('connector' = 'kafka', 'properties.sasl.jaas.config' = 'SECRET_jaas', 'mongodb.password' = 'SECRET_pw')";
    let stmt = parse_statement(sql).unwrap();
    for shown in [stmt.to_string(), format!("{stmt:?}"), serde_json::to_string(&stmt).unwrap()] {
        assert!(!shown.contains("SECRET_"), "{shown}");
    }
    assert!(stmt.unredacted().to_string().contains("'SECRET_jaas'"));
    let err = parse_error(&sql.replace("'SECRET_pw'", "'SECRET_pw' 'x' = 'y'"));
    assert!(!err.to_string().contains("SECRET_"), "{err}");
}

#[test]
fn connections_and_tables_mix_in_one_script() {
    let script = format!(
        "CREATE CONNECTION my_mongodb_connection WITH ('type' = 'mongodb', 'endpoint' = 'mongodb+srv://x', 'username' = 'u', 'password' = 'p');\n{SEED_TABLE}\nSHOW TABLES;\nDROP TABLE mongodb_movies_full_text_search;"
    );
    let kinds: Vec<&str> = parse(&script)
        .unwrap()
        .iter()
        .map(|s| match s {
            Statement::CreateConnection(_) => "create connection",
            Statement::CreateTable(_) => "create table",
            Statement::ShowTables(_) => "show tables",
            Statement::DropTable(_) => "drop table",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["create connection", "create table", "show tables", "drop table"]);
}

#[test]
fn a_column_can_be_built_and_printed() {
    let column = Column {
        name: "total".into(),
        kind: ColumnKind::Computed {
            expr: Expr::Binary {
                first: Box::new(Expr::column("price")),
                rest: vec![(BinaryOp::Multiply, Expr::column("qty"))],
            },
        },
        comment: None,
    };
    assert_eq!(column.to_string(), "total AS price * qty");
    let mut t = CreateTable::new(ObjectName::simple("t"));
    t.columns.push(column);
    t.distribution = Some(Distribution::Into { buckets: 2 });
    assert_eq!(
        verified_stmt(&Statement::CreateTable(Box::new(t.clone())).to_string()),
        Statement::CreateTable(Box::new(t))
    );
    let like = table("CREATE TABLE t LIKE s (EXCLUDING OPTIONS)").like.unwrap();
    assert_eq!((like.options[0].strategy, like.options[0].feature), (MergingStrategy::Excluding, LikeFeature::Options));
}

// ---- The nesting limit ----

/// Runs `f` on a thread with a 2 MiB stack, as a server's worker thread might have. A stack
/// overflow aborts the whole test binary, so passing means no level of nesting overflowed.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new().stack_size(2 * 1024 * 1024).spawn(f).unwrap().join().unwrap()
}

/// Parses, prints, re-parses, compares, clones, formats with Debug and serialises `sql` with
/// `max_depth`: the whole life of a deep statement, every traversal of
/// which recurses. Returns the parse error's kind, if any.
fn full_cycle(sql: String, max_depth: usize) -> Result<(), ParseErrorKind> {
    let parser = Parser::with_options(ParseOptions { max_depth, ..ParseOptions::default() });
    let stmt = parser.parse_statement(&sql).map_err(|e| e.kind())?;
    let printed = stmt.unredacted().to_string();
    assert_eq!(parser.parse_statement(&printed).as_ref(), Ok(&stmt.clone()));
    assert!(!format!("{stmt:?}").is_empty());
    assert!(serde_json::to_string(&stmt).is_ok());
    Ok(())
}

/// Whether `sql` parses with `max_depth`.
fn parses(sql: &str, max_depth: usize) -> bool {
    Parser::new().with_max_depth(max_depth).parse_statement(sql).is_ok()
}

fn nested(kind: &str, n: usize) -> String {
    match kind {
        "parentheses" => format!("CREATE TABLE t (a INT, b AS {}a{})", "(".repeat(n), ")".repeat(n)),
        "calls" => format!("CREATE TABLE t (a INT, b AS {}a{})", "f(".repeat(n), ")".repeat(n)),
        "casts" => format!("CREATE TABLE t (a INT, b AS {}a{})", "CAST(".repeat(n), " AS INT)".repeat(n)),
        "not" => format!("CREATE TABLE t (a INT, b AS {}a)", "NOT ".repeat(n)),
        "minus" => format!("CREATE TABLE t (a INT, b AS {}a)", "- ".repeat(n)),
        "case" => format!("CREATE TABLE t (a INT, b AS {}a{})", "CASE WHEN ".repeat(n), " THEN 1 END".repeat(n)),
        "items" => format!("CREATE TABLE t (a INT, b AS a{})", "[1]".repeat(n)),
        "watermark" => format!("CREATE TABLE t (a INT, WATERMARK FOR a AS {}a{})", "(".repeat(n), ")".repeat(n)),
        "arrays" => format!("CREATE TABLE t (a {}INT{})", "ARRAY<".repeat(n), ">".repeat(n)),
        "postfix arrays" => format!("CREATE TABLE t (a INT{})", " ARRAY".repeat(n)),
        "rows" => format!("CREATE TABLE t (a {}INT{})", "ROW<x ".repeat(n), ">".repeat(n)),
        "maps" => format!("CREATE TABLE t (a {}INT{})", "MAP<INT, ".repeat(n), ">".repeat(n)),
        "cast types" => format!("CREATE TABLE t (a INT, b AS CAST(a AS {}INT{}))", "ARRAY<".repeat(n), ">".repeat(n)),
        "floor" => format!("CREATE TABLE t (a INT, b AS {}a{})", "FLOOR(".repeat(n), " TO DAY)".repeat(n)),
        "position" => format!("CREATE TABLE t (a INT, b AS {}a{})", "POSITION('x' IN ".repeat(n), ")".repeat(n)),
        "trim" => format!("CREATE TABLE t (a INT, b AS {}a{})", "TRIM(BOTH 'x' FROM ".repeat(n), ")".repeat(n)),
        "extract" => format!("CREATE TABLE t (a INT, b AS {}a{})", "EXTRACT(DAY FROM ".repeat(n), ")".repeat(n)),
        other => unreachable!("{other}"),
    }
}

const NESTING_KINDS: [&str; 17] = [
    "parentheses",
    "calls",
    "casts",
    "not",
    "minus",
    "case",
    "items",
    "watermark",
    "arrays",
    "postfix arrays",
    "rows",
    "maps",
    "cast types",
    "floor",
    "position",
    "trim",
    "extract",
];

#[test]
fn nesting_100_000_deep_is_a_clean_error_on_a_2_mib_stack() {
    for kind in NESTING_KINDS {
        let result = on_small_stack(move || full_cycle(nested(kind, 100_000), DEFAULT_MAX_DEPTH));
        assert_eq!(result, Err(ParseErrorKind::TooDeep), "{kind}");
    }
}

#[test]
fn the_deepest_accepted_level_and_one_past_it_on_a_2_mib_stack() {
    // The outermost type or expression is a level itself: with a limit of 128, `ARRAY<` or `(`
    // nest 127 times inside a column.
    for kind in ["parentheses", "calls", "casts", "not", "minus", "case", "watermark", "arrays", "rows", "maps"] {
        let deepest = DEFAULT_MAX_DEPTH - 1;
        assert_eq!(on_small_stack(move || full_cycle(nested(kind, deepest), DEFAULT_MAX_DEPTH)), Ok(()), "{kind}");
        let past = DEFAULT_MAX_DEPTH;
        let result = on_small_stack(move || full_cycle(nested(kind, past), DEFAULT_MAX_DEPTH));
        assert_eq!(result, Err(ParseErrorKind::TooDeep), "{kind}");
    }
    // Every kind, at whatever level is its deepest, fits the stack.
    for kind in NESTING_KINDS {
        // Deeper input never parses where shallower input does not: search for the boundary.
        let (mut ok, mut too_deep) = (0, DEFAULT_MAX_DEPTH + 1);
        while too_deep - ok > 1 {
            let mid = (ok + too_deep) / 2;
            if parses(&nested(kind, mid), DEFAULT_MAX_DEPTH) {
                ok = mid;
            } else {
                too_deep = mid;
            }
        }
        let deepest = ok;
        assert!(deepest >= DEFAULT_MAX_DEPTH / 3, "{kind}: only {deepest} levels");
        assert_eq!(on_small_stack(move || full_cycle(nested(kind, deepest), DEFAULT_MAX_DEPTH)), Ok(()), "{kind}");
    }
}

#[test]
fn pretty_debug_of_the_deepest_statement_fits_the_stack() {
    // `{:#?}` (what insta snapshots use) nests a padding adapter per level: more stack per level.
    for kind in ["parentheses", "arrays"] {
        let sql = nested(kind, DEFAULT_MAX_DEPTH - 1);
        let shown = on_small_stack(move || format!("{:#?}", parse_statement(&sql).unwrap()));
        assert!(shown.contains("Int") || shown.contains("Identifier"));
    }
}

#[test]
fn the_limit_is_configurable() {
    assert_eq!(full_cycle(nested("parentheses", 9), 10), Ok(()));
    assert_eq!(full_cycle(nested("parentheses", 10), 10), Err(ParseErrorKind::TooDeep));
    assert_eq!(full_cycle(nested("arrays", 9), 10), Ok(()));
    assert_eq!(full_cycle(nested("arrays", 10), 10), Err(ParseErrorKind::TooDeep));
    let err = Parser::new().with_max_depth(5).parse_statement(&nested("arrays", 5)).unwrap_err();
    assert_eq!(err.message(), "nesting is deeper than the limit of 5 levels (raise it with ParseOptions::max_depth)");
}

#[test]
fn long_operator_chains_are_not_nesting() {
    for (operator, operand, terms) in
        [(" + ", "1", 100_000), (" || ", "'x'", 20_000), (" AND ", "a = 1", 20_000), (" OR ", "a IS NULL", 20_000)]
    {
        let sql = format!("CREATE TABLE t (a INT, b AS {})", vec![operand; terms].join(operator));
        let cycle = move || {
            let stmt = parse_statement(&sql).unwrap();
            assert_eq!(parse_statement(&stmt.unredacted().to_string()).as_ref(), Ok(&stmt.clone()));
            assert!(!format!("{stmt:?}").is_empty() && serde_json::to_string(&stmt).is_ok());
        };
        on_small_stack(cycle);
    }
    let columns: Vec<String> = (0..10_000).map(|n| format!("c{n} ARRAY<ROW<x INT, y MAP<STRING, INT>>>")).collect();
    let sql = format!("CREATE TABLE wide ({})", columns.join(", "));
    assert!(on_small_stack(move || parse_statement(&sql).is_ok()));
}

#[test]
fn every_prefix_of_the_corpus_parses_or_fails_cleanly() {
    // Cutting a statement anywhere must give statements or an error, never a panic; the error's
    // position must be inside the text.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ok");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if !path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("table")) {
            continue;
        }
        let sql = std::fs::read_to_string(&path).unwrap();
        for (cut, _) in sql.char_indices().step_by(3) {
            let prefix = &sql[..cut];
            if let Err(err) = parse(prefix) {
                assert!(err.offset() <= prefix.len(), "{}: {cut}", path.display());
                assert!(!err.to_string().is_empty());
            }
            checked += 1;
        }
    }
    assert!(checked > 1000);
}

/// Typical mistakes in the documentation's statements: the caret goes on the offending token
/// (or right after the last one when something is missing at the end), on the right line, and
/// the message says what was expected, suggesting the keyword a misspelled word is close to.
#[test]
fn typical_mistakes_put_the_caret_where_a_person_would() {
    let cases: &[(&str, (usize, usize), &str)] = &[
        // A missing comma between columns: at the column that follows.
        ("CREATE TABLE t (\n  a INT\n  b STRING\n)", (3, 3), "expected `,` or `)`, found a name"),
        // A missing closing parenthesis: right after the last token.
        ("CREATE TABLE t (\n  a INT,\n  b STRING\n", (3, 11), "expected `,` or `)`, found end of input"),
        // Misspelled keywords: at the word, with the keyword it is close to.
        ("CREATE TABEL t (a INT)", (1, 8), "`MODEL`, `TOOL` or `AGENT`, found a name; did you mean `TABLE`?"),
        ("CREATE TABLE t (a VARCAHR(10))", (1, 19), "expected a data type, found a name; did you mean `VARCHAR`?"),
        ("CREATE TABLE t (a INTEGR)", (1, 19), "expected a data type, found a name; did you mean `INTEGER`?"),
        (
            "CREATE TABLE t (\n  a INT,\n  PRIMAY KEY (a) NOT ENFORCED\n)",
            (3, 3),
            "expected a column, `WATERMARK` or `PRIMARY KEY`, found a name; did you mean `PRIMARY`?",
        ),
        (
            "CREATE TABLE t (ts TIMESTAMP(3), WATERMAK FOR ts AS ts)",
            (1, 34),
            "expected a column, `WATERMARK` or `PRIMARY KEY`, found a name; did you mean `WATERMARK`?",
        ),
        (
            "CREATE TABLE t (a INT)\nWIHT ('connector' = 'kafka')",
            (2, 1),
            "expected a clause (`COMMENT`, `DISTRIBUTED BY`, `PARTITIONED BY`, `WITH`, `LIKE` or `AS`), `;` or end \
             of input, found a name; did you mean `WITH`?",
        ),
        ("CREATE TABLE t (a INT) PARTITION BY (a)", (1, 24), "did you mean `PARTITIONED`?"),
        ("CREATE TABLE t (a INT, PRIMARY KEY (a) NOT ENFROCED)", (1, 44), "expected `ENFORCED`, found a name"),
        ("CREATE TABLE t (a INT) DISTRIBUTED INTO 4 BUCKET", (1, 43), "expected `BUCKETS`, found a name"),
        ("SHOW CONNECTION", (1, 6), "did you mean `CONNECTIONS`?"),
        (
            "CREATE TABLE t (ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECONDZ)",
            (1, 72),
            "did you mean `SECOND`?",
        ),
        // An unterminated string: at its opening quote.
        ("CREATE TABLE t (a INT) WITH (\n  'connector' = 'kafka\n)", (2, 17), "unterminated string literal"),
        // A parameter out of range: at the number, naming the range.
        ("CREATE TABLE t (a DECIMAL(50, 2))", (1, 27), "the precision of DECIMAL must be between 1 and 38"),
        ("CREATE TABLE t (ts TIMESTAMP_LTZ(12))", (1, 34), "the precision of TIMESTAMP_LTZ must be between 0 and 9"),
        ("CREATE TABLE t (m MAP<STRING>)", (1, 29), "expected `,` and the value type (`MAP<key, value>`), found `>`"),
        // A key without NOT ENFORCED: at the key's last token, as Flink's validate() says it.
        ("CREATE TABLE t (a INT, PRIMARY KEY (a))", (1, 38), "a primary key without `NOT ENFORCED`"),
        // A trailing comma: at the comma.
        ("CREATE TABLE t (\n  a INT,\n)", (2, 8), "trailing comma"),
        // A hyphenated name: at the hyphen, suggesting backticks.
        ("CREATE CONNECTION my-conn WITH ('type' = 'openai')", (1, 21), "`my-conn`"),
        // A stray word where the column list belongs, or a stray quote.
        ("CREATE TABLE t x (a INT)", (1, 16), "expected a column list `( ... )`, found a name"),
        ("CREATE TABLE t` (a INT)", (1, 15), "expected a column list `( ... )`, found a quoted name"),
    ];
    for &(sql, (line, column), message) in cases {
        let err = parse_error(sql);
        assert_eq!((err.line(), err.column()), (line, column), "{sql}\n{err}");
        assert!(err.message().contains(message), "{sql}\n{err}");
    }
    // No suggestion when nothing expected is close, or when the one keyword expected says it.
    assert!(!parse_error("CREATE ORDERS t (a INT)").message().contains("did you mean"));
    assert!(!parse_error("CREATE TABLE t (a INT, PRIMARY KEY (a) NOT ENFROCED)").message().contains("did you mean"));
}

#[test]
fn variant_and_bitmap_are_types_and_other_names_are_not() {
    verified_stmt("CREATE TABLE t (v VARIANT, w VARIANT NOT NULL, b BITMAP, c BITMAP NOT NULL, d ARRAY<VARIANT>)");
    one_statement_parses_to("create table t (v variant, b bitmap null)", "CREATE TABLE t (v VARIANT, b BITMAP NULL)");
    // A user-defined type, which Flink's parser takes: refused at the name, with the reason.
    for (sql, column) in [
        ("CREATE TABLE t (a MyType)", 19),
        ("CREATE TABLE t (a cat.db.MyType)", 19),
        ("CREATE TABLE t (a ARRAY<`MyType`>)", 25),
        ("CREATE TABLE t (a INT, b AS CAST(a AS Shape))", 39),
    ] {
        let err = parse_error(sql);
        assert_eq!((err.kind(), err.column()), (ParseErrorKind::Unsupported, column), "{sql}");
        assert!(err.message().starts_with("user-defined types: not supported"), "{sql}: {}", err.message());
    }
    // A misspelt type name still gets its suggestion.
    assert_eq!(
        parse_error("CREATE TABLE t (a BITMPA)").message(),
        "expected a data type, found a name; did you mean `BITMAP`?"
    );
}

#[test]
fn flink_forms_found_by_the_differential_check() {
    // `(a, b)` in an expression is Calcite's implicit ROW constructor; Flink prints it ROW(...).
    one_statement_parses_to("CREATE TABLE t (a INT, b AS (a, 3))", "CREATE TABLE t (a INT, b AS ROW(a, 3))");
    one_statement_parses_to("CREATE TABLE t (a INT, b AS ((a, 'x')))", "CREATE TABLE t (a INT, b AS ROW(a, 'x'))");
    assert_eq!(parse_error("CREATE TABLE t (a INT, b AS (a, ))").kind(), ParseErrorKind::TrailingComma);
    // UNIQUE on a column is refused as the table constraint is.
    let err = parse_error("CREATE TABLE t (a INT UNIQUE, b INT)");
    assert_eq!((err.kind(), err.column()), (ParseErrorKind::Unsupported, 23));
    // A clause word is no function name, even before `(` (Flink: "incorrect syntax near AS").
    assert_eq!(parse_error("CREATE TABLE t (a INT, b AS AS (a, 3))").column(), 29);
    one_statement_parses_to("CREATE TABLE t (a INT, b AS upper(a))", "CREATE TABLE t (a INT, b AS upper(a))");
    // Adjacent literals join in a metadata key, as in option keys and values.
    one_statement_parses_to(
        "CREATE TABLE t (ts TIMESTAMP_LTZ(3) METADATA FROM 'time' 'stamp')",
        "CREATE TABLE t (ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp')",
    );
}
