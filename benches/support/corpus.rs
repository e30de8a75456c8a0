//! Deterministic corpus generators for the benches (`benches/parse.rs`, `benches/alloc.rs`) and
//! for the test that every generated statement parses (`tests/bench_corpus.rs`).
//!
//! Two corpora of about 10 MB each, from a fixed seed, so every run measures the same text:
//! - [`connection_corpus`]: the connection statements over all 19 types, every statement kind,
//!   with comments, quoted and qualified names, keywords in any case and realistic option lists.
//! - [`table_corpus`]: CREATE TABLE statements with wide column lists, nested types (ROW, MAP,
//!   ARRAY, MULTISET), computed columns (CAST, CASE, calls, arithmetic, predicates), metadata
//!   columns, watermarks, primary keys, DISTRIBUTED BY, COMMENT and WITH options.
//!
//! The random numbers come from SplitMix64 (`flink_ddl_testkit::Rng`, a dozen lines), so the
//! corpora depend on no crate's version. Each bench target includes this file with `#[path]`; not every target uses
//! every item.
#![allow(dead_code)]

use std::collections::HashSet;
use std::fmt::Write as _;

use flink_ddl_testkit::Rng;

/// The size each corpus is generated to.
pub const CORPUS_BYTES: usize = 10 * 1024 * 1024;

/// The seed of the benches' corpora.
pub const SEED: u64 = 0x05EE_DF11_ADD1_2026;

/// A generated corpus: statements, each without its `;`.
pub struct Corpus {
    pub name: &'static str,
    pub statements: Vec<String>,
}

impl Corpus {
    /// The statements as one script, each ended by `;` and a line break.
    pub fn script(&self) -> String {
        script_of(self.statements.iter().map(String::as_str))
    }

    /// The statements for which `keep` holds, as a new corpus.
    pub fn filter(&self, name: &'static str, keep: impl Fn(&str) -> bool) -> Corpus {
        Corpus { name, statements: self.statements.iter().filter(|s| keep(s)).cloned().collect() }
    }

    /// Total size of the script, in bytes.
    pub fn bytes(&self) -> usize {
        self.statements.iter().map(|s| s.len() + 2).sum()
    }
}

/// Statements joined into a script: each ended by `;` and a line break.
pub fn script_of<'a>(statements: impl IntoIterator<Item = &'a str>) -> String {
    let mut script = String::new();
    for statement in statements {
        script.push_str(statement);
        script.push_str(";\n");
    }
    script
}

// ---- Shared pieces ----

const HEX: &[u8] = b"0123456789abcdef";
const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";

/// How a statement spells its keywords.
#[derive(Clone, Copy)]
enum Case {
    Upper,
    Lower,
    Title,
}

impl Case {
    fn random(rng: &mut Rng) -> Case {
        match rng.below(10) {
            0..=6 => Case::Upper,
            7 | 8 => Case::Lower,
            _ => Case::Title,
        }
    }

    /// `words` (upper case, space-separated) in this case.
    fn apply(self, words: &str) -> String {
        match self {
            Case::Upper => words.to_owned(),
            Case::Lower => words.to_ascii_lowercase(),
            Case::Title => {
                let mut after_space = true;
                words
                    .chars()
                    .map(|c| {
                        let out = if after_space { c } else { c.to_ascii_lowercase() };
                        after_space = c == ' ';
                        out
                    })
                    .collect()
            }
        }
    }
}

const COMMENT_TEXTS: &[&str] = &[
    "rotate credentials quarterly",
    "owned by the data platform team",
    "see runbook DP-1432",
    "TODO: move to the prod environment",
    "used by the enrichment pipeline",
    "created by terraform, do not edit by hand",
    "vector search backend for the support bot",
    "reviewed 2026-02-11",
];

/// A `-- line` or `/* block */` comment, or nothing.
fn leading_comment(rng: &mut Rng, out: &mut String) {
    match rng.below(10) {
        0..=2 => {
            let _ = writeln!(out, "-- {}", rng.pick(COMMENT_TEXTS));
        }
        3 => {
            let _ = writeln!(out, "/* {}\n   {} */", rng.pick(COMMENT_TEXTS), rng.pick(COMMENT_TEXTS));
        }
        _ => {}
    }
}

