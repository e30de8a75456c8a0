//! Unit tests of the expression parser and printer: each input parses, prints as its canonical
//! form, and the print parses back to the same tree; errors point at the problem.

use super::*;
use crate::lexical::{skip_ws, Depth, Reason, SyntaxError};
use crate::name::Ident;
use crate::print::PrintMode;
use crate::print::Printed;

fn parse(text: &str) -> Result<Expr, SyntaxError<'_>> {
    parse_with(text, Depth::default())
}

fn parse_with(text: &str, depth: Depth) -> Result<Expr, SyntaxError<'_>> {
    match expr(text, depth) {
        Ok((rest, e)) if skip_ws(rest).is_empty() => Ok(e),
        Ok((rest, _)) => Err(SyntaxError::expected(skip_ws(rest), "end of input")),
        Err(nom::Err::Error(e) | nom::Err::Failure(e)) => Err(e),
        Err(nom::Err::Incomplete(_)) => unreachable!(),
    }
}

fn printed(e: &Expr) -> String {
    Printed { node: e, mode: PrintMode::Unredacted }.to_string()
}

/// `text` parses, prints as `canonical`, and the print parses back to the same AST.
#[track_caller]
fn check(text: &str, canonical: &str) {
    let e = parse(text).unwrap_or_else(|err| panic!("{text}: {err:?}"));
    assert_eq!(printed(&e), canonical, "{text}");
    assert_eq!(parse(canonical).unwrap(), e, "{canonical}");
}

#[track_caller]
fn same(text: &str) {
    check(text, text);
}

fn col(name: &str) -> Expr {
    Expr::column(name)
}

fn num(n: &str) -> Expr {
    Expr::Literal(Literal::Number(n.into()))
}

fn chain(first: Expr, rest: Vec<(BinaryOp, Expr)>) -> Expr {
    Expr::Binary { first: Box::new(first), rest }
}

#[test]
fn literals() {
    for text in [
        "42",
        "1.5",
        ".5",
        "1.",
        "1e-3",
        "1.5E3",
        "'it''s'",
        "X'0aFF'",
        "TRUE",
        "FALSE",
        "NULL",
        "DATE '2024-01-31'",
        "TIME '12:30:00'",
        "TIMESTAMP '2024-01-31 12:30:00.123'",
        "INTERVAL '5' SECOND",
        "INTERVAL '1-2' YEAR TO MONTH",
        "INTERVAL '90' MINUTE(3)",
        "INTERVAL '1.5' SECOND(2, 3)",
        "INTERVAL '10 10:30:00.5' DAY TO SECOND(3)",
        "INTERVAL -'5' DAY",
        "CURRENT_TIMESTAMP",
        "LOCALTIMESTAMP",
        "CURRENT_DATE",
        "CURRENT_TIME",
        "LOCALTIME",
    ] {
        same(text);
    }
    check("'ab' /* joined */ 'cd'", "'abcd'");
    check("true", "TRUE");
    check("interval '5' second", "INTERVAL '5' SECOND");
    check("INTERVAL +'5' DAY", "INTERVAL '5' DAY");
    // Calcite's plural units in literals mean the singular (Flink's DESCRIBE page writes them).
    check("INTERVAL '1' SECONDS", "INTERVAL '1' SECOND");
    check("interval '1-2' years to months", "INTERVAL '1-2' YEAR TO MONTH");
    check("INTERVAL '90' Minutes(3)", "INTERVAL '90' MINUTE(3)");
    assert_eq!(parse("INTERVAL '1' SECOND").unwrap(), parse("INTERVAL '1' SECONDS").unwrap());
    check("current_timestamp", "CURRENT_TIMESTAMP");
    check("date '2024-01-01'", "DATE '2024-01-01'");
}

