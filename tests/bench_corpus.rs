//! The benches' corpora (`benches/support/corpus.rs`) are valid: every generated statement parses,
//! alone and in the script, so the benches measure parsing, never error paths.

#[path = "../benches/support/corpus.rs"]
mod corpus;

use corpus::{ai_corpus, connection_corpus, nested_table, table_corpus, Corpus, CORPUS_BYTES, SEED};

fn assert_all_parse(corpus: &Corpus) {
    for (n, statement) in corpus.statements.iter().enumerate() {
        if let Err(e) = flink_ddl::parse_statement(statement) {
            panic!("{} statement {n} does not parse: {e}\n{statement}", corpus.name);
        }
    }
    let script = corpus.script();
    assert_eq!(flink_ddl::parse(&script).map(|s| s.len()), Ok(corpus.statements.len()));
    assert!(script.len() >= CORPUS_BYTES, "{} is {} bytes", corpus.name, script.len());
}

#[test]
fn every_connection_statement_parses() {
    let corpus = connection_corpus(CORPUS_BYTES, SEED);
    assert_all_parse(&corpus);
    // Every kind and every type is there.
    let script = corpus.script().to_ascii_uppercase();
    for kind in ["CREATE CONNECTION", "CREATE OR REPLACE", "ALTER CONNECTION", "DROP CONNECTION", "DESC CONNECTION"] {
        assert!(script.contains(kind), "{kind}");
    }
    for kind in ["DESCRIBE CONNECTION", "SHOW CONNECTIONS", "SHOW CREATE CONNECTION", "-- ", "/* ", "``"] {
        assert!(script.contains(kind), "{kind}");
    }
    // The 19 types of the dialect, spelt out here: the language crate has no list of them.
    for name in [
        "openai",
        "azureml",
        "azureopenai",
        "anthropic",
        "fireworksai",
        "a2a",
        "bedrock",
        "sagemaker",
        "googleai",
        "vertexai",
        "mongodb",
        "elastic",
        "pinecone",
        "couchbase",
        "confluent_jdbc",
        "rest",
        "mcp_server",
        "cosmosdb",
        "s3vectors",
    ] {
        let needle = format!("'TYPE' = '{}'", name.to_ascii_uppercase());
        assert!(script.contains(&needle), "{needle}");
    }
}

#[test]
fn every_table_statement_parses() {
    let corpus = table_corpus(CORPUS_BYTES, SEED);
    assert_all_parse(&corpus);
    let script = corpus.script().to_ascii_uppercase();
    for part in ["ROW<", "ROW(", "MAP<", "ARRAY<", "MULTISET<", " AS CAST(", "CASE WHEN", " METADATA", "WATERMARK FOR"]
    {
        assert!(script.contains(part), "{part}");
    }
    for part in ["PRIMARY KEY", "DISTRIBUTED BY", "DISTRIBUTED INTO", "WITH (", "DROP TABLE", "SHOW TABLES", "DESC "] {
        assert!(script.contains(part), "{part}");
    }
}

#[test]
fn every_model_tool_and_agent_statement_parses() {
    let corpus = ai_corpus(CORPUS_BYTES, SEED);
    assert_all_parse(&corpus);
    let script = corpus.script().to_ascii_uppercase();
    for part in ["CREATE MODEL", "INPUT (", "OUTPUT (", "ALTER MODEL", "RESET (", "RENAME TO", "DROP MODEL", "$ALL"] {
        assert!(script.contains(part), "{part}");
    }
    for part in ["CREATE TOOL", "USING CONNECTION", "USING FUNCTION", "ALTER TOOL", "CREATE AGENT", "USING AGENTS"] {
        assert!(script.contains(part), "{part}");
    }
    for part in
        ["USING TOOLS", "SET PROMPT", "ADD TOOL", "REMOVE TOOL", "SHOW CREATE AGENT", "DESC TOOL", "SHOW MODELS"]
    {
        assert!(script.contains(part), "{part}");
    }
    // A legacy inline credential is held as a secret.
    let statements = flink_ddl::parse(&corpus.script()).unwrap();
    assert!(statements.iter().any(|s| s.to_string().to_ascii_lowercase().contains(".api_key' = '<redacted>'")));
}

#[test]
fn the_generators_are_deterministic() {
    assert_eq!(connection_corpus(64 * 1024, SEED).statements, connection_corpus(64 * 1024, SEED).statements);
    assert_eq!(table_corpus(64 * 1024, SEED).statements, table_corpus(64 * 1024, SEED).statements);
    assert_eq!(ai_corpus(64 * 1024, SEED).statements, ai_corpus(64 * 1024, SEED).statements);
    assert_ne!(table_corpus(64 * 1024, SEED).statements, table_corpus(64 * 1024, SEED + 1).statements);
}

#[test]
fn nested_tables_parse_up_to_their_depth() {
    // 1000 levels recurse deeper than a test thread's default stack is meant for.
    let run = || {
        let parser = flink_ddl::Parser::new().with_max_depth(2000);
        for levels in [10, 100, 1000] {
            assert!(parser.parse(&nested_table(levels)).is_ok(), "{levels}");
        }
    };
    std::thread::Builder::new().stack_size(64 << 20).spawn(run).unwrap().join().unwrap();
}