/// A string literal for `value`, with `'` doubled.
fn quoted(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

const NAME_WORDS: &[&str] = &[
    "openai",
    "crm",
    "vec_store",
    "billing",
    "search",
    "llm",
    "embeddings",
    "pg",
    "mongo",
    "events",
    "inference",
    "chat",
    "docs",
    "analytics",
    "support_bot",
    "ledger",
    "fraud",
    "recs",
    "geo",
    "catalog_api",
    "payments",
    "warehouse",
    "agent",
    "rag",
    "tickets",
    "claims",
    "pricing",
    "forecast",
];
const ENV_WORDS: &[&str] = &["env-prod", "env-dev", "env-3k9x2", "staging", "default", "analytics-env"];
const DB_WORDS: &[&str] = &["cluster_0", "`lkc-12ab9`", "sales", "core", "`lkc-7yq3p`", "ops"];

/// A connection or table name: 1 to 3 parts, some quoted.
fn object_name(rng: &mut Rng, suffix: usize) -> String {
    let base = rng.pick(NAME_WORDS);
    let name = match rng.below(12) {
        0 | 1 => format!("`{}-{}`", base.replace('_', "-"), suffix),
        2 => format!("`{base} {suffix}`"),
        3 => format!("`odd``{base}_{suffix}`"),
        4 => format!("{}{}", base.to_ascii_uppercase(), suffix),
        _ => format!("{base}_{suffix}"),
    };
    match rng.below(10) {
        0 => format!("{}.{}", rng.pick(DB_WORDS), name),
        1 => format!("`{}`.{}.{}", rng.pick(ENV_WORDS), rng.pick(DB_WORDS), name),
        _ => name,
    }
}

// ---- Connection statements ----

/// The 19 connection types (docs/dialect.md, "Connection types and their keys"): name, endpoint,
/// and how they authenticate.
struct TypeInfo {
    name: &'static str,
    endpoint: &'static str,
    auth: &'static [&'static [&'static str]],
    optional: &'static [&'static str],
}

const API_KEY: &[&str] = &["api-key"];
const BASIC: &[&str] = &["username", "password"];
const TOKEN: &[&str] = &["token"];
const OAUTH: &[&str] = &["token-endpoint", "client-id", "client-secret", "scope"];
const AWS: &[&str] = &["aws-access-key", "aws-secret-key"];

const TYPES: [TypeInfo; 19] = [
    TypeInfo {
        name: "openai",
        endpoint: "https://api.openai.com/v1/chat/completions",
        auth: &[API_KEY],
        optional: &[],
    },
    TypeInfo {
        name: "azureml",
        endpoint: "https://ml-ws.eastus2.inference.ml.azure.com/score",
        auth: &[API_KEY],
        optional: &[],
    },
    TypeInfo {
        name: "azureopenai",
        endpoint: "https://acme.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-08-01",
        auth: &[API_KEY],
        optional: &[],
    },
    TypeInfo { name: "anthropic", endpoint: "https://api.anthropic.com/v1/messages", auth: &[API_KEY], optional: &[] },
    TypeInfo {
        name: "fireworksai",
        endpoint: "https://api.fireworks.ai/inference/v1/chat/completions",
        auth: &[API_KEY],
        optional: &[],
    },
    TypeInfo {
        name: "a2a",
        endpoint: "https://agents.example.com/a2a",
        auth: &[API_KEY, BASIC, TOKEN, OAUTH],
        optional: &[],
    },
    TypeInfo {
        name: "bedrock",
        endpoint: "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3/invoke",
        auth: &[AWS],
        optional: &["aws-session-token"],
    },
    TypeInfo {
        name: "sagemaker",
        endpoint: "https://runtime.sagemaker.us-west-2.amazonaws.com/endpoints/churn-model/invocations",
        auth: &[AWS],
        optional: &["aws-session-token"],
    },
    TypeInfo {
        name: "googleai",
        endpoint: "https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-pro:generateContent",
        auth: &[API_KEY],
        optional: &[],
    },
    TypeInfo {
        name: "vertexai",
        endpoint:
            "https://us-central1-aiplatform.googleapis.com/v1/projects/acme/locations/us-central1/endpoints/42:predict",
        auth: &[&["service-key"]],
        optional: &[],
    },
    TypeInfo {
        name: "mongodb",
        endpoint: "mongodb+srv://cluster0.abcde.mongodb.net/sales",
        auth: &[BASIC],
        optional: &[],
    },
    TypeInfo {
        name: "elastic",
        endpoint: "https://search-01.es.us-east-1.aws.elastic.cloud:9243",
        auth: &[API_KEY, BASIC],
        optional: &[],
    },
    TypeInfo {
        name: "pinecone",
        endpoint: "https://products-idx-a1b2c3.svc.us-east1-gcp.pinecone.io/query",
        auth: &[API_KEY],
        optional: &[],
    },
    TypeInfo {
        name: "couchbase",
        endpoint: "couchbases://cb.k7l2m.cloud.couchbase.com",
        auth: &[BASIC],
        optional: &[],
    },
    TypeInfo {
        name: "confluent_jdbc",
        endpoint: "jdbc:postgresql://crm-db.internal.example.com:5432/crm?sslmode=require",
        auth: &[BASIC],
        optional: &[],
    },
    TypeInfo {
        name: "rest",
        endpoint: "https://api.partner.example.com/v2",
        auth: &[BASIC, TOKEN, OAUTH],
        optional: &[],
    },
    TypeInfo {
        name: "mcp_server",
        endpoint: "https://mcp.tools.example.com",
        auth: &[API_KEY, BASIC, TOKEN, OAUTH],
        optional: &["sse-endpoint", "transport-type"],
    },
    TypeInfo {
        name: "cosmosdb",
        endpoint: "https://acme-docs.documents.azure.com:443/",
        auth: &[API_KEY],
        optional: &[],
    },
    TypeInfo {
        name: "s3vectors",
        endpoint: "https://s3vectors.us-east-1.api.aws",
        auth: &[AWS],
        optional: &["aws-session-token"],
    },
];

/// A realistic value for credential key `key`.
fn credential_value(rng: &mut Rng, key: &str) -> String {
    match key {
        "api-key" => match rng.below(3) {
            0 => format!("sk-proj-{}", rng.text(ALNUM, 48)),
            1 => format!("pcsk_{}", rng.text(ALNUM, 32)),
            _ => rng.text(HEX, 32),
        },
        "aws-access-key" => format!("AKIA{}", rng.text(UPPER, 16)),
        "aws-secret-key" => rng.text(ALNUM, 40),
        "aws-session-token" => rng.text(ALNUM, 120),
        "service-key" => format!(
            "{{\"type\": \"service_account\", \"project_id\": \"acme-{}\", \"private_key_id\": \"{}\", \
             \"client_email\": \"flink@acme.iam.gserviceaccount.com\"}}",
            rng.text(LOWER, 6),
            rng.text(HEX, 40)
        ),
        "username" => format!("svc_{}", rng.text(LOWER, 8)),
        "password" => match rng.below(4) {
            0 => format!("p@ss'{}", rng.text(ALNUM, 12)),
            _ => rng.text(ALNUM, 20),
        },
        "token" => format!("ghp_{}", rng.text(ALNUM, 36)),
        "token-endpoint" => "https://login.example.com/oauth2/v2.0/token".to_owned(),
        "client-id" => format!("{}-{}-{}", rng.text(HEX, 8), rng.text(HEX, 4), rng.text(HEX, 12)),
        "client-secret" => rng.text(ALNUM, 40),
        "scope" => (rng.pick(&["api://default/.default", "read write", "inference"])).to_owned(),
        "sse-endpoint" => "https://mcp.tools.example.com/events".to_owned(),
        "transport-type" => (rng.pick(&["SSE", "STREAMABLE_HTTP", "sse"])).to_owned(),
        _ => rng.text(ALNUM, 16),
    }
}

/// How a credential key is spelt: mostly canonical, sometimes upper case or with `_`.
fn key_spelling(rng: &mut Rng, key: &str) -> String {
    match rng.below(10) {
        0 => key.to_ascii_uppercase().replace('-', "_"),
        1 => key.replace('-', "_"),
        _ => key.to_owned(),
    }
}

/// `( 'k' = 'v', ... )`, on one line or one option per line.
fn option_list(rng: &mut Rng, pairs: &[(String, String)], out: &mut String) {
    let multiline = rng.chance(40);
    out.push('(');
    for (n, (key, value)) in pairs.iter().enumerate() {
        if n > 0 {
            out.push(',');
            if !multiline {
                out.push(' ');
            }
        }
        if multiline {
            out.push_str("\n  ");
            if rng.chance(5) {
                let _ = write!(out, "-- {}\n  ", rng.pick(COMMENT_TEXTS));
            }
        }
        let _ = write!(out, "{} = {}", quoted(key), quoted(value));
    }
    if multiline {
        out.push('\n');
    }
    out.push(')');
}

/// Credential pairs for one auth method of `info`, plus some optional keys.
fn credentials(rng: &mut Rng, info: &TypeInfo, all: bool) -> Vec<(String, String)> {
    let method = info.auth[rng.below(info.auth.len())];
    let mut keys: Vec<&str> = method.to_vec();
    for optional in info.optional {
        if rng.chance(40) {
            keys.push(optional);
        }
    }
    if !all {
        let keep = rng.range(1, keys.len());
        keys.truncate(keep);
    }
    keys.iter().map(|key| (key_spelling(rng, key), credential_value(rng, key))).collect()
}

fn create_connection(rng: &mut Rng, n: usize, out: &mut String) {
    let case = Case::random(rng);
    let info = &TYPES[rng.below(TYPES.len())];
    out.push_str(&case.apply("CREATE"));
    let if_not_exists = match rng.below(10) {
        0 | 1 => {
            out.push(' ');
            out.push_str(&case.apply("OR REPLACE"));
            false
        }
        2 | 3 => true,
        _ => false,
    };
    out.push(' ');
    out.push_str(&case.apply("CONNECTION"));
    if if_not_exists {
        out.push(' ');
        out.push_str(&case.apply("IF NOT EXISTS"));
    }
    let _ = write!(out, " {}", object_name(rng, n));
    if rng.chance(25) {
        let _ = write!(out, " {} {}", case.apply("COMMENT"), quoted(rng.pick(COMMENT_TEXTS)));
    }
    let _ = write!(out, "\n{} ", case.apply("WITH"));
    let type_name = match rng.below(3) {
        0 => info.name.to_ascii_uppercase(),
        _ => info.name.to_owned(),
    };
    let type_key = if rng.chance(10) { "TYPE" } else { "type" };
    let mut pairs = vec![(type_key.to_owned(), type_name), ("endpoint".to_owned(), info.endpoint.to_owned())];
    pairs.extend(credentials(rng, info, true));
    option_list(rng, &pairs, out);
}

fn alter_connection(rng: &mut Rng, n: usize, out: &mut String) {
    let case = Case::random(rng);
    let info = &TYPES[rng.below(TYPES.len())];
    out.push_str(&case.apply("ALTER CONNECTION"));
    if rng.chance(30) {
        let _ = write!(out, " {}", case.apply("IF EXISTS"));
    }
    let _ = write!(out, " {} {} ", object_name(rng, n), case.apply("SET"));
    let pairs = credentials(rng, info, false);
    option_list(rng, &pairs, out);
}

fn drop_connection(rng: &mut Rng, n: usize, out: &mut String) {
    let case = Case::random(rng);
    out.push_str(&case.apply("DROP CONNECTION"));
    if rng.chance(40) {
        let _ = write!(out, " {}", case.apply("IF EXISTS"));
    }
    let _ = write!(out, " {}", object_name(rng, n));
}

fn describe_connection(rng: &mut Rng, n: usize, out: &mut String) {
    let case = Case::random(rng);
    out.push_str(&case.apply(if rng.chance(30) { "DESC CONNECTION" } else { "DESCRIBE CONNECTION" }));
    if rng.chance(30) {
        let _ = write!(out, " {}", case.apply("EXTENDED"));
    }
    let _ = write!(out, " {}", object_name(rng, n));
}

fn show_connections(rng: &mut Rng, out: &mut String) {
    let case = Case::random(rng);
    out.push_str(&case.apply("SHOW CONNECTIONS"));
    if rng.chance(60) {
        let filter = match rng.below(4) {
            0 => "LIKE",
            1 => "ILIKE",
            2 => "NOT LIKE",
            _ => "NOT ILIKE",
        };
        let pattern = match rng.below(4) {
            0 => format!("{}%", rng.pick(NAME_WORDS)),
            1 => format!("%{}%", rng.pick(NAME_WORDS)),
            2 => "tmp\\_%".to_owned(),
            _ => format!("{}_conn_%", rng.pick(NAME_WORDS)),
        };
        let _ = write!(out, " {} {}", case.apply(filter), quoted(&pattern));
    }
}

fn show_create_connection(rng: &mut Rng, n: usize, out: &mut String) {
    let case = Case::random(rng);
    let _ = write!(out, "{} {}", case.apply("SHOW CREATE CONNECTION"), object_name(rng, n));
}

/// About `target_bytes` of connection statements (script size), every kind and all 19 types.
pub fn connection_corpus(target_bytes: usize, seed: u64) -> Corpus {
    generate("connections", target_bytes, seed, |rng, n, statement| match rng.below(20) {
        0..=7 => create_connection(rng, n, statement),
        8..=10 => alter_connection(rng, n, statement),
        11 | 12 => drop_connection(rng, n, statement),
        13..=15 => describe_connection(rng, n, statement),
        16 | 17 => show_connections(rng, statement),
        _ => show_create_connection(rng, n, statement),
    })
}

/// Statements from `one` (given the generator, the statement's number and the text so far, a
/// leading comment perhaps) until the script is about `target_bytes` long.
fn generate(
    name: &'static str,
    target_bytes: usize,
    seed: u64,
    mut one: impl FnMut(&mut Rng, usize, &mut String),
) -> Corpus {
    let mut rng = Rng::new(seed);
    let mut statements = Vec::new();
    let mut bytes = 0;
    while bytes < target_bytes {
        let mut statement = String::new();
        leading_comment(&mut rng, &mut statement);
        one(&mut rng, statements.len(), &mut statement);
        // `Corpus::script` joins statements with ";\n".
        bytes += statement.len() + 2;
        statements.push(statement);
    }
    Corpus { name, statements }
}

// ---- CREATE TABLE ----

const COLUMN_WORDS: &[&str] = &[
    "order_id",
    "customer_id",
    "product_id",
    "amount",
    "price",
    "quantity",
    "status",
    "region",
    "country",
    "email",
    "created_ms",
    "payload",
    "device_id",
    "reading",
    "score",
    "category",
    "session_id",
    "url",
    "referrer",
    "user_agent",
    "latitude",
    "longitude",
    "currency",
    "discount",
    "sku",
    "warehouse",
    "carrier",
    "tracking_no",
    "channel",
    "campaign",
    "plan_tier",
    "balance",
    "risk_score",
    "merchant",
    "item_count",
    "note",
    "locale",
    "ip_address",
    "segment",
    "vendor",
];

const QUOTED_COLUMNS: &[&str] = &["`user-name`", "`timestamp`", "`value`", "`order date`", "`from`", "`Total $`"];

const SCALAR_TYPES: &[&str] = &[
    "STRING",
    "STRING",
    "STRING",
    "INT",
    "INT",
    "BIGINT",
    "BIGINT",
    "DOUBLE",
    "BOOLEAN",
    "DECIMAL(10, 2)",
    "DECIMAL(38, 18)",
    "VARCHAR(255)",
    "CHAR(3)",
    "TIMESTAMP(3)",
    "TIMESTAMP_LTZ(3)",
    "DATE",
    "TIME(3)",
    "BYTES",
    "FLOAT",
    "SMALLINT",
    "TINYINT",
    "VARBINARY(64)",
    "DOUBLE PRECISION",
    "TIMESTAMP(6) WITHOUT TIME ZONE",
    "TIMESTAMP(3) WITH LOCAL TIME ZONE",
    "INTEGER",
    "NUMERIC(20, 0)",
];

/// A data type; `depth` bounds nesting.
fn data_type(rng: &mut Rng, depth: usize, out: &mut String) {
    let nested = depth > 0 && rng.chance(22);
    if !nested {
        out.push_str(rng.pick(SCALAR_TYPES));
    } else {
        match rng.below(6) {
            0 | 1 => {
                out.push_str("ARRAY<");
                data_type(rng, depth - 1, out);
                out.push('>');
            }
            2 => {
                out.push_str("MAP<");
                out.push_str(rng.pick(&["STRING", "INT", "BIGINT"]));
                out.push_str(", ");
                data_type(rng, depth - 1, out);
                out.push('>');
            }
            3 => {
                out.push_str("MULTISET<");
                data_type(rng, depth - 1, out);
                out.push('>');
            }
            _ => {
                let angle = rng.chance(70);
                out.push_str(if angle { "ROW<" } else { "ROW(" });
                let fields = rng.range(1, 6);
                for f in 0..fields {
                    if f > 0 {
                        out.push_str(", ");
                    }
                    let _ = write!(out, "{}_{} ", rng.pick(COLUMN_WORDS), f);
                    data_type(rng, depth - 1, out);
                    if rng.chance(10) {
                        let _ = write!(out, " {}", quoted("field description"));
                    }
                }
                out.push(if angle { '>' } else { ')' });
            }
        }
    }
    if rng.chance(12) {
        out.push_str(" NOT NULL");
    }
}

const FUNCTIONS_1: &[&str] = &["UPPER", "LOWER", "ABS", "CHAR_LENGTH", "MD5", "SHA256", "LN", "FROM_UNIXTIME"];
const FUNCTIONS_2: &[&str] = &["COALESCE", "CONCAT", "JSON_VALUE", "TO_TIMESTAMP_LTZ", "DATE_FORMAT", "MOD", "POWER"];

/// An expression over `columns`; `depth` bounds nesting.
fn expression(rng: &mut Rng, columns: &[String], depth: usize, out: &mut String) {
    if depth == 0 {
        atom(rng, columns, out);
        return;
    }
    match rng.below(16) {
        0..=2 => {
            atom(rng, columns, out);
            let _ = write!(out, " {} ", rng.pick(&["+", "-", "*", "/", "%", "||"]));
            expression(rng, columns, depth - 1, out);
        }
        3 => {
            out.push_str(rng.pick(&["CAST(", "CAST(", "TRY_CAST("]));
            expression(rng, columns, depth - 1, out);
            out.push_str(" AS ");
            out.push_str(rng.pick(&["STRING", "INT", "BIGINT", "DOUBLE", "DECIMAL(12, 4)", "TIMESTAMP(3)", "DATE"]));
            out.push(')');
        }
        4 => {
            out.push_str("CASE");
            let searched = rng.chance(60);
            if !searched {
                out.push(' ');
                atom(rng, columns, out);
            }
            for _ in 0..rng.range(1, 4) {
                out.push_str(" WHEN ");
                if searched {
                    predicate(rng, columns, depth - 1, out);
                } else {
                    out.push_str(&quoted(&rng.text(UPPER, 4)));
                }
                out.push_str(" THEN ");
                expression(rng, columns, depth - 1, out);
            }
            if rng.chance(70) {
                out.push_str(" ELSE ");
                atom(rng, columns, out);
            }
            out.push_str(" END");
        }
        5 => {
            out.push_str(rng.pick(FUNCTIONS_1));
            out.push('(');
            expression(rng, columns, depth - 1, out);
            out.push(')');
        }
        6 => {
            out.push_str(rng.pick(FUNCTIONS_2));
            out.push('(');
            expression(rng, columns, depth - 1, out);
            out.push_str(", ");
            atom(rng, columns, out);
            out.push(')');
        }
        7 => {
            out.push('(');
            expression(rng, columns, depth - 1, out);
            out.push(')');
            let _ = write!(out, " {} ", rng.pick(&["*", "+", "-"]));
            atom(rng, columns, out);
        }
        8 => {
            out.push_str("IF(");
            predicate(rng, columns, depth - 1, out);
            out.push_str(", ");
            atom(rng, columns, out);
            out.push_str(", ");
            atom(rng, columns, out);
            out.push(')');
        }
        9 => predicate(rng, columns, depth - 1, out),
        10 => {
            let _ = write!(
                out,
                "{} + INTERVAL '{}' {}",
                column_of(rng, columns),
                rng.range(1, 90),
                rng.pick(&["DAY", "HOUR", "MINUTE", "SECOND"])
            );
        }
        11 => {
            let _ = write!(
                out,
                "EXTRACT({} FROM {})",
                rng.pick(&["YEAR", "MONTH", "DAY", "HOUR"]),
                column_of(rng, columns)
            );
        }
        12 => {
            let _ = write!(out, "{}[{}]", column_of(rng, columns), rng.range(1, 4));
        }
        13 => {
            let _ = write!(out, "-{}", column_of(rng, columns));
        }
        _ => atom(rng, columns, out),
    }
}

/// One of `columns`.
fn column_of<'a>(rng: &mut Rng, columns: &'a [String]) -> &'a str {
    &columns[rng.below(columns.len())]
}