#[test]
fn names_and_calls() {
    for text in [
        "a",
        "t.a",
        "r.f.g.h",
        "`my col`",
        "`select`.x",
        "$rowtime",
        "PROCTIME()",
        "SOURCE_WATERMARK()",
        "TO_TIMESTAMP_LTZ(ts, 3)",
        "COUNT(*)",
        "db.my_udf(a, 'x')",
        "UPPER(TRIM(name))",
        "IF(a > 1, 'big', 'small')",
        "CURRENT_TIMESTAMP()",
        "CURRENT_ROW_TIMESTAMP()",
        "ARRAY[1, 2, 3]",
        "MAP['a', 1, 'b', 2]",
        "ROW(a, 'x')",
        "`CAST`(a)",
        "`ROW`(a)",
        "DATE_FORMAT(ts, 'yyyy-MM-dd')",
        "`map`",
        "`map`[1]",
        "map(1)",
    ] {
        same(text);
    }
    check("`UPPER`(x)", "UPPER(x)");
    check("`t`.`a`", "t.a");
    check("proctime( )", "proctime()");
    assert_eq!(parse("t.a").unwrap(), Expr::Identifier(vec![Ident::new("t"), Ident::new("a")]));
}

#[test]
fn field_and_item_access() {
    same("a[1]");
    same("m['key']");
    same("a.b[1].c");
    same("f(x).y");
    same("a[1][2]");
    same("(a).b");
    same("(-a).b");
    check("(1).b", "1 .b");
    check("(a.b)[1]", "a.b[1]");
    assert_eq!(parse("a.b.c").unwrap(), Expr::Identifier(vec!["a".into(), "b".into(), "c".into()]));
    assert_eq!(parse("(a).b").unwrap(), Expr::Field { expr: Box::new(col("a")), field: "b".into() });
    same("-a[1]");
    assert!(matches!(parse("-a[1]").unwrap(), Expr::Unary { .. }));
}

#[test]
fn precedence_of_arithmetic() {
    assert_eq!(
        parse("1 + 2 * 3").unwrap(),
        chain(num("1"), vec![(BinaryOp::Plus, chain(num("2"), vec![(BinaryOp::Multiply, num("3"))]))])
    );
    same("1 + 2 * 3");
    same("(1 + 2) * 3");
    same("a - (b - c)");
    same("a - b - c");
    check("(a - b) - c", "a - b - c");
    assert_eq!(parse("(a - b) - c").unwrap(), parse("a - b - c").unwrap());
    same("a / (b * c)");
    same("a * b / c % d");
    same("a || b || c");
    same("a + b || c");
    same("(a + b) || c");
    same("a * (b || c)");
    same("-a * b");
    same("-(a * b)");
    same("a - -1");
    check("- - a", "- -a");
    check("-(-a)", "- -a");
    same("+a");
    check("-+a", "- +a");
}

#[test]
fn precedence_of_logic_and_comparison() {
    same("a = 1 AND b = 2 OR c");
    same("a = 1 AND (b = 2 OR c)");
    same("NOT a = b");
    same("(NOT a) = b");
    same("NOT NOT a");
    same("NOT (a AND b)");
    same("NOT a AND b");
    same("a AND NOT b");
    // Flink accepts `NOT` as any operand (`a + NOT TRUE`); bare where nothing it would take in
    // follows, so a print is never nested deeper than its input.
    check("a = (NOT b)", "a = NOT b");
    same("a + NOT b");
    same("a = NOT b = c");
    same("a = (NOT b) = c");
    same("a = NOT b AND c");
    check("(a = NOT b) IS TRUE", "a = (NOT b) IS TRUE");
    same("a + (NOT b) * c");
    // The last operand of a pattern or a range is followed by what follows the predicate.
    same("a ILIKE +NOT b ILIKE c");
    same("a LIKE (NOT b) LIKE c");
    same("a BETWEEN NOT b BETWEEN c AND d AND NOT e");
    same("a BETWEEN b AND (NOT c) = d");
    check("(a BETWEEN b AND NOT c) AND d", "a BETWEEN b AND NOT c AND d");
    // `ESCAPE` is no operator: only a `LIKE` ending the pattern would take it in.
    same("a LIKE NOT b ESCAPE NOT c");
    same("a LIKE (NOT b LIKE c) ESCAPE d");
    check("a LIKE -(NOT b LIKE c ESCAPE e) ESCAPE d", "a LIKE -NOT b LIKE c ESCAPE e ESCAPE d");
    same("a LIKE b ESCAPE (NOT c) = d");
    same("a = b = c");
    same("a = (b = c)");
    same("a <> b");
    check("a != b", "a <> b");
    same("a < b AND a <= b AND a > b AND a >= b");
    same("a IS DISTINCT FROM b");
    same("a IS NOT DISTINCT FROM b + 1");
    let and = parse("a AND b AND c AND d").unwrap();
    let Expr::Binary { rest, .. } = and else { panic!() };
    assert_eq!(rest.len(), 3, "one flat chain");
}

