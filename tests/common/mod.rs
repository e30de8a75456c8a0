//! Helpers shared by the language's integration tests: `verified_stmt`, `one_statement_parses_to`,
//! and the proptest strategies that build random ASTs. (What the packages'
//! tests share, seeded random numbers and sessions, is the `flink-ddl-testkit` package.)
#![allow(dead_code)]

use flink_ddl::{
    parse_statement, AlterConnection, Between, BinaryOp, Case, Cast, Column, ColumnKind, CreateConnection, CreateTable,
    DataType, DescribeConnection, DescribeTable, Distribution, DropConnection, DropTable, Expr, FromDatabase, FromOrIn,
    Function, FunctionArgs, Ident, InlinePrimaryKey, IntervalLiteral, IntervalQualifier, IsTest, Like, LikeFeature,
    LikeFilter, LikeKind, LikeOption, Literal, MergingStrategy, Niladic, Nullability, ObjectName, OptionList,
    PrimaryKey, RowField, ShowConnections, ShowCreateConnection, ShowCreateTable, ShowTables, SqlOption, Statement,
    TableLike, TimeUnit, TimeZone, TypeKind, UnaryOp, Watermark,
};
use flink_ddl::{
    AgentDefinition, AlterAction, AlterAgent, AlterAgentAction, AlterModel, AlterTool, CreateAgent, CreateModel,
    CreateTool, DescribeAgent, DescribeModel, DescribeTool, DropAgent, DropModel, DropTool, ModelName, ModelVersion,
    ShowAgents, ShowCreateAgent, ShowCreateModel, ShowCreateTool, ShowModels, ShowTools, ToolSource,
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
        1 => Just("ünïcode".to_string()),]
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

/// `[NOT] LIKE | ILIKE 'pattern'` of SHOW CONNECTIONS and SHOW TABLES, or none.
fn like_filter() -> impl Strategy<Value = Option<LikeFilter>> {
    prop::option::of((any::<bool>(), any::<bool>(), awkward_text()).prop_map(
        |(negated, case_insensitive, mut pattern)| {
            // A pattern ending in an unpaired `\` escapes nothing and is refused by the parser;
            // pairing it keeps the generated statement valid.
            if pattern.chars().rev().take_while(|c| *c == '\\').count() % 2 == 1 {
                pattern.push('\\');
            }
            LikeFilter { negated, case_insensitive, pattern }
        },
    ))
}

fn arb_other_connection_statement() -> impl Strategy<Value = Statement> {
    let filter = like_filter();
    prop_oneof![
        (any::<bool>(), object_name())
            .prop_map(|(if_exists, name)| Statement::DropConnection(DropConnection { if_exists, name })),
        (any::<bool>(), object_name())
            .prop_map(|(extended, name)| Statement::DescribeConnection(DescribeConnection { extended, name })),
        filter.prop_map(|filter| Statement::ShowConnections(ShowConnections { filter })),
        object_name().prop_map(|name| Statement::ShowCreateConnection(ShowCreateConnection { name })),
    ]
}

/// Any statement: connection statements, CREATE TABLE and the table statements.
pub fn arb_statement() -> impl Strategy<Value = Statement> {
    prop_oneof![
        1 => arb_create_connection(),
        1 => arb_alter_connection(),
        1 => arb_other_connection_statement(),
        2 => arb_create_table().prop_map(|t| Statement::CreateTable(Box::new(t))),
        1 => arb_replace_table(),
        1 => arb_table_statement(),
        1 => arb_model_statement(),
        1 => arb_tool_statement(),
        1 => arb_agent_statement(),]
}

/// The credential values a statement holds (the values of its sensitive options).
pub fn secrets_in(stmt: &Statement) -> Vec<String> {
    let options = match stmt {
        Statement::CreateConnection(s) => &s.options,
        Statement::AlterConnection(s) => &s.options,
        Statement::CreateTable(s) | Statement::ReplaceTable(s) => &s.options,
        Statement::CreateModel(s) => &s.options,
        Statement::CreateTool(s) => &s.options,
        Statement::CreateAgent(s) => &s.options,
        Statement::AlterModel(AlterModel { action: AlterAction::Set(options), .. })
        | Statement::AlterTool(AlterTool { action: AlterAction::Set(options), .. })
        | Statement::AlterAgent(AlterAgent { action: AlterAgentAction::SetOptions(options), .. }) => options,
        _ => return Vec::new(),
    };
    options.iter().filter(|o| o.value().is_secret()).map(|o| o.value().expose_secret().to_string()).collect()
}