/// A boolean expression.
fn predicate(rng: &mut Rng, columns: &[String], depth: usize, out: &mut String) {
    let column = column_of(rng, columns);
    match rng.below(8) {
        0 => {
            let _ = write!(out, "{column} IS {}NULL", if rng.chance(50) { "NOT " } else { "" });
        }
        1 => {
            let _ = write!(out, "{column} BETWEEN {} AND {}", rng.range(0, 50), rng.range(50, 1000));
        }
        2 => {
            let _ = write!(
                out,
                "{column} IN ('{}', '{}', '{}')",
                rng.text(UPPER, 2),
                rng.text(UPPER, 2),
                rng.text(UPPER, 2)
            );
        }
        3 => {
            let _ = write!(out, "{column} LIKE '%{}%'", rng.text(LOWER, 4));
        }
        4 if depth > 0 => {
            predicate(rng, columns, depth - 1, out);
            out.push_str(rng.pick(&[" AND ", " OR "]));
            predicate(rng, columns, depth - 1, out);
        }
        5 if depth > 0 => {
            out.push_str("NOT (");
            predicate(rng, columns, depth - 1, out);
            out.push(')');
        }
        _ => {
            let _ = write!(out, "{column} {} ", rng.pick(&["=", "<>", "<", "<=", ">", ">="]));
            atom(rng, columns, out);
        }
    }
}