#[test]
fn predicates() {
    for text in [
        "a IS NULL",
        "a IS NOT NULL",
        "a IS TRUE",
        "a IS NOT FALSE",
        "a IS UNKNOWN",
        "a = b IS NULL",
        "a = (b IS NULL)",
        "NOT a IS NULL",
        "(NOT a) IS NULL",
        "a IS NULL IS NULL",
        "a BETWEEN 1 AND 2",
        "a NOT BETWEEN b + 1 AND c * 2",
        "a BETWEEN SYMMETRIC 1 AND 2",
        "a BETWEEN 1 AND 2 AND c",
        "a BETWEEN (b AND c) AND d",
        "a = b BETWEEN c AND d",
        "(a = b) BETWEEN c AND d",
        "a IN (1, 2, 3)",
        "a NOT IN ('x')",
        "a IN (1) = TRUE",
        "1 + a IN (1, 2)",
        "a LIKE 'x%'",
        "a NOT LIKE 'a\\_%' ESCAPE '\\'",
        "a ILIKE 'x'",
        "a NOT ILIKE 'x'",
        "a SIMILAR TO 'x'",
        "a NOT SIMILAR TO 'x' ESCAPE '!'",
        "a LIKE 'x' = b",
        "NOT a LIKE 'x'",
        "a IS NULL = b",
        "a IS NULL * b + 1",
        "a IN (1) * 2",
        "x + (a IS NULL) * b",
        "a BETWEEN 1 AND 2 = b",
        "(a BETWEEN 1 AND 2) * b",
        "a BETWEEN 1 AND 2 * b",
        "(a LIKE 'x') || 'y'",
        "a LIKE 'x' || 'y'",
        "a IS NULL BETWEEN b AND c",
        "-(a IS NULL)",
        "NOT a BETWEEN 1 AND 2 OR b",
    ] {
        same(text);
    }
    check("(a IS NULL) = b", "a IS NULL = b");
    check("a BETWEEN ASYMMETRIC 1 AND 2", "a BETWEEN 1 AND 2");
}

#[test]
fn built_ins_with_keyword_arguments() {
    for text in [
        "EXTRACT(DAY FROM ts)",
        "EXTRACT(EPOCH FROM ts) * 1000",
        "FLOOR(ts TO MINUTE)",
        "CEIL(ts TO HOUR)",
        "FLOOR(x)",
        "CEIL(x, 2)",
        "TIMESTAMPADD(HOUR, 1, ts)",
        "TIMESTAMPDIFF(DAY, a, b)",
        "POSITION('x' IN s)",
        "POSITION((a + 1) IN s FROM 2)",
        "POSITION((a IN (1)) IN s)",
        "TRIM(s)",
        "TRIM(BOTH FROM s)",
        "TRIM(LEADING 'x' FROM s)",
        "TRIM(TRAILING ' ' FROM s || 'y')",
        "TRIM('x' FROM s)",
        "SUBSTRING(s, 1, 3)",
        "`EXTRACT`(a)",
        "`POSITION`(a, b)",
        "`TIMESTAMPADD`(epoch, 1, ts)",
        "EXTRACT(DOY FROM TIMESTAMPADD(WEEK, 1, CAST(s AS TIMESTAMP(3))))",
    ] {
        same(text);
    }
    check("ceiling(ts to day)", "CEIL(ts TO DAY)");
    check("extract(isodow from ts)", "EXTRACT(ISODOW FROM ts)");
    check("substring(s from 2 for 3)", "substring(s, 2, 3)");
    check("SUBSTRING(s FROM 2)", "SUBSTRING(s, 2)");
    check("POSITION(a, b)", "`POSITION`(a, b)");
    check("TIMESTAMPADD(x, 1, ts)", "`TIMESTAMPADD`(x, 1, ts)");
    check("POSITION(a = b)", "`POSITION`(a = b)");
    assert_eq!(parse("POSITION(a + 1 IN s)").unwrap_err().at, "s)");
    assert_eq!(parse("EXTRACT(x FROM ts)").unwrap_err().at, "x FROM ts)");
    assert_eq!(parse("FLOOR(ts TO x)").unwrap_err().at, "x)");
    assert_eq!(parse("TRIM(BOTH 'x' s)").unwrap_err().at, "s)");
}