// ---- Data types ----

fn optional<T: std::fmt::Debug + Clone>(strategy: impl Strategy<Value = T>) -> impl Strategy<Value = Option<T>> {
    prop::option::of(strategy)
}

fn nullability() -> impl Strategy<Value = Nullability> {
    prop_oneof![Just(Nullability::Unspecified), Just(Nullability::Null), Just(Nullability::NotNull)]
}

/// An interval qualifier of a type (docs/dialect.md#data-types): only the forms and precisions it lists.
pub fn type_interval_qualifier() -> impl Strategy<Value = IntervalQualifier> {
    let q = |start, start_precision, end, fractional_precision| IntervalQualifier {
        start,
        start_precision,
        end,
        fractional_precision,
    };
    prop_oneof![
        (optional(1u32..=4), any::<bool>()).prop_map(move |(p, to_month)| q(
            TimeUnit::Year,
            p,
            to_month.then_some(TimeUnit::Month),
            None
        )),
        Just(q(TimeUnit::Month, None, None, None)),
        (
            optional(1u32..=6),
            prop::sample::select(vec![None, Some(TimeUnit::Hour), Some(TimeUnit::Minute), Some(TimeUnit::Second)]),
            optional(0u32..=9)
        )
            .prop_map(move |(p, end, f)| q(TimeUnit::Day, p, end, f.filter(|_| end == Some(TimeUnit::Second)))),
        (prop::sample::select(vec![None, Some(TimeUnit::Minute), Some(TimeUnit::Second)]), optional(0u32..=9))
            .prop_map(move |(end, f)| q(TimeUnit::Hour, None, end, f.filter(|_| end == Some(TimeUnit::Second)))),
        (any::<bool>(), optional(0u32..=9)).prop_map(move |(to_second, f)| {
            q(TimeUnit::Minute, None, to_second.then_some(TimeUnit::Second), f.filter(|_| to_second))
        }),
        optional(0u32..=9).prop_map(move |f| q(TimeUnit::Second, None, None, f)),
    ]
}

fn scalar_type() -> impl Strategy<Value = TypeKind> {
    let length = || optional(prop_oneof![1u32..=300, Just(2_147_483_647u32)]);
    let time_precision = || optional(0u32..=9);
    prop_oneof![
        length().prop_map(TypeKind::Char),
        length().prop_map(TypeKind::Varchar),
        Just(TypeKind::String),
        length().prop_map(TypeKind::Binary),
        length().prop_map(TypeKind::Varbinary),
        Just(TypeKind::Bytes),
        Just(TypeKind::TinyInt),
        Just(TypeKind::SmallInt),
        Just(TypeKind::Int),
        Just(TypeKind::BigInt),
        Just(TypeKind::Decimal { precision: None, scale: None }),
        (1u32..=38)
            .prop_flat_map(|p| optional(0..=p).prop_map(move |scale| TypeKind::Decimal { precision: Some(p), scale })),
        Just(TypeKind::Float),
        Just(TypeKind::Double),
        Just(TypeKind::Boolean),
        Just(TypeKind::Null),
        Just(TypeKind::Variant),
        Just(TypeKind::Bitmap),
        Just(TypeKind::Date),
        time_precision().prop_map(TypeKind::Time),
        (time_precision(), prop::sample::select(vec![TimeZone::Without, TimeZone::WithLocal, TimeZone::With]))
            .prop_map(|(precision, time_zone)| TypeKind::Timestamp { precision, time_zone }),
        time_precision().prop_map(TypeKind::TimestampLtz),
        type_interval_qualifier().prop_map(TypeKind::Interval),
    ]
}