/// A column reference or a literal.
fn atom(rng: &mut Rng, columns: &[String], out: &mut String) {
    match rng.below(10) {
        0..=5 => out.push_str(column_of(rng, columns)),
        6 => {
            let _ = write!(out, "{}", rng.range(0, 10_000));
        }
        7 => {
            let _ = write!(out, "{}.{}", rng.range(0, 999), rng.range(0, 99));
        }
        8 => out.push_str(&quoted(&rng.text(LOWER, 6))),
        _ => out.push_str(rng.pick(&["TRUE", "NULL", "CURRENT_TIMESTAMP", "1e3"])),
    }
}

/// What the WITH list of a table looks like.
fn table_options(rng: &mut Rng, out: &mut String) {
    let mut pairs: Vec<(String, String)> = Vec::new();
    match rng.below(4) {
        0 => {
            let connector =
                rng.pick(&["mongodb", "confluent-jdbc", "elastic", "pinecone", "rest", "cosmosdb", "couchbase"]);
            pairs.push(("connector".into(), (*connector).into()));
            pairs.push((format!("{connector}.connection"), format!("{}_conn", rng.pick(NAME_WORDS))));
            match connector {
                "mongodb" => {
                    pairs.push(("mongodb.database".into(), "sales".into()));
                    pairs.push(("mongodb.collection".into(), rng.pick(NAME_WORDS).to_string()));
                    pairs.push(("mongodb.index".into(), "vector_index".into()));
                }
                "confluent-jdbc" => pairs.push(("confluent-jdbc.table-name".into(), "orders".into())),
                "elastic" => pairs.push(("elastic.index".into(), "products".into())),
                _ => {}
            }
        }
        1 => {
            pairs.push(("connector".into(), "kafka".into()));
            pairs.push(("topic".into(), format!("{}.v1", rng.pick(NAME_WORDS))));
            pairs.push(("properties.bootstrap.servers".into(), "broker-1:9092,broker-2:9092".into()));
            pairs.push((
                "properties.sasl.jaas.config".into(),
                format!(
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"{}\" password=\"{}\";",
                    rng.text(UPPER, 16),
                    rng.text(ALNUM, 32)
                ),
            ));
            pairs.push(("format".into(), "json".into()));
        }
        _ => {
            let all: [(&str, &[&str]); 7] = [
                ("changelog.mode", &["append", "upsert", "retract"]),
                ("kafka.cleanup-policy", &["delete", "compact", "delete-compact"]),
                ("kafka.retention.time", &["7 d", "1 h", "0", "30 d"]),
                ("key.format", &["avro-registry", "json-registry", "raw"]),
                ("value.format", &["avro-registry", "json-registry", "proto-registry"]),
                ("scan.startup.mode", &["earliest-offset", "latest-offset", "group-offsets"]),
                ("value.fields-include", &["all", "except-key"]),
            ];
            for (key, values) in all {
                if rng.chance(55) {
                    pairs.push((key.into(), rng.pick(values).into()));
                }
            }
        }
    }
    if pairs.is_empty() {
        return;
    }
    out.push_str("\nWITH ");
    option_list(rng, &pairs, out);
}