#[test]
fn cast_and_case() {
    for text in [
        "CAST(a AS INT)",
        "CAST(a AS DECIMAL(10, 2) NOT NULL)",
        "TRY_CAST(a AS STRING)",
        "CAST(a AS ARRAY<ROW<x INT>>) IS NULL",
        "CAST(CAST(a AS STRING) AS BIGINT)",
        "CASE a WHEN 1 THEN 'x' ELSE 'y' END",
        "CASE WHEN a > 1 THEN 1 END",
        "CASE WHEN a > 1 THEN 1 WHEN a < 0 THEN -1 ELSE 0 END",
        "CASE WHEN a IS NULL THEN CAST(NULL AS INT) ELSE a + 1 END * 2",
    ] {
        same(text);
    }
    check("cast(a as integer)", "CAST(a AS INT)");
    check("CAST(a AS INT ARRAY)", "CAST(a AS ARRAY<INT>)");
}

#[test]
fn comments_between_tokens() {
    check("a /* c */ + -- line\n b", "a + b");
    check("a--c\n-b", "a - b");
}

#[test]
fn errors_point_at_the_problem() {
    let at = |text: &'static str| parse(text).unwrap_err().at;
    assert_eq!(at("a +"), "");
    assert_eq!(at("(a + b"), "");
    assert_eq!(at("f(a,)"), ",)");
    assert_eq!(parse("f(a,)").unwrap_err().reason, Reason::TrailingComma { close: "`)`" });
    assert_eq!(parse("ARRAY[1,]").unwrap_err().reason, Reason::TrailingComma { close: "`]`" });
    assert_eq!(parse("MAP[1, 2,]").unwrap_err().reason, Reason::TrailingComma { close: "`]`" });
    assert_eq!(at("CAST(a INT)"), "INT)");
    assert_eq!(at("CASE a END"), "END");
    assert_eq!(at("CASE WHEN a THEN b"), "");
    assert_eq!(at("a IS b"), "b");
    assert_eq!(at("a BETWEEN 1 OR 2"), "OR 2");
    assert_eq!(at("a IN ()"), ")");
    assert_eq!(at("MAP[1]"), "[1]");
    assert_eq!(at("X'abc'"), "X'abc'");
    assert!(matches!(parse("value").unwrap_err().reason, Reason::ReservedWord { .. }));
    assert_eq!(at("a + value"), "value");
    assert!(matches!(parse("(SELECT 1)").unwrap_err().reason, Reason::Unsupported { .. }));
    assert!(matches!(parse("EXISTS (x)").unwrap_err().reason, Reason::Unsupported { .. }));
    assert_eq!(at("a.b.c.d(1)"), "a.b.c.d(1)");
    assert_eq!(at("a."), "");
    assert_eq!(at("INTERVAL 5 SECOND"), "5 SECOND");
    assert_eq!(at("INTERVAL '5' HOUR(11)"), "11)");
    assert_eq!(at(")"), ")");
}