/// Any data type, nested a few levels.
pub fn data_type() -> impl Strategy<Value = DataType> {
    let leaf = (scalar_type(), nullability()).prop_map(|(kind, nullability)| DataType { kind, nullability });
    leaf.prop_recursive(3, 16, 3, |inner| {
        let field = (ident(), inner.clone(), optional(awkward_text()))
            .prop_map(|(name, data_type, description)| RowField { name, data_type, description });
        let kind = prop_oneof![
            inner.clone().prop_map(|t| TypeKind::Array(Box::new(t))),
            inner.clone().prop_map(|t| TypeKind::Multiset(Box::new(t))),
            (inner.clone(), inner).prop_map(|(k, v)| TypeKind::Map { key: Box::new(k), value: Box::new(v) }),
            prop::collection::vec(field, 0..3).prop_map(TypeKind::Row),
        ];
        (kind, nullability()).prop_map(|(kind, nullability)| DataType { kind, nullability })
    })
}

// ---- Expressions ----

fn time_unit() -> impl Strategy<Value = TimeUnit> {
    prop::sample::select(vec![
        TimeUnit::Year,
        TimeUnit::Month,
        TimeUnit::Day,
        TimeUnit::Hour,
        TimeUnit::Minute,
        TimeUnit::Second,
    ])
}

/// An interval qualifier of a literal: a leading precision on any unit (Calcite's rules).
fn literal_interval_qualifier() -> impl Strategy<Value = IntervalQualifier> {
    (time_unit(), optional(1u32..=10), any::<u8>(), optional(0u32..=9)).prop_map(|(start, p, pick, f)| {
        use TimeUnit::*;
        let ends: &[TimeUnit] = match start {
            Year => &[Month],
            Day => &[Hour, Minute, Second],
            Hour => &[Minute, Second],
            Minute => &[Second],
            Month | Second => &[],
        };
        let end = (!ends.is_empty() && pick % 2 == 0).then(|| ends[usize::from(pick / 2) % ends.len()]);
        // A fraction goes with the last unit when it is SECOND (and, on a lone SECOND, after a
        // leading precision: `SECOND(p, f)`).
        let fractional = match (start, end) {
            (_, Some(Second)) => f,
            (Second, None) if p.is_some() => f,
            _ => None,
        };
        IntervalQualifier { start, start_precision: p, end, fractional_precision: fractional }
    })
}

fn literal() -> impl Strategy<Value = Literal> {
    prop_oneof![
        3 => prop_oneof!["[0-9]{1,6}", "[0-9]{1,3}\\.[0-9]{0,3}", "\\.[0-9]{1,3}", "[1-9]e-?[0-9]", "[1-9]\\.5E[0-9]{1,2}"]
            .prop_map(Literal::Number),
        // A literal naming a sensitive key would make the parser read the literal after a `=`
        // as a credential (`Literal::Secret`); `tests/redaction.rs` covers that form.
        2 => awkward_text().prop_filter("a sensitive key", |t| !flink_ddl::is_sensitive_key(t)).prop_map(Literal::String),
        1 => "([0-9a-fA-F]{2}){0,3}".prop_map(Literal::Binary),
        1 => any::<bool>().prop_map(Literal::Boolean),
        1 => Just(Literal::Null),
        1 => awkward_text().prop_filter("a sensitive key", |t| !flink_ddl::is_sensitive_key(t)).prop_map(Literal::Date),
        1 => awkward_text().prop_filter("a sensitive key", |t| !flink_ddl::is_sensitive_key(t)).prop_map(Literal::Time),
        1 => awkward_text().prop_filter("a sensitive key", |t| !flink_ddl::is_sensitive_key(t)).prop_map(Literal::Timestamp),
        1 => (any::<bool>(), awkward_text(), literal_interval_qualifier())
            .prop_map(|(negative, value, qualifier)| Literal::Interval(IntervalLiteral { negative, value, qualifier })),]
}

fn binary_ops_of_one_level() -> impl Strategy<Value = Vec<BinaryOp>> {
    use BinaryOp::*;
    let levels: Vec<Vec<BinaryOp>> = vec![
        vec![Or],
        vec![And],
        vec![Eq, NotEq, Lt, LtEq, Gt, GtEq, IsDistinctFrom, IsNotDistinctFrom],
        vec![Plus, Minus],
        vec![Multiply, Divide, Modulo, Concat],
    ];
    prop::sample::select(levels).prop_flat_map(|ops| prop::collection::vec(prop::sample::select(ops), 1..4))
}