/// One CREATE TABLE. A quarter are plain: physical columns of scalar types, an optional table
/// primary key and WITH options (what most SQL parsers accept).
fn create_table(rng: &mut Rng, n: usize, out: &mut String) {
    let plain = rng.chance(25);
    let case = Case::random(rng);
    out.push_str(&case.apply("CREATE TABLE"));
    if rng.chance(20) {
        let _ = write!(out, " {}", case.apply("IF NOT EXISTS"));
    }
    let _ = write!(out, " {} (", object_name(rng, n));
    let width = match rng.below(10) {
        0..=5 => rng.range(4, 20),
        6..=8 => rng.range(20, 50),
        _ => rng.range(50, 120),
    };
    let mut used = HashSet::new();
    let mut physical: Vec<String> = Vec::new();
    let mut elements: Vec<String> = Vec::new();
    let mut inline_key = false;
    let mut event_time = None;
    for c in 0..width {
        let mut name = if !plain && rng.chance(4) {
            (rng.pick(QUOTED_COLUMNS)).to_owned()
        } else {
            (rng.pick(COLUMN_WORDS)).to_owned()
        };
        if !used.insert(name.clone()) {
            name = match name.strip_suffix('`') {
                Some(quoted) => format!("{quoted}_{c}`"),
                None => format!("{name}_{c}"),
            };
            used.insert(name.clone());
        }
        let mut element = format!("{name} ");
        let kind = if plain || c < 3 { 0 } else { rng.below(10) };
        match kind {
            // Computed columns refer to the columns before them.
            7 | 8 if !physical.is_empty() => {
                element.push_str("AS ");
                let depth = rng.range(1, 4);
                expression(rng, &physical, depth, &mut element);
            }
            9 => {
                let (data_type, key) = rng.pick(&[
                    ("INT", "partition"),
                    ("BIGINT", "offset"),
                    ("STRING", "topic"),
                    ("TIMESTAMP_LTZ(3)", "timestamp"),
                    ("MAP<STRING, BYTES>", "headers"),
                    ("INT", "leader-epoch"),
                ]);
                let _ = write!(element, "{data_type} METADATA");
                if rng.chance(70) {
                    let _ = write!(element, " FROM {}", quoted(key));
                }
                if rng.chance(50) {
                    element.push_str(" VIRTUAL");
                }
            }
            _ => {
                if plain {
                    element.push_str(rng.pick(SCALAR_TYPES));
                } else {
                    data_type(rng, 3, &mut element);
                }
                if c == 0 && !plain && rng.chance(15) {
                    if !element.ends_with("NOT NULL") {
                        element.push_str(" NOT NULL");
                    }
                    element.push_str(" PRIMARY KEY NOT ENFORCED");
                    inline_key = true;
                }
                if !name.starts_with('`') {
                    physical.push(name.clone());
                }
            }
        }
        if !plain && rng.chance(8) {
            let _ = write!(element, " COMMENT {}", quoted(rng.pick(COMMENT_TEXTS)));
        }
        elements.push(element);
        if c == 2 && (plain || rng.chance(60)) {
            let time = format!("event_time_{n}");
            elements.push(format!("{time} {}", rng.pick(&["TIMESTAMP(3)", "TIMESTAMP_LTZ(3)"])));
            event_time = Some(time.clone());
            physical.push(time);
        }
    }
    if !plain {
        match (event_time.as_ref(), rng.below(4)) {
            (Some(time), 0..=2) => elements.push(format!(
                "WATERMARK FOR {time} AS {time} - INTERVAL '{}' {}",
                rng.range(1, 30),
                rng.pick(&["SECOND", "MINUTE"])
            )),
            (None, 0) => elements.push("WATERMARK FOR `$rowtime` AS SOURCE_WATERMARK()".to_owned()),
            _ => {}
        }
    }
    let key_columns: Vec<&String> = physical.iter().take(rng.range(1, 2)).collect();
    if !inline_key && rng.chance(40) {
        let name = if rng.chance(30) { format!("CONSTRAINT pk_{n} ") } else { String::new() };
        let columns = key_columns.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ");
        elements.push(format!("{name}PRIMARY KEY ({columns}) NOT ENFORCED"));
    }
    let multiline = rng.chance(70);
    for (e, element) in elements.iter().enumerate() {
        if e > 0 {
            out.push(',');
        }
        out.push_str(if multiline {
            "\n  "
        } else if e > 0 {
            " "
        } else {
            ""
        });
        out.push_str(element);
    }
    out.push_str(if multiline { "\n)" } else { ")" });
    if !plain {
        if rng.chance(15) {
            let _ = write!(out, " {} {}", case.apply("COMMENT"), quoted(rng.pick(COMMENT_TEXTS)));
        }
        match rng.below(10) {
            0..=3 => {
                let _ = write!(
                    out,
                    "\n{}({}) {}",
                    case.apply(if rng.chance(50) { "DISTRIBUTED BY HASH" } else { "DISTRIBUTED BY " }),
                    key_columns[0],
                    case.apply(&format!("INTO {} BUCKETS", rng.range(1, 12)))
                );
            }
            4 => {
                let _ = write!(out, "\n{}", case.apply(&format!("DISTRIBUTED INTO {} BUCKETS", rng.range(1, 12))));
            }
            _ => {}
        }
    }
    table_options(rng, out);
}