#[test]
fn long_chains_are_loops_not_recursion() {
    let text = vec!["1"; 100_000].join(" + ");
    let e = parse_with(&text, Depth::new(4)).unwrap();
    let Expr::Binary { rest, .. } = &e else { panic!() };
    assert_eq!(rest.len(), 99_999);
    let mixed = vec!["a * b"; 10_000].join(" - ");
    assert!(parse_with(&mixed, Depth::new(8)).is_ok());
    let logic = vec!["a = 1"; 10_000].join(" AND ");
    assert!(parse_with(&logic, Depth::new(8)).is_ok());
}

#[test]
fn nesting_is_limited_by_the_depth_budget() {
    let limit = 16;
    let deepest = |open: &str, close: &str, n: usize| format!("{}1{}", open.repeat(n), close.repeat(n));
    for (open, close) in [("(", ")"), ("f(", ")"), ("NOT ", ""), ("- ", ""), ("a[", "]"), ("CAST(", " AS INT)")] {
        let mut accepted = 0;
        for n in 0..limit + 2 {
            match parse_with(&deepest(open, close, n), Depth::new(limit)) {
                Ok(_) => accepted = n,
                Err(e) => {
                    assert_eq!(e.reason, Reason::TooDeep { limit }, "{open}");
                    break;
                }
            }
        }
        assert!(accepted > 0 && accepted < limit, "{open}: {accepted}");
    }
    let postfix = format!("a{}", "[1]".repeat(100));
    assert_eq!(parse_with(&postfix, Depth::new(limit)).unwrap_err().reason, Reason::TooDeep { limit });
    let is_chain = format!("a{}", " IS NULL".repeat(100));
    assert_eq!(parse_with(&is_chain, Depth::new(limit)).unwrap_err().reason, Reason::TooDeep { limit });
    let mixed = format!("a{}", " = b IS NULL".repeat(100));
    assert_eq!(parse_with(&mixed, Depth::new(limit)).unwrap_err().reason, Reason::TooDeep { limit });
}

#[test]
fn chains_and_binary_values_of_sensitive_keys_are_secrets() {
    use crate::{parse_statement, redact_sql};
    for sql in [
        "CREATE TABLE t AS SELECT * FROM s WHERE 'x' = 'token' = 'S3CR3T'",
        "CREATE TABLE t (a INT, h AS 'token' = X'53CE', b AS 'password' = 'S3CR3T' = 'z')",
        // A masked value that names a sensitive key is the key of the next `=`, as in the text.
        "CREATE TABLE t (a AS 'password' = 'token' = 'S3CR3T')",
        // The same when the value is joined to the next line's key across a comment.
        "CREATE TABLE t (a AS 'token' = 'one' -- note\n 'token' = 'S3CR3T' -- note\n 'x')",
    ] {
        let stmt = parse_statement(sql).unwrap();
        let shown = [stmt.to_string(), format!("{stmt:?}"), serde_json::to_string(&stmt).unwrap()];
        for surface in &shown {
            assert!(!surface.contains("S3CR3T") && !surface.contains("53CE"), "{surface}");
        }
        // The masked print is what `redact_sql` makes of the unredacted one.
        assert_eq!(stmt.to_string(), redact_sql(&stmt.unredacted().to_string()));
        assert_eq!(parse_statement(&stmt.unredacted().to_string()).unwrap(), stmt);
    }
}

#[test]
fn a_function_named_like_a_clause_word_prints_in_backticks() {
    use crate::parse_statement;
    // `AS(1)` is no call to the parser: the name must come back quoted.
    for name in ["AS", "from", "Case", "NOT"] {
        let sql = format!("CREATE TABLE t (a AS +`{name}`(1))");
        let stmt = parse_statement(&sql).unwrap();
        let printed = stmt.unredacted().to_string();
        assert!(printed.contains(&format!("`{name}`(1)")), "{printed}");
        assert_eq!(parse_statement(&printed).unwrap(), stmt);
    }
}