fn level(op: BinaryOp) -> u8 {
    use BinaryOp::*;
    match op {
        Or => 1,
        And => 2,
        Eq | NotEq | Lt | LtEq | Gt | GtEq | IsDistinctFrom | IsNotDistinctFrom => 5,
        Plus | Minus => 7,
        Multiply | Divide | Modulo | Concat => 8,
    }
}

/// A chain as the parser builds it: a first operand that is a chain of the same level is merged
/// into the new one (`(a + b) + c` is `a + b + c`).
fn chain(first: Expr, ops: Vec<BinaryOp>, operands: Vec<Expr>) -> Expr {
    let rest: Vec<(BinaryOp, Expr)> = ops.into_iter().zip(operands).collect();
    match first {
        Expr::Binary { first, rest: mut earlier }
            if earlier.first().map(|(op, _)| level(*op)) == rest.first().map(|(op, _)| level(*op)) =>
        {
            earlier.extend(rest);
            Expr::Binary { first, rest: earlier }
        }
        first => Expr::Binary { first: Box::new(first), rest },
    }
}

/// Any expression, nested a few levels.
pub fn expr() -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        3 => literal().prop_map(Expr::Literal),
        3 => prop::collection::vec(ident(), 1..3).prop_map(Expr::Identifier),
        1 => prop::sample::select(vec![
            Niladic::CurrentDate,
            Niladic::CurrentTime,
            Niladic::CurrentTimestamp,
            Niladic::LocalTime,
            Niladic::LocalTimestamp,
        ])
        .prop_map(Expr::Niladic),];
    leaf.prop_recursive(4, 24, 3, |inner| {
        let list = || prop::collection::vec(inner.clone(), 1..3);
        prop_oneof![
            3 => (inner.clone(), binary_ops_of_one_level(), list()).prop_map(|(first, ops, operands)| {
                let n = ops.len().min(operands.len());
                chain(first, ops[..n].to_vec(), operands[..n].to_vec())
            }),
            1 => (prop::sample::select(vec![UnaryOp::Not, UnaryOp::Minus, UnaryOp::Plus]), inner.clone())
                .prop_map(|(op, e)| Expr::Unary { op, expr: Box::new(e) }),
            1 => (object_name(), prop_oneof![Just(FunctionArgs::Star), prop::collection::vec(inner.clone(), 0..3).prop_map(FunctionArgs::List)])
                .prop_map(|(name, args)| Expr::Function(Box::new(Function { name, args }))),
            1 => (any::<bool>(), inner.clone(), data_type())
                .prop_map(|(try_cast, expr, data_type)| Expr::Cast(Box::new(Cast { try_cast, expr, data_type }))),
            1 => (optional(inner.clone()), prop::collection::vec((inner.clone(), inner.clone()), 1..3), optional(inner.clone()))
                .prop_map(|(operand, when_then, else_result)| Expr::Case(Box::new(Case { operand, when_then, else_result }))),
            1 => (inner.clone(), any::<bool>(), prop::sample::select(vec![IsTest::Null, IsTest::True, IsTest::False, IsTest::Unknown]))
                .prop_map(|(e, negated, test)| Expr::Is { expr: Box::new(e), negated, test }),
            1 => (inner.clone(), any::<(bool, bool)>(), inner.clone(), inner.clone()).prop_map(
                |(expr, (negated, symmetric), low, high)| Expr::Between(Box::new(Between { expr, negated, symmetric, low, high }))
            ),
            1 => (inner.clone(), any::<bool>(), list()).prop_map(|(e, negated, list)| Expr::InList { expr: Box::new(e), negated, list }),
            1 => (inner.clone(), any::<bool>(), prop::sample::select(vec![LikeKind::Like, LikeKind::Ilike, LikeKind::SimilarTo]), inner.clone(), optional(inner.clone()))
                .prop_map(|(expr, negated, kind, pattern, escape)| Expr::Like(Box::new(Like { expr, negated, kind, pattern, escape }))),
            1 => (inner.clone(), ident()).prop_map(|(e, field)| Expr::Field { expr: Box::new(e), field }),
            1 => (inner.clone(), inner.clone()).prop_map(|(e, index)| Expr::Item { expr: Box::new(e), index: Box::new(index) }),
            1 => list().prop_map(Expr::Array),
            1 => prop::collection::vec((inner.clone(), inner.clone()), 1..3).prop_map(Expr::Map),
            1 => list().prop_map(Expr::Row),]
    })
}