/// One of the other table statements: DROP TABLE, DESCRIBE, SHOW TABLES, SHOW CREATE TABLE.
fn table_statement(rng: &mut Rng, n: usize, out: &mut String) {
    let case = Case::random(rng);
    match rng.below(4) {
        0 => {
            out.push_str(&case.apply("DROP TABLE"));
            if rng.chance(40) {
                let _ = write!(out, " {}", case.apply("IF EXISTS"));
            }
            let _ = write!(out, " {}", object_name(rng, n));
        }
        1 => {
            out.push_str(&case.apply(if rng.chance(30) { "DESC" } else { "DESCRIBE" }));
            if rng.chance(30) {
                let _ = write!(out, " {}", case.apply("EXTENDED"));
            }
            let _ = write!(out, " {}", object_name(rng, n));
        }
        2 => {
            out.push_str(&case.apply("SHOW TABLES"));
            if rng.chance(60) {
                let filter = rng.pick(&["LIKE", "ILIKE", "NOT LIKE"]);
                let _ = write!(out, " {} {}", case.apply(filter), quoted(&format!("{}%", rng.pick(NAME_WORDS))));
            }
        }
        _ => {
            let _ = write!(out, "{} {}", case.apply("SHOW CREATE TABLE"), object_name(rng, n));
        }
    }
}

/// About `target_bytes` of CREATE TABLE statements (script size); one statement in ten is one of
/// the other table statements (DROP, DESCRIBE, SHOW TABLES, SHOW CREATE TABLE).
pub fn table_corpus(target_bytes: usize, seed: u64) -> Corpus {
    generate("tables", target_bytes, seed, |rng, n, statement| {
        if rng.chance(10) {
            table_statement(rng, n, statement);
        } else {
            create_table(rng, n, statement);
        }
    })
}

/// A computed column nested `levels` deep in parentheses, `((( a + 1 )))`, and an `ARRAY<` type
/// nested as deep: the nesting benches' input (each parenthesis and each `ARRAY<` is one level of
/// the depth budget).
pub fn nested_table(levels: usize) -> String {
    let inner = levels.saturating_sub(1);
    let mut sql = String::from("CREATE TABLE nested (a INT, e AS ");
    sql.push_str(&"(".repeat(inner));
    sql.push_str("a + 1");
    sql.push_str(&")".repeat(inner));
    sql.push_str(", t ");
    sql.push_str(&"ARRAY<".repeat(inner));
    sql.push_str("INT");
    sql.push_str(&">".repeat(inner));
    sql.push(')');
    sql
}

// ---- Models, tools and agents ----

const PROVIDERS: &[&str] =
    &["openai", "azureopenai", "azureml", "bedrock", "sagemaker", "googleai", "vertexai", "anthropic", "fireworksai"];
const TASKS: &[&str] = &["classification", "clustering", "embedding", "regression", "text_generation"];
const PROMPTS: &[&str] = &[
    "You triage support tickets. Use the tools to look tickets up.",
    "Answer POSITIVE, NEGATIVE or NEUTRAL only.",
    "Summarise the claim in two sentences; never guess a policy number.",
    "You are a pricing assistant: quote the list price, then the discount.",
    "Route the request to the team that owns the product; say why.",
];

