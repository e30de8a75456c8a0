//! Helpers shared by the integration tests: `verified_stmt`, `one_statement_parses_to`, and the
//! proptest strategies that build random ASTs.
#![allow(dead_code)]

use flink_ddl::{
    parse_statement, AlterConnection, CreateConnection, DescribeConnection, DropConnection, Ident, LikeFilter,
    ObjectName, OptionList, ShowConnections, ShowCreateConnection, SqlOption, Statement,
};
use proptest::prelude::*;

/// Parses `sql`, which must already be canonical: printing gives it back, re-parsing the print
/// gives the same AST, and the masked print parses too.
#[track_caller]
pub fn verified_stmt(sql: &str) -> Statement {
    let stmt = parse_statement(sql).unwrap_or_else(|e| panic!("{e}"));
    let printed = stmt.unredacted().to_string();
    assert_eq!(printed, sql, "the canonical print differs from the input");
    assert_eq!(parse_statement(&printed), Ok(stmt.clone()), "re-parsing changed the AST");
    assert!(parse_statement(&stmt.to_string()).is_ok(), "the masked print must parse too");
    stmt
}

/// Parses `sql` and checks that its canonical print is `canonical` (and round-trips).
#[track_caller]
pub fn one_statement_parses_to(sql: &str, canonical: &str) -> Statement {
    let stmt = parse_statement(sql).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stmt.unredacted().to_string(), canonical);
    assert_eq!(verified_stmt(canonical), stmt);
    stmt
}

/// The error `sql` gives (it must not parse).
#[track_caller]
pub fn parse_error(sql: &str) -> flink_ddl::ParseError {
    match parse_statement(sql) {
        Ok(stmt) => panic!("expected an error, parsed {stmt:?}"),
        Err(e) => e,
    }
}

/// Text that is hard to print: quotes, backticks, backslashes, line breaks, non-ASCII, empty.
pub fn awkward_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 _.:/-]{0,16}",
        "[ -~]{0,12}",
        Just(String::new()),
        Just("it's".to_string()),
        Just("''".to_string()),
        Just("a\\b".to_string()),
        Just("line\nbreak".to_string()),
        Just("`tick`".to_string()),
        Just("-- not a comment".to_string()),
        Just("/* nor this */".to_string()),
        Just("héllo wörld ✓".to_string()),
    ]
}

/// A marker credential: any leak shows up as a substring.
pub fn credential() -> impl Strategy<Value = String> {
    "SECRET_[a-z0-9]{6,12}"
}

/// A name part: plain, reserved, keyword-like or awkward (never empty).
pub fn ident() -> impl Strategy<Value = Ident> {
    prop_oneof![
        4 => "[a-zA-Z_$][a-zA-Z0-9_$]{0,10}",
        1 => prop::sample::select(vec!["select", "TABLE", "comment", "if", "connection", "type", "Key", "value"])
            .prop_map(str::to_string),
        1 => "[ -~]{1,8}",
        1 => Just("my-conn".to_string()),
        1 => Just("odd`name".to_string()),
        1 => Just("ünïcode".to_string()),
    ]
    .prop_map(Ident::new)
}

/// A name of 1 to 3 parts.
pub fn object_name() -> impl Strategy<Value = ObjectName> {
    prop::collection::vec(ident(), 1..=3).prop_map(|parts| ObjectName::new(parts).expect("1 to 3 parts"))
}

/// An option key: connection keys in several spellings, sensitive or not, and awkward ones.
pub fn option_key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "type",
            "endpoint",
            "api-key",
            "API_KEY",
            "openai.api_key",
            "aws-access-key",
            "aws-secret-key",
            "aws-session-token",
            "service-key",
            "username",
            "password",
            "mongodb.password",
            "token",
            "token-endpoint",
            "client-id",
            "client-secret",
            "scope",
            "sse-endpoint",
            "transport-type",
            "properties.sasl.jaas.config",
            "ap-key",
        ])
        .prop_map(str::to_string),
        awkward_text(),
    ]
}

/// A non-empty option list without repeated keys (compared as connection keys are).
pub fn option_list() -> impl Strategy<Value = OptionList> {
    prop::collection::vec((option_key(), prop_oneof![awkward_text(), credential()]), 1..6).prop_map(|pairs| {
        let mut seen = std::collections::HashSet::new();
        let mut list = OptionList::new();
        for (key, value) in pairs {
            if seen.insert(key.to_lowercase().replace('_', "-")) {
                list.push(SqlOption::new(key, value));
            }
        }
        list
    })
}

fn arb_create_connection() -> impl Strategy<Value = Statement> {
    (any::<(bool, bool)>(), object_name(), prop::option::of(awkward_text()), option_list()).prop_map(
        |((or_replace, if_not_exists), name, comment, options)| {
            Statement::CreateConnection(CreateConnection {
                or_replace,
                if_not_exists: if_not_exists && !or_replace,
                name,
                comment,
                options,
            })
        },
    )
}

fn arb_alter_connection() -> impl Strategy<Value = Statement> {
    (any::<bool>(), object_name(), option_list())
        .prop_map(|(if_exists, name, options)| Statement::AlterConnection(AlterConnection { if_exists, name, options }))
}

fn arb_other_connection_statement() -> impl Strategy<Value = Statement> {
    let filter =
        prop::option::of(
            (any::<bool>(), any::<bool>(), awkward_text())
                .prop_map(|(negated, case_insensitive, pattern)| LikeFilter { negated, case_insensitive, pattern }),
        );
    prop_oneof![
        (any::<bool>(), object_name())
            .prop_map(|(if_exists, name)| Statement::DropConnection(DropConnection { if_exists, name })),
        (any::<bool>(), object_name())
            .prop_map(|(extended, name)| Statement::DescribeConnection(DescribeConnection { extended, name })),
        filter.prop_map(|filter| Statement::ShowConnections(ShowConnections { filter })),
        object_name().prop_map(|name| Statement::ShowCreateConnection(ShowCreateConnection { name })),
    ]
}

/// Any connection statement.
pub fn arb_statement() -> impl Strategy<Value = Statement> {
    prop_oneof![arb_create_connection(), arb_alter_connection(), arb_other_connection_statement()]
}

/// The credential values a statement holds (the values of its sensitive options).
pub fn secrets_in(stmt: &Statement) -> Vec<String> {
    let options = match stmt {
        Statement::CreateConnection(s) => &s.options,
        Statement::AlterConnection(s) => &s.options,
        _ => return Vec::new(),
    };
    options.iter().filter(|o| o.value().is_secret()).map(|o| o.value().expose_secret().to_string()).collect()
}