// ---- CREATE TABLE ----

fn column_kind() -> impl Strategy<Value = ColumnKind> {
    prop_oneof![
        3 => data_type().prop_map(|data_type| ColumnKind::Physical { data_type, primary_key: None }),
        1 => (data_type(), optional(awkward_text()), any::<bool>())
            .prop_map(|(data_type, key, is_virtual)| ColumnKind::Metadata { data_type, key, is_virtual }),
        2 => expr().prop_map(|expr| ColumnKind::Computed { expr }),]
}

/// Columns with distinct names.
fn columns() -> impl Strategy<Value = Vec<Column>> {
    prop::collection::vec((ident(), column_kind(), optional(awkward_text())), 0..5).prop_map(|columns| {
        let mut seen = std::collections::HashSet::new();
        columns
            .into_iter()
            .filter(|(name, _, _)| seen.insert(name.clone()))
            .map(|(name, kind, comment)| Column { name, kind, comment })
            .collect()
    })
}

fn like_option() -> impl Strategy<Value = LikeOption> {
    use LikeFeature::*;
    (
        prop::sample::select(vec![
            MergingStrategy::Including,
            MergingStrategy::Excluding,
            MergingStrategy::Overwriting,
        ]),
        prop::sample::select(vec![
            All,
            Constraints,
            Partitions,
            Distribution,
            Generated,
            Options,
            Watermarks,
            Metadata,
        ]),
    )
        .prop_map(|(strategy, feature)| {
            let overwritable = matches!(feature, Generated | Options | Watermarks | Metadata);
            let strategy = if strategy == MergingStrategy::Overwriting && !overwritable {
                MergingStrategy::Including
            } else {
                strategy
            };
            LikeOption { strategy, feature }
        })
}

/// Queries of CTAS: balanced, with the characters the scanner must skip, and free of the
/// keywords that `keywords_parse_in_any_case` flips (the query is kept verbatim).
fn query() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "SELECT * FROM src",
        "SELECT a, b + 1 FROM src WHERE (c > 1)",
        "VALUES (1, 'a;b'), (2, ')')",
        "SELECT `x;y`, '(' FROM src /* ; ) */ WHERE f(a, (b)) = 2",
        "(SELECT 1)",
        "SELECT a -- trailing words ; )\n FROM src",
    ])
    .prop_map(str::to_string)
}

/// What a CREATE TABLE is made from, before the parts that depend on the columns are chosen.
fn table_source() -> impl Strategy<Value = (Option<TableLike>, Option<String>)> {
    let like = (object_name(), prop::collection::vec(like_option(), 0..4)).prop_map(|(source, options)| {
        let mut seen = Vec::new();
        let options = options
            .into_iter()
            .filter(|o| {
                !seen.contains(&o.feature) && {
                    seen.push(o.feature);
                    true
                }
            })
            .collect();
        TableLike { source, options }
    });
    prop_oneof![
        3 => Just((None, None)),
        1 => like.prop_map(|like| (Some(like), None)),
        1 => query().prop_map(|query| (None, Some(query))),]
}