/// A model, tool or agent name; with `version`, sometimes a model version (`name$2`, `$all`).
fn ai_name(rng: &mut Rng, n: usize, version: bool) -> String {
    let base = rng.pick(NAME_WORDS);
    let suffix = if version && rng.chance(30) {
        match rng.below(3) {
            0 => "$all".to_owned(),
            _ => format!("${}", rng.range(1, 10)),
        }
    } else {
        String::new()
    };
    let name = match rng.below(10) {
        0 => format!("`{}-{n}{suffix}`", base.replace('_', "-")),
        1 => format!("{}{n}{suffix}", base.to_ascii_uppercase()),
        _ => format!("{base}_{n}{suffix}"),
    };
    match rng.below(10) {
        0 => format!("{}.{}", rng.pick(DB_WORDS), name),
        1 => format!("`{}`.{}.{}", rng.pick(ENV_WORDS), rng.pick(DB_WORDS), name),
        _ => name,
    }
}

/// `INPUT (...)` or `OUTPUT (...)`: one to four columns, some with a comment.
fn model_columns(rng: &mut Rng, case: Case, keyword: &str, out: &mut String) {
    let _ = write!(out, "\n{} (", case.apply(keyword));
    let mut names = HashSet::new();
    for c in 0..rng.range(1, 4) {
        let name = rng.pick(COLUMN_WORDS);
        if !names.insert(name) {
            continue;
        }
        if c > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{name} ");
        if rng.chance(15) {
            out.push_str("ARRAY<FLOAT>");
        } else {
            out.push_str(rng.pick(&["STRING", "STRING", "DOUBLE", "INT", "BOOLEAN"]));
        }
        if rng.chance(15) {
            let _ = write!(out, " {} {}", case.apply("COMMENT"), quoted(rng.pick(COMMENT_TEXTS)));
        }
    }
    out.push(')');
}

fn create_model(rng: &mut Rng, n: usize, out: &mut String) {
    let case = Case::random(rng);
    out.push_str(&case.apply("CREATE MODEL"));
    if rng.chance(20) {
        let _ = write!(out, " {}", case.apply("IF NOT EXISTS"));
    }
    let _ = write!(out, " {}", ai_name(rng, n, false));
    if rng.chance(80) {
        model_columns(rng, case, "INPUT", out);
    }
    if rng.chance(80) {
        model_columns(rng, case, "OUTPUT", out);
    }
    if rng.chance(30) {
        let _ = write!(out, "\n{} {}", case.apply("COMMENT"), quoted(rng.pick(COMMENT_TEXTS)));
    }
    let provider = rng.pick(PROVIDERS);
    let upper = rng.chance(15);
    let key = |k: &str| if upper { k.to_ascii_uppercase() } else { k.to_owned() };
    let mut pairs = vec![
        (key("provider"), (*provider).to_owned()),
        (key("task"), rng.pick(TASKS).to_string()),
        (key(&format!("{provider}.connection")), format!("{}-conn", rng.pick(NAME_WORDS))),
    ];
    if rng.chance(50) {
        pairs.push((key(&format!("{provider}.system_prompt")), rng.pick(PROMPTS).to_string()));
    }
    if rng.chance(40) {
        pairs
            .push((key(&format!("{provider}.model_version")), rng.pick(&["gpt-4o-mini", "v2", "2026-01"]).to_string()));
    }
    if rng.chance(20) {
        pairs.push((key(&format!("{provider}.params.max_tokens")), rng.range(64, 4096).to_string()));
    }
    if rng.chance(10) {
        // A legacy inline credential: masked like any secret.
        pairs.push((key(&format!("{provider}.api_key")), credential_value(rng, "api-key")));
    }
    out.push_str("\nWITH ");
    option_list(rng, &pairs, out);
}

/// `SET (...)`, `RESET ('k', ...)` or `RENAME TO name` of ALTER MODEL and ALTER TOOL.
fn alter_change(rng: &mut Rng, case: Case, n: usize, keys: &[&str], out: &mut String) {
    match rng.below(5) {
        0..=2 => {
            let _ = write!(out, " {} ", case.apply("SET"));
            let count = rng.range(1, keys.len().min(3));
            let pairs: Vec<(String, String)> =
                (0..count).map(|_| (rng.pick(keys).to_string(), rng.text(ALNUM, 12))).collect();
            let mut seen = HashSet::new();
            let pairs: Vec<_> = pairs.into_iter().filter(|(k, _)| seen.insert(k.clone())).collect();
            option_list(rng, &pairs, out);
        }
        3 => {
            let _ = write!(out, " {} ({})", case.apply("RESET"), quoted(rng.pick(keys)));
        }
        _ => {
            let _ = write!(out, " {} {}", case.apply("RENAME TO"), ai_name(rng, n + 1, false));
        }
    }
}

fn alter_model(rng: &mut Rng, n: usize, out: &mut String) {
    let case = Case::random(rng);
    out.push_str(&case.apply("ALTER MODEL"));
    if rng.chance(25) {
        let _ = write!(out, " {}", case.apply("IF EXISTS"));
    }
    let name = ai_name(rng, n, false);
    if rng.chance(20) {
        let _ = write!(out, " {name} {} ({} = {})", case.apply("SET"), quoted("default_version"), quoted("2"));
        return;
    }
    out.push(' ');
    out.push_str(&name);
    alter_change(rng, case, n, &["openai.system_prompt", "openai.model_version", "openai.params.temperature"], out);
}

fn create_tool(rng: &mut Rng, n: usize, out: &mut String) {
    let case = Case::random(rng);
    out.push_str(&case.apply("CREATE TOOL"));
    if rng.chance(20) {
        let _ = write!(out, " {}", case.apply("IF NOT EXISTS"));
    }
    let _ = writeln!(out, " {}", ai_name(rng, n, false));
    let pairs = match rng.below(3) {
        0 => {
            let _ = write!(out, "{} {}", case.apply("USING FUNCTION"), object_name(rng, n));
            vec![("type".to_owned(), "function".to_owned()), ("description".to_owned(), rng.pick(PROMPTS).to_string())]
        }
        1 => {
            let _ = write!(out, "{} {}", case.apply("USING CONNECTION"), object_name(rng, n));
            vec![("type".to_owned(), "a2a".to_owned())]
        }
        _ => {
            let _ = write!(out, "{} {}", case.apply("USING CONNECTION"), object_name(rng, n));
            vec![
                ("type".to_owned(), "mcp".to_owned()),
                ("allowed_tools".to_owned(), "find_ticket,close_ticket,lookup_order".to_owned()),
                ("request_timeout".to_owned(), rng.range(5, 120).to_string()),
            ]
        }
    };
    if rng.chance(30) {
        let _ = write!(out, "\n{} {}", case.apply("COMMENT"), quoted(rng.pick(COMMENT_TEXTS)));
    }
    out.push_str("\nWITH ");
    option_list(rng, &pairs, out);
}