/// A CREATE TABLE that passes the structural checks: distinct columns, one key on physical
/// columns, one watermark on a known column (or `$rowtime`), known partition and bucket columns.
pub fn arb_create_table() -> impl Strategy<Value = CreateTable> {
    (any::<bool>(), object_name(), columns(), table_source()).prop_flat_map(|(if_not_exists, name, columns, source)| {
        let names: Vec<Ident> = columns.iter().map(|c| c.name.clone()).collect();
        let physical: Vec<usize> =
            (0..columns.len()).filter(|&n| matches!(columns[n].kind, ColumnKind::Physical { .. })).collect();
        let free = source.0.is_some() || source.1.is_some();
        // Names a clause may use: the table's columns, or any name when LIKE or AS brings others.
        let name_pool = if free || names.is_empty() {
            prop::collection::vec(ident(), 1..3)
                .prop_map(|mut names| {
                    names.sort();
                    names.dedup();
                    names
                })
                .boxed()
        } else {
            prop::sample::subsequence(names.clone(), 1..=names.len().min(3)).boxed()
        };
        let usable = free || !names.is_empty();
        let key = (0u8..3, optional(ident()), prop::sample::subsequence(physical.clone(), 0..=physical.len().min(2)));
        let watermark_column = if free || names.is_empty() {
            prop_oneof![ident(), Just(Ident::new("$rowtime"))].boxed()
        } else {
            prop_oneof![prop::sample::select(names.clone()), Just(Ident::new("$rowtime"))].boxed()
        };
        let distribution = prop_oneof![
            Just(None),
            (any::<bool>(), name_pool.clone(), optional(1u32..=2_147_483_647))
                .prop_map(|(hash, columns, buckets)| Some(Distribution::By { hash, columns, buckets })),
            (1u32..=64).prop_map(|buckets| Some(Distribution::Into { buckets })),
        ];
        (
            Just((if_not_exists, name, columns, source)),
            key,
            optional((watermark_column, expr())),
            optional(awkward_text()),
            distribution,
            optional(name_pool),
            optional(option_list()),
            (any::<bool>(), optional(prop::collection::vec(ident(), 1..4))),
        )
            .prop_map(
                move |(
                    (if_not_exists, name, mut columns, (like, as_query)),
                    (key_kind, constraint_name, key_columns),
                    watermark,
                    comment,
                    distribution,
                    partitioned_by,
                    options,
                    (or_replace, column_names),
                )| {
                    let mut table = CreateTable::new(name);
                    table.if_not_exists = if_not_exists;
                    // OR REPLACE and IF NOT EXISTS exclude each other.
                    table.or_replace = or_replace && !if_not_exists;
                    match (key_kind, key_columns.first()) {
                        (1, Some(&n)) => {
                            if let ColumnKind::Physical { primary_key, .. } = &mut columns[n].kind {
                                *primary_key = Some(InlinePrimaryKey { constraint_name });
                            }
                        }
                        (2, Some(_)) => {
                            let key_names = key_columns.iter().map(|&n| columns[n].name.clone()).collect();
                            table.primary_key = Some(PrimaryKey { constraint_name, columns: key_names });
                        }
                        _ => {}
                    }
                    table.columns = columns;
                    table.watermark = watermark.map(|(column, expr)| Watermark { column, expr });
                    table.comment = comment;
                    table.distribution = if usable {
                        distribution
                    } else {
                        distribution.filter(|d| matches!(d, Distribution::Into { .. }))
                    };
                    table.partitioned_by = if usable { partitioned_by.unwrap_or_default() } else { Vec::new() };
                    table.options = options.unwrap_or_default();
                    table.like = like;
                    table.as_query = as_query;
                    // A CTAS may name the query's columns instead of defining any elements.
                    if let (Some(_), Some(mut names)) = (&table.as_query, column_names) {
                        names.sort();
                        names.dedup();
                        table.column_names = names;
                        table.columns.clear();
                        table.primary_key = None;
                        table.watermark = None;
                    }
                    // Without LIKE or AS the element list is required: give it a column.
                    if table.like.is_none() && table.as_query.is_none() && table.columns.is_empty() {
                        table.columns.push(Column {
                            name: Ident::new("only_column"),
                            kind: ColumnKind::Physical { data_type: DataType::new(TypeKind::Int), primary_key: None },
                            comment: None,
                        });
                        table.watermark = None;
                        table.primary_key = None;
                    }
                    table
                },
            )
    })
}

/// A `REPLACE TABLE ... AS query`: a CREATE TABLE with a query, without OR REPLACE, IF NOT
/// EXISTS or LIKE.
fn arb_replace_table() -> impl Strategy<Value = Statement> {
    (arb_create_table(), query()).prop_map(|(mut table, query)| {
        table.or_replace = false;
        table.if_not_exists = false;
        table.like = None;
        table.as_query.get_or_insert(query);
        Statement::ReplaceTable(Box::new(table))
    })
}

/// `[ (FROM | IN) [catalog.]database ]` of the SHOW statements.
pub fn from_database() -> impl Strategy<Value = Option<FromDatabase>> {
    let keyword = prop_oneof![Just(FromOrIn::From), Just(FromOrIn::In)];
    proptest::option::of(
        (keyword, proptest::option::of(ident()), ident()).prop_map(|(keyword, catalog, database)| FromDatabase {
            keyword,
            catalog,
            database,
        }),
    )
}

fn arb_table_statement() -> impl Strategy<Value = Statement> {
    let filter = like_filter();
    prop_oneof![
        (any::<bool>(), object_name())
            .prop_map(|(if_exists, name)| Statement::DropTable(DropTable { if_exists, name })),
        (any::<bool>(), object_name())
            .prop_map(|(extended, name)| Statement::DescribeTable(DescribeTable { extended, name })),
        (from_database(), filter).prop_map(|(from, filter)| Statement::ShowTables(ShowTables { from, filter })),
        object_name().prop_map(|name| Statement::ShowCreateTable(ShowCreateTable { name })),
    ]
}

// ---- Models, tools and agents ----

/// True when `name` would read as a name and a version (`m$2`, `m$ALL`): such a text is never a
/// model's own name.
fn ends_like_a_version(name: &str) -> bool {
    match name.rfind('$') {
        Some(at) if at > 0 => {
            let suffix = &name[at + 1..];
            suffix.eq_ignore_ascii_case("all") || (!suffix.is_empty() && suffix.bytes().all(|b| b.is_ascii_digit()))
        }
        _ => false,
    }
}

/// A model's own name: an object name whose last part does not end like a version.
pub fn model_object_name() -> impl Strategy<Value = ObjectName> {
    object_name().prop_filter("a model name cannot end like a version", |n| !ends_like_a_version(n.name().as_str()))
}

/// A model name with no version, a number or `$all`.
fn model_name(all: bool) -> impl Strategy<Value = ModelName> {
    let version = if all {
        prop_oneof![Just(None), (1u32..200).prop_map(|n| Some(ModelVersion::Number(n))), Just(Some(ModelVersion::All))]
            .boxed()
    } else {
        prop_oneof![Just(None), (1u32..200).prop_map(|n| Some(ModelVersion::Number(n)))].boxed()
    };
    (model_object_name(), version).prop_map(|(name, version)| ModelName { name, version })
}

/// INPUT or OUTPUT columns: physical, with distinct names.
fn model_columns() -> impl Strategy<Value = Vec<Column>> {
    prop::collection::vec((ident(), data_type(), optional(awkward_text())), 0..4).prop_map(|columns| {
        let mut seen = std::collections::HashSet::new();
        columns
            .into_iter()
            .filter(|(name, _, _)| seen.insert(name.clone()))
            .map(|(name, data_type, comment)| Column {
                name,
                kind: ColumnKind::Physical { data_type, primary_key: None },
                comment,
            })
            .collect()
    })
}

/// Option keys without repeats, for RESET.
fn reset_keys() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(option_key(), 1..4).prop_map(|keys| {
        let mut seen = std::collections::HashSet::new();
        keys.into_iter().filter(|k| seen.insert(k.to_lowercase().replace('_', "-"))).collect()
    })
}

fn alter_action() -> impl Strategy<Value = AlterAction> {
    prop_oneof![
        option_list().prop_map(AlterAction::Set),
        reset_keys().prop_map(AlterAction::Reset),
        object_name().prop_map(AlterAction::RenameTo),
    ]
}

/// Names without repeats (USING TOOLS, USING AGENTS).
fn distinct_names(min: usize) -> impl Strategy<Value = Vec<ObjectName>> {
    prop::collection::vec(object_name(), min..4).prop_map(|names| {
        let mut out: Vec<ObjectName> = Vec::new();
        for name in names {
            if !out.contains(&name) {
                out.push(name);
            }
        }
        out
    })
}