fn alter_tool(rng: &mut Rng, n: usize, out: &mut String) {
    let case = Case::random(rng);
    out.push_str(&case.apply("ALTER TOOL"));
    if rng.chance(25) {
        let _ = write!(out, " {}", case.apply("IF EXISTS"));
    }
    let _ = write!(out, " {}", ai_name(rng, n, false));
    alter_change(rng, case, n, &["allowed_tools", "request_timeout", "description"], out);
}

/// `a, b, c`: one to four names.
fn name_list(rng: &mut Rng, n: usize, out: &mut String) {
    for k in 0..rng.range(1, 4) {
        if k > 0 {
            out.push_str(", ");
        }
        out.push_str(&ai_name(rng, n + k, false));
    }
}

fn create_agent(rng: &mut Rng, n: usize, out: &mut String) {
    let case = Case::random(rng);
    out.push_str(&case.apply("CREATE AGENT"));
    if rng.chance(20) {
        let _ = write!(out, " {}", case.apply("IF NOT EXISTS"));
    }
    let _ = write!(out, " {}", ai_name(rng, n, false));
    if rng.chance(20) {
        let _ = write!(out, "\n{} ", case.apply("USING AGENTS"));
        name_list(rng, n, out);
    } else {
        let _ = write!(out, "\n{} {}", case.apply("USING MODEL"), ai_name(rng, n, false));
        let _ = write!(out, "\n{} {}", case.apply("USING PROMPT"), quoted(rng.pick(PROMPTS)));
        if rng.chance(60) {
            let _ = write!(out, "\n{} ", case.apply("USING TOOLS"));
            name_list(rng, n, out);
        }
    }
    if rng.chance(30) {
        let _ = write!(out, "\n{} {}", case.apply("COMMENT"), quoted(rng.pick(COMMENT_TEXTS)));
    }
    if rng.chance(70) {
        let mut pairs = vec![("max_iterations".to_owned(), rng.range(1, 20).to_string())];
        if rng.chance(50) {
            pairs.push(("max_consecutive_failures".to_owned(), rng.range(1, 5).to_string()));
        }
        if rng.chance(50) {
            pairs.push(("description".to_owned(), rng.pick(COMMENT_TEXTS).to_string()));
        }
        out.push_str("\nWITH ");
        option_list(rng, &pairs, out);
    }
}

fn alter_agent(rng: &mut Rng, n: usize, out: &mut String) {
    let case = Case::random(rng);
    out.push_str(&case.apply("ALTER AGENT"));
    if rng.chance(25) {
        let _ = write!(out, " {}", case.apply("IF EXISTS"));
    }
    let _ = write!(out, " {} ", ai_name(rng, n, false));
    match rng.below(5) {
        0 => {
            let _ = write!(out, "{} {}", case.apply("SET MODEL"), ai_name(rng, n, false));
        }
        1 => {
            let _ = write!(out, "{} {}", case.apply("SET PROMPT"), quoted(rng.pick(PROMPTS)));
        }
        2 => {
            let _ = write!(out, "{} {}", case.apply("ADD TOOL"), ai_name(rng, n, false));
        }
        3 => {
            let _ = write!(out, "{} {}", case.apply("REMOVE TOOL"), ai_name(rng, n, false));
        }
        _ => {
            let _ = write!(out, "{} ", case.apply("SET"));
            let pairs = [("max_iterations".to_owned(), rng.range(1, 20).to_string())];
            option_list(rng, &pairs, out);
        }
    }
}

/// DROP, DESCRIBE, SHOW and SHOW CREATE of a model, tool or agent.
fn ai_small_statement(rng: &mut Rng, n: usize, out: &mut String) {
    let case = Case::random(rng);
    let (kind, kinds) = rng.pick(&[("MODEL", "MODELS"), ("TOOL", "TOOLS"), ("AGENT", "AGENTS")]);
    let versioned = kind == "MODEL";
    match rng.below(4) {
        0 => {
            let _ = write!(out, "{} {kind}", case.apply("DROP"));
            if rng.chance(40) {
                let _ = write!(out, " {}", case.apply("IF EXISTS"));
            }
            let _ = write!(out, " {}", ai_name(rng, n, versioned));
        }
        1 => {
            let describe = if rng.chance(30) { "DESC" } else { "DESCRIBE" };
            let _ = write!(out, "{} {kind} {}", case.apply(describe), ai_name(rng, n, versioned));
        }
        2 => {
            let _ = write!(out, "{} {kinds}", case.apply("SHOW"));
            if rng.chance(40) {
                let from = rng.pick(&["FROM", "IN"]);
                let _ = write!(out, " {} {}", case.apply(from), rng.pick(DB_WORDS));
            }
            if rng.chance(50) {
                let filter = rng.pick(&["LIKE", "ILIKE", "NOT LIKE"]);
                let _ = write!(out, " {} {}", case.apply(filter), quoted(&format!("{}%", rng.pick(NAME_WORDS))));
            }
        }
        _ => {
            let _ = write!(out, "{} {kind} {}", case.apply("SHOW CREATE"), ai_name(rng, n, false));
        }
    }
}

/// About `target_bytes` of the statements of models, tools and agents (script size). sqlparser-rs
/// parses none of them, so this corpus is measured for flink-ddl alone.
pub fn ai_corpus(target_bytes: usize, seed: u64) -> Corpus {
    generate("ai", target_bytes, seed, |rng, n, statement| match rng.below(20) {
        0..=4 => create_model(rng, n, statement),
        5 | 6 => alter_model(rng, n, statement),
        7..=9 => create_tool(rng, n, statement),
        10 => alter_tool(rng, n, statement),
        11..=13 => create_agent(rng, n, statement),
        14 | 15 => alter_agent(rng, n, statement),
        _ => ai_small_statement(rng, n, statement),
    })
}