fn arb_model_statement() -> impl Strategy<Value = Statement> {
    let filter = like_filter;
    prop_oneof![
        (any::<bool>(), model_object_name(), model_columns(), model_columns(), optional(awkward_text()), option_list())
            .prop_map(|(if_not_exists, name, input, output, comment, options)| {
                Statement::CreateModel(Box::new(CreateModel { if_not_exists, name, input, output, comment, options }))
            }),
        (any::<bool>(), model_name(false), alter_action())
            .prop_map(|(if_exists, model, action)| Statement::AlterModel(AlterModel { if_exists, model, action })),
        (any::<bool>(), model_name(true))
            .prop_map(|(if_exists, model)| Statement::DropModel(DropModel { if_exists, model })),
        model_name(true).prop_map(|model| Statement::DescribeModel(DescribeModel { model })),
        (from_database(), filter()).prop_map(|(from, filter)| Statement::ShowModels(ShowModels { from, filter })),
        model_object_name().prop_map(|name| Statement::ShowCreateModel(ShowCreateModel { name })),
    ]
}

fn arb_tool_statement() -> impl Strategy<Value = Statement> {
    let source =
        prop_oneof![object_name().prop_map(ToolSource::Connection), object_name().prop_map(ToolSource::Function),];
    prop_oneof![
        (any::<bool>(), object_name(), source, optional(awkward_text()), option_list()).prop_map(
            |(if_not_exists, name, source, comment, options)| {
                Statement::CreateTool(Box::new(CreateTool { if_not_exists, name, source, comment, options }))
            }
        ),
        (any::<bool>(), object_name(), alter_action())
            .prop_map(|(if_exists, name, action)| Statement::AlterTool(AlterTool { if_exists, name, action })),
        (any::<bool>(), object_name()).prop_map(|(if_exists, name)| Statement::DropTool(DropTool { if_exists, name })),
        object_name().prop_map(|name| Statement::DescribeTool(DescribeTool { name })),
        (from_database(), like_filter()).prop_map(|(from, filter)| Statement::ShowTools(ShowTools { from, filter })),
        object_name().prop_map(|name| Statement::ShowCreateTool(ShowCreateTool { name })),
    ]
}

fn arb_agent_statement() -> impl Strategy<Value = Statement> {
    let definition = prop_oneof![
        (model_name(false), awkward_text(), distinct_names(0))
            .prop_map(|(model, prompt, tools)| AgentDefinition::Model { model, prompt, tools }),
        distinct_names(1).prop_map(AgentDefinition::Agents),
    ];
    let options = prop_oneof![Just(OptionList::new()), option_list()];
    let action = prop_oneof![
        model_name(false).prop_map(AlterAgentAction::SetModel),
        awkward_text().prop_map(AlterAgentAction::SetPrompt),
        object_name().prop_map(AlterAgentAction::AddTool),
        object_name().prop_map(AlterAgentAction::RemoveTool),
        option_list().prop_map(AlterAgentAction::SetOptions),
    ];
    prop_oneof![
        (any::<bool>(), object_name(), definition, optional(awkward_text()), options).prop_map(
            |(if_not_exists, name, definition, comment, options)| {
                Statement::CreateAgent(Box::new(CreateAgent { if_not_exists, name, definition, comment, options }))
            }
        ),
        (any::<bool>(), object_name(), action)
            .prop_map(|(if_exists, name, action)| Statement::AlterAgent(AlterAgent { if_exists, name, action })),
        (any::<bool>(), object_name())
            .prop_map(|(if_exists, name)| Statement::DropAgent(DropAgent { if_exists, name })),
        object_name().prop_map(|name| Statement::DescribeAgent(DescribeAgent { name })),
        (from_database(), like_filter()).prop_map(|(from, filter)| Statement::ShowAgents(ShowAgents { from, filter })),
        object_name().prop_map(|name| Statement::ShowCreateAgent(ShowCreateAgent { name })),
    ]
}
